"""Scores that reward solving hard problems and cannot be gamed, and honest rankings.

Public API (stable; `hotline.analytics` reads it):

- `score(figures, *, scheme, reference_weight) -> Score | None` one unit's score from its
  difficulty-weighted `Figures` (None when it has no rounds);
- `rankings(start, end, level, *, within=None, category=None, now=None, scheme=None) -> Ranking`
  the units of one assessment level ranked on [start, end) (local dates, end excluded);
  `level` is one of `scope.LEVELS` ("department", "district", "street", "community",
  or "sub" for the units under `within`);
- `excluded_cases(start, end, *, units=None, user=None) -> list[ExcludedCase]` the
  cases left out as unreasonable demands, with who decided, when and why (for audit).

The formula (weights are the active `ScoreWeights` row, edited in the admin):

1. Each round has a difficulty weight
   w = category complexity × (1 + b_units × (units involved − 1))
       × (1 + b_repeat if the case repeats a closed one) × (1 + b_supervised if supervised).
2. Four difficulty-weighted rates: satisfaction S, resolution R, on-time completion C,
   response P, each Σw(success) / Σw(measured). Failing a hard case costs more than
   failing an easy one, so solving only the easy cases of a queue does not keep a rate up.
3. quality = 100 × (s_S·S + s_R·R + s_C·C + s_P·P) / (sum of the shares of the rates
   that could be measured). Default shares 40 / 25 / 20 / 15: the citizens' evaluation
   (S) is the largest single share, and S + R (what the citizen said at callback) is 65%.
4. difficulty factor D = (mean w of the unit's rounds) / (mean w of all rounds of the
   units ranked together), kept within [floor, cap] (default 0.8 – 1.25): a unit that
   takes the hard cases gains up to 25%, a unit with only easy ones loses up to 20%.
5. penalties = p_fake × fake closures / rated rounds + p_return × unjustified returns /
   rounds (default 50 points each at a rate of 100%: one fake closure in ten rated rounds
   costs 5 points). A fake closure is a reply that the callback, the second callback or a
   repeat of the same problem found unresolved.
6. score = max(0, quality × D − penalties), one decimal.

Volume earns nothing: every term is a rate or a mean per (weighted) round, never a sum.
A unit with fewer cases than `min_sample` is listed as "not ranked (too few cases)",
with its figures, below the ranked ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from hotline import clock
from hotline.cases.access import visible_cases
from hotline.cases.models import CaseEvent
from hotline.catalog.models import Category
from hotline.orgs.models import Unit

from . import callbacks, scope
from .metrics import Figures, aggregate, facts_in
from .models import AssignmentFact, ScoreWeights


@dataclass
class Score:
    total: float
    quality: float
    difficulty_factor: float
    penalties: float
    mean_weight: float
    rates: dict[str, float | None]


def _clamp(value: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, value))


def score(figures: Figures, *, scheme: ScoreWeights, reference_weight: float) -> Score | None:
    if not figures.rounds:
        return None
    rates = {
        "satisfaction": Figures._ratio(figures.w_satisfied, figures.w_rated),
        "resolution": Figures._ratio(figures.w_resolved, figures.w_rated),
        "completion": Figures._ratio(figures.w_completed_in_time, figures.w_completion_due),
        "response": Figures._ratio(figures.w_responded_in_time, figures.w_response_due),
    }
    shares = {
        "satisfaction": scheme.satisfaction_share, "resolution": scheme.resolution_share,
        "completion": scheme.completion_share, "response": scheme.response_share,
    }
    measured = {k: shares[k] for k, v in rates.items() if v is not None}
    total_share = sum(measured.values())
    quality = 100 * sum(shares[k] * rates[k] for k in measured) / total_share if total_share else 0.0
    mean_weight = figures.weight / figures.rounds
    factor = _clamp(mean_weight / reference_weight if reference_weight else 1.0,
                    float(scheme.difficulty_floor), float(scheme.difficulty_cap))
    penalties = 0.0
    if figures.rated:
        penalties += float(scheme.fake_closure_penalty) * figures.fake_closures / figures.rated
    penalties += float(scheme.unjustified_return_penalty) * figures.unjustified_returns / figures.rounds
    total = max(0.0, quality * factor - penalties)
    return Score(round(total, 1), round(quality, 1), round(factor, 3), round(penalties, 1),
                 round(mean_weight, 3), rates)


@dataclass
class RankRow:
    unit: Unit
    figures: Figures
    score: Score | None
    ranked: bool
    rank: int | None = None
    disagreement: callbacks.Disagreement | None = None

    @property
    def flagged(self) -> bool:
        return bool(self.disagreement and self.disagreement.flagged)


@dataclass
class Ranking:
    start: dt.date
    end: dt.date
    level: str
    within: Unit | None
    scheme: ScoreWeights
    rows: list[RankRow] = field(default_factory=list)

    @property
    def ranked(self) -> list[RankRow]:
        return [r for r in self.rows if r.ranked]

    @property
    def unranked(self) -> list[RankRow]:
        return [r for r in self.rows if not r.ranked]


def rankings(start: dt.date, end: dt.date, level: str, *, within: Unit | None = None,
             category: Category | None = None, now: dt.datetime | None = None,
             scheme: ScoreWeights | None = None) -> Ranking:
    """Rank the units of `level` (under `within`) on rounds dispatched in [start, end).

    Three queries whatever the number of units: the units, one grouped aggregate of
    their facts, the second-callback disagreements.
    """
    scheme = scheme or ScoreWeights.current()
    units = list(scope.units_for(level, within))
    result = Ranking(start, end, level, within, scheme)
    if not units:
        return result
    figures = aggregate(facts_in(start, end, units=units, category=category), "unit_id",
                        now=now or clock.now(), scheme=scheme)
    total_weight = sum(f.weight for f in figures.values())
    total_rounds = sum(f.rounds for f in figures.values())
    reference = total_weight / total_rounds if total_rounds else 1.0
    disagreements = callbacks.disagreements(start, end, units=units, scheme=scheme)
    for unit in units:
        fig = figures.get(unit.pk) or Figures(key=unit.pk)
        ranked = fig.cases >= scheme.min_sample
        result.rows.append(RankRow(unit, fig, score(fig, scheme=scheme, reference_weight=reference), ranked,
                                   disagreement=disagreements.get(unit.pk)))
    result.rows.sort(key=lambda r: (not r.ranked, -(r.score.total if r.score and r.ranked else 0), r.unit.path))
    for index, row in enumerate(result.ranked, start=1):
        row.rank = index
    return result


@dataclass
class ExcludedCase:
    case_id: int
    number: str
    unit_names: list[str]
    reason: str
    decided_at: dt.datetime | None
    decided_by: str


def excluded_cases(start: dt.date, end: dt.date, *, units=None, user=None) -> list[ExcludedCase]:
    """Cases with rounds in [start, end) left out as unreasonable demands (three queries)."""
    facts: QuerySet[AssignmentFact] = facts_in(start, end, units=units, excluded=True)
    names: dict[int, list[str]] = {}
    for case_id, unit_name in facts.values_list("case_id", "unit__name").order_by("case_id", "round"):
        if unit_name not in names.setdefault(case_id, []):
            names[case_id].append(unit_name)
    cases = visible_cases(user) if user is not None else None
    numbers = dict((cases if cases is not None else _all_cases()).filter(pk__in=list(names))
                   .values_list("pk", "number"))
    decisions: dict[int, CaseEvent] = {}
    for event in (CaseEvent.objects.filter(case_id__in=list(numbers), verb="assessment_excluded")
                  .select_related("actor").order_by("case_id", "seq")):
        decisions[event.case_id] = event  # the latest exclusion of each case
    out = []
    for case_id, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        event = decisions.get(case_id)
        out.append(ExcludedCase(
            case_id, number, names.get(case_id, []), str((event.data or {}).get("reason", "")) if event else "",
            event.at if event else None, str(event.actor) if event and event.actor else "",
        ))
    return out


def _all_cases():
    from hotline.cases.models import Case

    return Case.objects.all()
