"""Assessment figures from `AssignmentFact`s: per unit, per category, per territory.

Public API (stable; `hotline.analytics` reads it):

- `unit_metrics(start, end, *, units=None, category=None, territory=None, now=None) -> dict[int, Figures]`
  figures per unit id;
- `category_metrics(start, end, *, units=None, category=None, territory=None, now=None) -> dict[int | None, Figures]`
  the same per top-level category id;
- `territory_metrics(start, end, *, level="street", units=None, category=None, territory=None, now=None)
  -> dict[int | None, Figures]` the same per district / street / community id of the case's place;
- `drilldown(metric, unit, start, end, *, user=None, category=None, territory=None, now=None) -> QuerySet[Case]`
  the cases behind one figure (`METRICS` lists the names); read through
  `cases.access.visible_cases(user)` when a person reads it;
- `Figures`: counts and the rates as properties (None when nothing to measure).

The period is the half-open range of local dates [start, end) on `AssignmentFact.period`
(the day a round was dispatched): a month is `(date(2026, 11, 1), date(2026, 12, 1))`.
Facts of cases excluded as unreasonable demands are left out of every figure.

The figures (a "round" is one unit's part in one dispatch of a case):
- response rate (响应率) = rounds signed for or returned by the sign-for deadline /
  rounds answered, or still unanswered past that deadline;
- on-time completion rate (按时办结率) = rounds replied by the reply deadline (after any
  approved extension) / rounds replied, or unreplied past the deadline;
- resolution rate (解决率) and satisfaction rate (满意率) = rounds the citizen called
  "resolved" / "satisfied or basically satisfied" at the centre's callback / rounds rated
  (the citizen rates the lead unit's answer; "unreachable" is not a rating);
- return rate, unjustified return rate (the return ruled unjustified at arbitration) and
  extension rate per round; reopen rate per replied round; overdue = rounds replied late
  or still open past their deadline; average handling time = dispatch → reply.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import (
    Count,
    Q,
    QuerySet,
    Sum,
)

from hotline import clock
from hotline.cases.access import visible_cases
from hotline.cases.models import Case as CaseModel
from hotline.catalog.models import Category
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit

from .models import AssignmentFact


def _response_due(now) -> Q:
    return Q(signed_in_time__isnull=False) | Q(active=True, responded_at__isnull=True, sign_due_at__lt=now)


def _completion_due(now) -> Q:
    return Q(completed_in_time__isnull=False) | Q(active=True, due_at__lt=now)


def _overdue(now) -> Q:
    return Q(completed_in_time=False) | Q(active=True, due_at__lt=now)


def _late_response(now) -> Q:
    return Q(signed_in_time=False) | Q(active=True, responded_at__isnull=True, sign_due_at__lt=now)


# The cases behind each figure: name → condition on the facts (given the clock).
METRICS: dict[str, Any] = {
    "cases": lambda now: Q(),
    "responded_in_time": lambda now: Q(signed_in_time=True),
    "responded_late": _late_response,
    "completed_in_time": lambda now: Q(completed_in_time=True),
    "overdue": _overdue,
    "resolved": lambda now: Q(resolved=True),
    "unresolved": lambda now: Q(resolved=False),
    "satisfied": lambda now: Q(satisfied=True),
    "unsatisfied": lambda now: Q(satisfied=False),
    "returned": lambda now: Q(returned=True),
    "unjustified_return": lambda now: Q(unjustified_return=True),
    "reopened": lambda now: Q(reopened=True),
    "extended": lambda now: Q(extended=True),
    "fake_closure": lambda now: Q(fake_closure=True),
    "excluded": lambda now: Q(),  # facts of excluded cases (see drilldown)
}


@dataclass
class Figures:
    key: int | None = None
    cases: int = 0
    rounds: int = 0
    response_due: int = 0
    responded_in_time: int = 0
    completion_due: int = 0
    completed_in_time: int = 0
    rated: int = 0
    resolved: int = 0
    satisfied: int = 0
    returned: int = 0
    unjustified_returns: int = 0
    reopened: int = 0
    extended: int = 0
    replied: int = 0
    overdue: int = 0
    fake_closures: int = 0
    avg_handling_seconds: float | None = None
    # Difficulty-weighted sums, filled for scoring only (`scoring`).
    weight: float = 0.0
    w_response_due: float = 0.0
    w_responded_in_time: float = 0.0
    w_completion_due: float = 0.0
    w_completed_in_time: float = 0.0
    w_rated: float = 0.0
    w_resolved: float = 0.0
    w_satisfied: float = 0.0

    @staticmethod
    def _ratio(a: float, b: float) -> float | None:
        return a / b if b else None

    @property
    def response_rate(self) -> float | None:
        return self._ratio(self.responded_in_time, self.response_due)

    @property
    def completion_rate(self) -> float | None:
        return self._ratio(self.completed_in_time, self.completion_due)

    @property
    def resolution_rate(self) -> float | None:
        return self._ratio(self.resolved, self.rated)

    @property
    def satisfaction_rate(self) -> float | None:
        return self._ratio(self.satisfied, self.rated)

    @property
    def return_rate(self) -> float | None:
        return self._ratio(self.returned, self.rounds)

    @property
    def unjustified_return_rate(self) -> float | None:
        return self._ratio(self.unjustified_returns, self.rounds)

    @property
    def reopen_rate(self) -> float | None:
        return self._ratio(self.reopened, self.replied)

    @property
    def extension_rate(self) -> float | None:
        return self._ratio(self.extended, self.rounds)

    @property
    def avg_handling_hours(self) -> float | None:
        return None if self.avg_handling_seconds is None else self.avg_handling_seconds / 3600

    def as_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("w_") and f.name != "weight"}
        for name in ("response_rate", "completion_rate", "resolution_rate", "satisfaction_rate", "return_rate",
                     "unjustified_return_rate", "reopen_rate", "extension_rate", "avg_handling_hours"):
            out[name] = getattr(self, name)
        return out


def _unit_id(unit) -> int:
    return unit.pk if isinstance(unit, Unit) else int(unit)


def facts_in(start: dt.date, end: dt.date, *, units=None, category: Category | None = None,
             territory: Unit | None = None, excluded: bool = False) -> QuerySet[AssignmentFact]:
    """The facts of rounds dispatched in [start, end), filtered; excluded cases left out."""
    qs = AssignmentFact.objects.filter(period__gte=start, period__lt=end, excluded=excluded)
    if units is not None:
        qs = qs.filter(unit_id__in=[_unit_id(u) for u in units])
    if category is not None:
        qs = qs.filter(category__path__startswith=category.path)
    if territory is not None:
        field = {UnitKind.DISTRICT: "district_id", UnitKind.STREET: "street_id",
                 UnitKind.COMMUNITY: "community_id"}.get(territory.kind)
        qs = qs.filter(**{field: territory.pk}) if field else qs.none()
    return qs


WEIGHT_KEYS = ("complexity", "units_involved", "repeat", "supervised")
WEIGHTED = {  # weighted sum → the plain count it weighs
    "w_response_due": "response_due", "w_responded_in_time": "responded_in_time",
    "w_completion_due": "completion_due", "w_completed_in_time": "completed_in_time",
    "w_rated": "rated", "w_resolved": "resolved", "w_satisfied": "satisfied",
}


def round_weight(scheme, complexity, units_involved: int, repeat: bool, supervised: bool) -> float:
    """A round's difficulty (see `scoring`): applied per difficulty class."""
    return (float(complexity) * (1.0 + float(scheme.multi_unit_bonus) * (units_involved - 1))
            * (1.0 + float(scheme.repeat_bonus) if repeat else 1.0)
            * (1.0 + float(scheme.supervised_bonus) if supervised else 1.0))


