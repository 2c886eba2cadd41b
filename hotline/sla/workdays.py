"""Working-day arithmetic on the official Chinese calendar (pure: no database).

A day is a working day when an administrator's override says so; otherwise, for the
years `chinese-calendar` knows, when the State Council's schedule says so (holidays
off, make-up days 调休 on); otherwise Monday to Friday. Years that neither the package
nor an administrator covers are reported, so that a deadline is never refused but an
estimated one is visible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import chinese_calendar
from chinese_calendar import constants as _official

from hotline.clock import LOCAL_TZ

OFFICIAL_YEARS = frozenset(d.year for d in _official.holidays)
END_OF_DAY = dt.time(23, 59, 59)


@dataclass(frozen=True)
class WorkCalendar:
    """`overrides` maps a date to True (working) or False (day off)."""

    overrides: Mapping[dt.date, bool] = field(default_factory=dict)
    admin_years: frozenset[int] = frozenset()

    def is_official_year(self, year: int) -> bool:
        return year in OFFICIAL_YEARS

    def is_covered(self, year: int) -> bool:
        return year in OFFICIAL_YEARS or year in self.admin_years

    def is_working_day(self, day: dt.date) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            return override
        if day.year in OFFICIAL_YEARS:
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def uncovered_years(self, days: Iterable[dt.date]) -> list[int]:
        return sorted({d.year for d in days if not self.is_covered(d.year)})

    def next_working_day(self, day: dt.date) -> dt.date:
        day += dt.timedelta(days=1)
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.datetime, days: int) -> tuple[dt.datetime, list[int]]:
        """End of the `days`-th working day after the day of `start` (local time).

        Returns the deadline and the years it crossed that no calendar covers.
        """
        if days < 0:
            raise ValueError("days must be >= 0")
        local = start.astimezone(LOCAL_TZ)
        day = local.date()
        crossed = [day]
        for _ in range(days):
            day = self.next_working_day(day)
            crossed.append(day)
        if days == 0:
            return start, self.uncovered_years(crossed)
        deadline = dt.datetime.combine(day, END_OF_DAY, tzinfo=LOCAL_TZ)
        return deadline, self.uncovered_years(crossed)

    def add_working_hours(self, start: dt.datetime, hours: float) -> tuple[dt.datetime, list[int]]:
        """`hours` of working time after `start`; days off do not count at all."""
        if hours < 0:
            raise ValueError("hours must be >= 0")
        remaining = dt.timedelta(hours=hours)
        cursor = start.astimezone(LOCAL_TZ)
        crossed = [cursor.date()]
        if not self.is_working_day(cursor.date()):
            cursor = self._start_of(self.next_working_day(cursor.date()))
            crossed.append(cursor.date())
        while True:
            end_of_day = self._start_of(cursor.date() + dt.timedelta(days=1))
            available = end_of_day - cursor
            if remaining <= available:
                return cursor + remaining, self.uncovered_years(crossed)
            remaining -= available
            cursor = self._start_of(self.next_working_day(cursor.date()))
            crossed.append(cursor.date())

    def working_seconds_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working time between two instants (negative if end < start)."""
        if end < start:
            return -self.working_seconds_between(end, start)
        a, b = start.astimezone(LOCAL_TZ), end.astimezone(LOCAL_TZ)
        total = 0.0
        day = a.date()
        while day <= b.date():
            if self.is_working_day(day):
                lo = max(a, self._start_of(day))
                hi = min(b, self._start_of(day + dt.timedelta(days=1)))
                if hi > lo:
                    total += (hi - lo).total_seconds()
            day += dt.timedelta(days=1)
        return total

    @staticmethod
    def _start_of(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(0, 0), tzinfo=LOCAL_TZ)
