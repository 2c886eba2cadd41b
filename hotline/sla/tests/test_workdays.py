"""Working-day arithmetic over real Chinese holidays and make-up days."""

import datetime as dt

import pytest

from hotline import clock
from hotline.sla import calendar, deadlines
from hotline.sla.models import CalendarDay, DayKind
from hotline.sla.workdays import OFFICIAL_YEARS, WorkCalendar

L = clock.local
CAL = WorkCalendar()
# Whatever chinese-calendar is installed: the last year it knows, and the first it does not.
LAST = max(OFFICIAL_YEARS)
UNCOVERED = LAST + 1


def test_official_holidays_and_make_up_days():
    assert not CAL.is_working_day(dt.date(2026, 10, 1))  # National Day
    assert not CAL.is_working_day(dt.date(2026, 10, 7))
    assert CAL.is_working_day(dt.date(2026, 10, 10))  # Saturday make-up day (调休)
    assert not CAL.is_working_day(dt.date(2026, 10, 11))  # plain Sunday
    assert CAL.is_working_day(dt.date(2026, 2, 14))  # Saturday make-up before Spring Festival


def test_reply_days_from_the_eve_of_national_day():
    # Registered on 30 September: the 1st-7th October are off, Saturday 10th is worked.
    due, uncovered = CAL.add_working_days(L(2026, 9, 30, 10), 5)
    assert due == dt.datetime(2026, 10, 13, 23, 59, 59, tzinfo=clock.LOCAL_TZ)
    assert uncovered == []


def test_sign_hours_skip_the_holiday_entirely():
    due, _ = CAL.add_working_hours(L(2026, 9, 30, 17), 24)
    assert due == L(2026, 10, 8, 17)


def test_sign_hours_starting_on_a_day_off_start_next_working_morning():
    due, _ = CAL.add_working_hours(L(2026, 10, 3, 12), 8)
    assert due == L(2026, 10, 8, 8)


def test_working_seconds_between_ignores_days_off():
    assert CAL.working_seconds_between(L(2026, 9, 30, 12), L(2026, 10, 8, 12)) == 24 * 3600
    assert CAL.working_seconds_between(L(2026, 10, 8, 12), L(2026, 9, 30, 12)) == -24 * 3600


def weekdays_after(day: dt.date, n: int, off: frozenset[dt.date] = frozenset()) -> dt.date:
    """The n-th Monday-to-Friday after `day`, skipping `off`: what a year without data falls back to."""
    while n:
        day += dt.timedelta(days=1)
        n -= day.weekday() < 5 and day not in off
    return day


def first_weekday(year: int) -> dt.date:
    return weekdays_after(dt.date(year - 1, 12, 31), 1)


def test_year_without_official_data_falls_back_to_weekends_and_says_so():
    # From the last day of the last year the installed chinese-calendar knows into the next one.
    assert CAL.is_official_year(LAST) and not CAL.is_official_year(UNCOVERED)
    due, uncovered = CAL.add_working_days(L(LAST, 12, 31, 9), 5)
    assert due.date() == weekdays_after(dt.date(LAST, 12, 31), 5)  # New Year's Day unknown: a weekday works
    assert uncovered == [UNCOVERED]
    assert CAL.is_working_day(dt.date(UNCOVERED, 1, 1)) == (dt.date(UNCOVERED, 1, 1).weekday() < 5)


def test_administrators_entries_cover_a_new_year():
    new_year = frozenset({first_weekday(UNCOVERED), weekdays_after(first_weekday(UNCOVERED), 1)})
    cal = WorkCalendar(overrides=dict.fromkeys(new_year, False), admin_years=frozenset({UNCOVERED}))
    due, uncovered = cal.add_working_days(L(LAST, 12, 31, 9), 5)
    assert due.date() == weekdays_after(dt.date(LAST, 12, 31), 5, new_year)
    assert due.date() == weekdays_after(CAL.add_working_days(L(LAST, 12, 31, 9), 5)[0].date(), 2)
    assert uncovered == []


def test_local_day_off_overrides_official_working_day():
    cal = WorkCalendar(overrides={dt.date(2026, 9, 15): False})  # a typhoon day
    due, _ = cal.add_working_days(L(2026, 9, 14, 9), 1)
    assert due.date() == dt.date(2026, 9, 16)


@pytest.mark.django_db
def test_deadlines_use_the_administrators_calendar(city):
    start = L(LAST, 12, 31, 9)
    limits = deadlines.Limits(sign_hours=24, reply_days=5)
    estimated = deadlines.compute(start, limits)
    assert estimated.estimated and estimated.uncovered_years == [UNCOVERED]
    new_year = first_weekday(UNCOVERED)
    CalendarDay.objects.create(date=new_year, kind=DayKind.DAY_OFF, name="元旦")
    assert calendar.current().is_covered(UNCOVERED)
    entered = deadlines.compute(start, limits)
    assert not entered.estimated
    assert entered.due_at.date() == weekdays_after(start.date(), 5, frozenset({new_year}))
    assert entered.due_at.date() == weekdays_after(estimated.due_at.date(), 1)  # one day later


@pytest.mark.django_db
def test_emergency_limits_are_clock_minutes_even_on_holidays(city):
    limits = deadlines.limits_for(None, "help", "emergency")
    result = deadlines.compute(L(2026, 10, 2, 3, 0), limits)
    assert result.sign_due_at == L(2026, 10, 2, 3, 30)
    assert result.due_at == L(2026, 10, 2, 5, 0)


@pytest.mark.django_db
def test_most_specific_time_limit_wins(city):
    assert deadlines.limits_for(city.cat_food, "complaint", "normal").reply_days == 10
    assert deadlines.limits_for(city.cat_lights, "complaint", "normal").reply_days == 15
    assert deadlines.limits_for(city.cat_food, "consultation", "normal").reply_days == 3
    assert deadlines.limits_for(city.cat_food, "complaint", "urgent").reply_days == 2