def aggregate(qs: QuerySet[AssignmentFact], key: str, *, now: dt.datetime | None = None,
              scheme=None) -> dict[int | None, Figures]:
    """One grouped query: the figures of `qs` per value of `key` (weighted with a scheme).

    Only plain filtered counts run in the database (no DISTINCT, no per-row arithmetic,
    so PostgreSQL hashes the groups). With a scheme, the rows are also grouped by the
    few columns a difficulty weight depends on, and the weights are applied here:
    Σw·x = Σ over difficulty classes of w(class) × count(class).
    """
    now = now or clock.now()
    counts = {
        "cases": Count("id", filter=Q(first_for_unit=True)),
        "rounds": Count("id"),
        "response_due": Count("id", filter=_response_due(now)),
        "responded_in_time": Count("id", filter=Q(signed_in_time=True)),
        "completion_due": Count("id", filter=_completion_due(now)),
        "completed_in_time": Count("id", filter=Q(completed_in_time=True)),
        "rated": Count("id", filter=Q(satisfied__isnull=False)),
        "resolved": Count("id", filter=Q(resolved=True)),
        "satisfied": Count("id", filter=Q(satisfied=True)),
        "returned": Count("id", filter=Q(returned=True)),
        "unjustified_returns": Count("id", filter=Q(unjustified_return=True)),
        "reopened": Count("id", filter=Q(reopened=True)),
        "extended": Count("id", filter=Q(extended=True)),
        "replied": Count("id", filter=Q(replied_at__isnull=False)),
        "overdue": Count("id", filter=_overdue(now)),
        "fake_closures": Count("id", filter=Q(fake_closure=True)),
        "handling_n": Count("handling_seconds"),
        "handling_sum": Sum("handling_seconds"),
    }
    group = [key, *WEIGHT_KEYS] if scheme is not None else [key]
    # Aliased: several figures share a name with a fact column ("resolved"...).
    aliased = {f"agg_{name}": expression for name, expression in counts.items()}
    totals: dict[int | None, dict[str, float]] = {}
    for row in qs.order_by().values(*group).annotate(**aliased):
        k = row[key]
        values = {name: row[f"agg_{name}"] or 0 for name in counts}
        acc = totals.setdefault(k, dict.fromkeys([*counts, "weight", *WEIGHTED], 0))
        for name, value in values.items():
            acc[name] += value
        if scheme is not None:
            w = round_weight(scheme, row["complexity"], row["units_involved"], row["repeat"], row["supervised"])
            acc["weight"] += w * values["rounds"]
            for weighted, plain in WEIGHTED.items():
                acc[weighted] += w * values[plain]
    out: dict[int | None, Figures] = {}
    for k, acc in totals.items():
        n, total = acc.pop("handling_n"), acc.pop("handling_sum")
        out[k] = Figures(key=k, avg_handling_seconds=total / n if n else None,
                         **{name: (int(v) if name in counts else v) for name, v in acc.items()})
    return out


