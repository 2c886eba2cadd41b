"""Colour warnings (分色预警): green, blue or red from the three rates.

For each of the three rates (response, resolution, satisfaction) an administrator sets
`green_from` and `red_below` (`ColourThreshold`, in %). A unit is
- red when any measured rate is below its `red_below`,
- green when every rate is measured and at or above its `green_from`,
- blue otherwise; grey ("not rated") below the scheme's minimum sample.

Public API: `colour_of(figures, thresholds, min_sample) -> str`,
`public_board(start, end, *, now=None) -> list[BoardRow]` (every active unit down to
the community, no personal data: names, colours, rates and case counts only;
three queries).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit

from .metrics import Figures, aggregate, facts_in
from .models import Colour, ColourThreshold, RateName, ScoreWeights

DEFAULTS = {RateName.RESPONSE: (95, 85), RateName.RESOLUTION: (80, 60), RateName.SATISFACTION: (85, 70)}
PUBLIC_KINDS = (UnitKind.DEPARTMENT, UnitKind.UTILITY, UnitKind.DISTRICT, UnitKind.STREET, UnitKind.COMMUNITY)


def thresholds() -> dict[str, tuple[int, int]]:
    found = {t.rate: (t.green_from, t.red_below) for t in ColourThreshold.objects.all()}
    return {rate: found.get(rate, DEFAULTS[rate]) for rate in RateName.values}


def rates_of(figures: Figures) -> dict[str, float | None]:
    return {
        RateName.RESPONSE: figures.response_rate,
        RateName.RESOLUTION: figures.resolution_rate,
        RateName.SATISFACTION: figures.satisfaction_rate,
    }


def colour_of(figures: Figures | None, bounds: dict[str, tuple[int, int]], min_sample: int) -> str:
    if figures is None or figures.cases < min_sample:
        return Colour.GREY
    rates = rates_of(figures)
    if any(v is not None and v * 100 < bounds[k][1] for k, v in rates.items()):
        return Colour.RED
    if all(v is not None and v * 100 >= bounds[k][0] for k, v in rates.items()):
        return Colour.GREEN
    return Colour.BLUE


@dataclass
class BoardRow:
    unit_id: int
    name: str
    kind: str
    depth: int
    colour: str
    cases: int
    response_rate: float | None
    resolution_rate: float | None
    satisfaction_rate: float | None


def public_board(start: dt.date, end: dt.date, *, now: dt.datetime | None = None) -> list[BoardRow]:
    """Every assessed unit in tree order with its colour and three rates on [start, end)."""
    units = list(Unit.objects.filter(is_active=True, kind__in=PUBLIC_KINDS).only("pk", "name", "kind", "path")
                 .order_by("path"))
    figures = aggregate(facts_in(start, end), "unit_id", now=now)
    bounds = thresholds()
    min_sample = ScoreWeights.current().min_sample
    rows = []
    for unit in units:
        fig = figures.get(unit.pk)
        rates = rates_of(fig) if fig else dict.fromkeys(RateName.values)
        rows.append(BoardRow(unit.pk, unit.name, unit.kind, unit.path.count("/") - 2,
                             colour_of(fig, bounds, min_sample), fig.cases if fig else 0,
                             rates[RateName.RESPONSE], rates[RateName.RESOLUTION], rates[RateName.SATISFACTION]))
    return rows
