"""Figures other apps own, shown on the dashboard and in reports when those apps provide them.

Rankings, colours and the three rates come from `hotline.assessment` (its public API:
`scoring.rankings`, `metrics.unit_metrics`, `colours.colour_of`, `scope`); hotspots from
`hotline.hotspots`. Either may be absent from an installation; the panel is then left out.
Each adapter turns the other app's objects into the plain rows the templates show.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from hotline.orgs.models import Unit

from .periods import Filters

RANKING_ROWS = 10


def _module(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _url(name: str, query: str = "") -> str | None:
    try:
        return reverse(name) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return None


def _end(filters: Filters) -> dt.date:
    """Assessment periods are half-open: [start, end)."""
    return filters.end + dt.timedelta(days=1)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _levels(user, filters: Filters, scope) -> list[tuple[str, Unit | None, str]]:
    """The rankings shown: the city's departments and streets, or a unit's own sub-units."""
    if scope.sees_city(user):
        streets_within = filters.district
        return [("department", None, _("Departments")), ("street", streets_within, _("Streets"))]
    return [(level, within, _("Units under %(unit)s") % {"unit": within.name})
            for level, within in scope.levels_for(user) if within is not None]


def has_rankings() -> bool:
    return _module("hotline.assessment.scoring") is not None


def rankings(user, filters: Filters) -> dict[str, Any] | None:
    scoring, colours, scope = (_module(f"hotline.assessment.{m}") for m in ("scoring", "colours", "scope"))
    if scoring is None or colours is None or scope is None:
        return None
    levels = _levels(user, filters, scope)
    if not levels:
        return None
    bounds = colours.thresholds()
    labels = {"green": _("Green"), "blue": _("Blue"), "red": _("Red"), "grey": _("Not rated")}
    tables = []
    for level, within, title in levels:
        ranking = scoring.rankings(filters.start, _end(filters), level, within=within)
        min_sample = ranking.scheme.min_sample
        rows = []
        for row in ranking.ranked[:RANKING_ROWS]:
            colour = str(colours.colour_of(row.figures, bounds, min_sample))
            rows.append({
                "rank": row.rank, "unit": row.unit.name, "cases": row.figures.cases,
                "score": f"{row.score.total:.1f}" if row.score else None,
                "colour": colour, "colour_label": labels.get(colour, colour),
            })
        tables.append({"title": title, "rows": rows,
                       "unranked": [r.unit.name for r in ranking.unranked if r.figures.cases]})
    return {
        "period": f"{filters.start:%Y-%m-%d} – {filters.end:%Y-%m-%d}",
        "tables": tables,
        # The assessment screens read an inclusive end date, like ours.
        "url": _url("assessment:rankings", f"start={filters.start:%Y-%m-%d}&end={filters.end:%Y-%m-%d}"),
    }


def unit_rates(user, filters: Filters) -> list[dict[str, Any]] | None:
    """Per-unit three rates (and on-time completion) for the report (None without assessment)."""
    metrics, scope = _module("hotline.assessment.metrics"), _module("hotline.assessment.scope")
    if metrics is None or scope is None:
        return None
    if scope.sees_city(user):
        units = [u for level in scope.CITY_LEVELS for u in scope.units_for(level)]
    elif user.unit is not None:
        units = [user.unit, *scope.units_for("sub", user.unit)]
    else:
        return []
    territory = filters.street or filters.district
    figures = metrics.unit_metrics(filters.start, _end(filters), units=units, territory=territory)
    rows = []
    for unit in units:
        f = figures.get(unit.pk)
        if f is None or not f.cases:
            continue
        rows.append({
            "unit": unit.name, "cases": f.cases,
            "response_rate": f.response_rate, "resolution_rate": f.resolution_rate,
            "satisfaction_rate": f.satisfaction_rate, "on_time_rate": f.completion_rate,
            "response_pct": _pct(f.response_rate), "resolution_pct": _pct(f.resolution_rate),
            "satisfaction_pct": _pct(f.satisfaction_rate), "on_time_pct": _pct(f.completion_rate),
        })
    return rows


def hotspots(user, filters: Filters | None, *, limit: int = 5) -> dict[str, Any] | None:
    """The hotspots panel ({"url", "items": [{"label", "cases", "url", "warning"}]}) from the
    latest scan of the platform's cases. None without the app, or for a reader who does not
    see the whole city (hotspots cross every unit's cases)."""
    views = _module("hotline.hotspots.views")
    if views is None:
        return None
    if user is not None and not (user.is_superuser or user.role in views.READERS):
        return None
    from hotline.hotspots import actions

    rows = actions.latest_hotspots(limit=limit)
    return {"url": _url("hotspots:list"), "items": [
        {"label": h.label, "cases": h.items, "url": _url_args("hotspots:detail", h.pk), "warning": h.warning,
         "heat": h.heat, "example": h.example}
        for h in rows
    ]}


def _url_args(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def problem_hotspots() -> list[dict[str, Any]]:
    """Current hotspots a leader may pick a problem of the month from ([] without the app)."""
    board = hotspots(None, None)
    return board["items"] if board else []
