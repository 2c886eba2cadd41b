"""The period an assessment screen reads, from a query string (month=YYYY-MM or start/end).

Screens show an inclusive end date; the API (`metrics`, `scoring`) takes [start, end).
Default: the last 90 days up to today. Bad input is reported (translated) and ignored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hotline import clock

MAX_DAYS = 366
DEFAULT_DAYS = 90


@dataclass
class Period:
    start: dt.date
    end: dt.date  # exclusive
    errors: list[str] = field(default_factory=list)

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    def query(self) -> str:
        return f"start={self.start:%Y-%m-%d}&end={self.last_day:%Y-%m-%d}"


def _date(raw) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(raw).strip()) if raw else None
    except ValueError:
        return None


def parse(params) -> Period:
    today = clock.today()
    default = Period(today - dt.timedelta(days=DEFAULT_DAYS - 1), today + dt.timedelta(days=1))
    month = (params.get("month") or "").strip()
    if month:
        try:
            first = dt.date.fromisoformat(f"{month}-01")
        except ValueError:
            default.errors.append(_("Give the month as YYYY-MM."))
            return default
        return Period(first, (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1))
    raw_start, raw_end = params.get("start"), params.get("end")
    if not raw_start and not raw_end:
        return default
    start, last = _date(raw_start), _date(raw_end)
    if start is None or last is None:
        default.errors.append(_("Give dates as YYYY-MM-DD."))
        return default
    if last < start or (last - start).days >= MAX_DAYS:
        default.errors.append(_("The period must run forwards and cover at most a year."))
        return default
    return Period(start, last + dt.timedelta(days=1))