def unit_metrics(start: dt.date, end: dt.date, *, units=None, category: Category | None = None,
                 territory: Unit | None = None, now: dt.datetime | None = None) -> dict[int, Figures]:
    """Figures per unit id for rounds dispatched in [start, end)."""
    qs = facts_in(start, end, units=units, category=category, territory=territory)
    return aggregate(qs, "unit_id", now=now)  # type: ignore[return-value]


def category_metrics(start: dt.date, end: dt.date, *, units=None, category: Category | None = None,
                     territory: Unit | None = None, now: dt.datetime | None = None) -> dict[int | None, Figures]:
    """Figures per top-level category id (None: uncategorised)."""
    qs = facts_in(start, end, units=units, category=category, territory=territory)
    return aggregate(qs, "category_top_id", now=now)


TERRITORY_KEYS = {"district": "district_id", "street": "street_id", "community": "community_id"}


def territory_metrics(start: dt.date, end: dt.date, *, level: str = "street", units=None,
                      category: Category | None = None, territory: Unit | None = None,
                      now: dt.datetime | None = None) -> dict[int | None, Figures]:
    """Figures per district, street or community of the cases' place (None: not placed)."""
    if level not in TERRITORY_KEYS:
        raise ValueError(f"unknown territory level {level!r}")
    qs = facts_in(start, end, units=units, category=category, territory=territory)
    return aggregate(qs, TERRITORY_KEYS[level], now=now)


def drilldown(metric: str, unit, start: dt.date, end: dt.date, *, user=None, category: Category | None = None,
              territory: Unit | None = None, now: dt.datetime | None = None) -> QuerySet[CaseModel]:
    """The cases behind one figure of `unit` (a Unit, an id, or None for all units).

    With `user`, only the cases that person may see (`cases.access.visible_cases`).
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    now = now or clock.now()
    units = None if unit is None else [unit]
    facts = facts_in(start, end, units=units, category=category, territory=territory,
                     excluded=metric == "excluded").filter(METRICS[metric](now))
    cases = visible_cases(user) if user is not None else CaseModel.objects.all()
    return cases.filter(pk__in=facts.values("case_id")).order_by("-registered_at")
