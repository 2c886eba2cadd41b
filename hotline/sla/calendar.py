"""The live calendar: official schedule plus the administrators' entries, cached briefly."""

from __future__ import annotations

import logging
import threading
import time

from .models import CalendarDay, DayKind
from .workdays import OFFICIAL_YEARS, WorkCalendar

log = logging.getLogger("hotline.sla")
_TTL_SECONDS = 60.0
_cache: tuple[float, WorkCalendar] | None = None
_lock = threading.Lock()


def invalidate() -> None:
    global _cache
    with _lock:
        _cache = None


def current() -> WorkCalendar:
    global _cache
    cached = _cache
    if cached is not None and time.monotonic() - cached[0] < _TTL_SECONDS:
        return cached[1]
    rows = list(CalendarDay.objects.values_list("date", "kind"))
    overrides = {day: kind == DayKind.WORKING for day, kind in rows}
    admin_years = frozenset(day.year for day, kind in rows if kind == DayKind.DAY_OFF)
    calendar = WorkCalendar(overrides=overrides, admin_years=admin_years)
    with _lock:
        _cache = (time.monotonic(), calendar)
    return calendar


def coverage_gaps(years: list[int]) -> list[int]:
    """Years among `years` with neither an official schedule nor administrators' entries."""
    calendar = current()
    return [y for y in years if not calendar.is_covered(y)]


def warn_uncovered(years: list[int]) -> None:
    if years:
        log.warning(
            "working-day calendar has no holidays for %s: deadlines counted on weekends only "
            "(official data covers %s-%s); enter the year's schedule under Calendar days",
            years, min(OFFICIAL_YEARS), max(OFFICIAL_YEARS),
        )
