"""What the leaders' dashboard shows, built without HTTP so tests and the bench can call it.

Volumes come from `sources.source_for` (rollup or scoped cases); overdue and supervised
cases are read live through `cases.access`; hotspots come from `hotspots` when that app
provides them (`extras`). Rankings are computed by `assessment` and fetched by the page
as a fragment of their own (`rankings_panel`), so the figures here never wait for a
ranking. The number of queries
is fixed: it does not grow with the cases, the days or the places shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from hotline import clock
from hotline.cases.access import visible_cases
from hotline.cases.choices import CaseType, Channel, Status
from hotline.catalog.models import Category
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit
from hotline.supervision.choices import ItemStatus
from hotline.supervision.models import SupervisionItem

from . import extras
from .periods import Filters
from .sources import sees_city, source_for

LIST_SIZE = 10
CATEGORY_LINES = 6
HEAT_LEVELS = 5
OVERDUE_STATES = [s for s in Status.open_states() if s != Status.REPLIED]


@dataclass
class Dashboard:
    filters: Filters
    city_wide: bool
    total: int = 0
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    heat: list[dict[str, Any]] = field(default_factory=list)
    series: dict[str, Any] = field(default_factory=dict)
    category_series: dict[str, Any] = field(default_factory=dict)
    overdue_count: int = 0
    overdue: list = field(default_factory=list)
    supervised_count: int = 0
    supervised: list = field(default_factory=list)
    rankings: bool = False  # the assessment app answers: the page fetches the panel
    hotspots: Any = None

    def chart_data(self) -> dict[str, Any]:
        """The JSON the page's script draws from (no markup, no code)."""
        return {
            "series": self.series,
            "category_series": self.category_series,
            "categories": [{"name": n, "value": v} for n, v in self.by_category],
            "channels": [{"name": n, "value": v} for n, v in self.by_channel],
            "heat": [
                {"name": d["name"], "value": d["total"],
                 "children": [{"name": s["name"], "value": s["n"]} for s in d["streets"]]}
                for d in self.heat
            ],
        }


def _place_names() -> dict[int, str]:
    kinds = [UnitKind.DISTRICT, UnitKind.STREET]
    return dict(Unit.objects.filter(kind__in=kinds).values_list("pk", "name"))


def _level(n: int, top: int) -> int:
    return 0 if not top or not n else max(1, -(-n * HEAT_LEVELS // top))


def _heat(rows: list[tuple]) -> list[dict[str, Any]]:
    """District → streets with counts and a 0–5 shade for the heat table."""
    names = _place_names()
    top = max((r[2] for r in rows), default=0)
    districts: dict[int, dict[str, Any]] = {}
    for district, street, n in rows:
        d = districts.setdefault(district, {"id": district, "name": names.get(district, "—"), "total": 0,
                                            "streets": []})
        d["total"] += n
        d["streets"].append({"id": street, "name": names.get(street, "—"), "n": n, "level": _level(n, top)})
    for d in districts.values():
        d["streets"].sort(key=lambda s: -s["n"])
    return sorted(districts.values(), key=lambda d: -d["total"])


def _lines(filters: Filters, rows: list[tuple], labels: dict, order: list, other: str | None = None) -> dict[str, Any]:
    """Per-day counts of each series (rows are (day, key, n)); keys outside `order` go to `other`."""
    days = filters.days()
    index = {d: i for i, d in enumerate(days)}
    lines: dict[Any, list[int]] = defaultdict(lambda: [0] * len(days))
    for day, key, n in rows:
        if day in index:
            lines[key if key in order or other is None else other][index[day]] += n
    keys = [k for k in order if k in lines] + ([other] if other is not None and other in lines else [])
    return {
        "days": [f"{d:%m-%d}" for d in days],
        "lines": [{"name": str(labels.get(k, k)), "data": lines[k]} for k in keys],
    }


def _series(filters: Filters, rows: list[tuple]) -> dict[str, Any]:
    return _lines(filters, rows, dict(Channel.choices), list(Channel.values))


def _category_series(filters: Filters, rows: list[tuple], names: dict[int, str], ranked: list[int]) -> dict[str, Any]:
    """The biggest top-level categories day by day, the rest together as "other"."""
    labels = {**names, 0: _("Unclassified"), -1: _("Other categories")}
    return _lines(filters, rows, labels, ranked[:CATEGORY_LINES], other=-1)


def _scoped(user, filters: Filters):
    qs = visible_cases(user)
    if filters.district is not None:
        qs = qs.filter(district=filters.district)
    if filters.street is not None:
        qs = qs.filter(street=filters.street)
    return qs


def overdue_cases(user, filters: Filters):
    return _scoped(user, filters).filter(status__in=OVERDUE_STATES, due_at__lt=clock.now())


def supervised_items(user, filters: Filters):
    cases = _scoped(user, filters).filter(pk=OuterRef("case_id"))
    return SupervisionItem.objects.filter(status=ItemStatus.PENDING).filter(Exists(cases))


def build(user, filters: Filters) -> Dashboard:
    board = Dashboard(filters=filters, city_wide=sees_city(user))
    source = source_for(user, filters)
    channel_labels, type_labels = dict(Channel.choices), dict(CaseType.choices)

    board.by_channel = [(str(channel_labels.get(c, c)), n) for c, n in source.group("channel")]
    board.by_channel.sort(key=lambda r: -r[1])
    board.total = sum(n for _label, n in board.by_channel)
    board.by_type = sorted(((str(type_labels.get(t, t)), n) for t, n in source.group("case_type")),
                           key=lambda r: -r[1])
    cats = sorted(source.group("category"), key=lambda r: -r[1])
    names = dict(Category.objects.filter(level=1).values_list("pk", "name"))
    board.by_category = [(names.get(c, "—") if c else str(_("Unclassified")), n) for c, n in cats]
    board.heat = _heat(source.group("district", "street"))
    board.series = _series(filters, source.group("day", "channel"))
    board.category_series = _category_series(filters, source.group("day", "category"), names, [c for c, _n in cats])

    overdue = overdue_cases(user, filters)
    board.overdue_count = overdue.count()
    board.overdue = list(overdue.select_related("lead_unit", "category").order_by("due_at")[:LIST_SIZE])
    supervised = supervised_items(user, filters)
    board.supervised_count = supervised.count()
    board.supervised = list(
        supervised.select_related("case", "unit", "order").order_by("due_at", "pk")[:LIST_SIZE]
    )
    board.rankings = extras.has_rankings()
    board.hotspots = extras.hotspots(user, filters)
    return board


def district_choices() -> list[dict[str, Any]]:
    """Districts with their streets, for the area filter (one query)."""
    units = Unit.objects.filter(kind__in=[UnitKind.DISTRICT, UnitKind.STREET], is_active=True).order_by("path")
    districts: dict[int, dict[str, Any]] = {}
    streets = []
    for u in units:
        if u.kind == UnitKind.DISTRICT:
            districts[u.pk] = {"unit": u, "streets": []}
        else:
            streets.append(u)
    for s in streets:
        if s.parent_id in districts:
            districts[s.parent_id]["streets"].append(s)
    return list(districts.values())
