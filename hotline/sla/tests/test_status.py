"""Time status on the working-day calendar (pure: no database)."""

import datetime as dt
import random

from hotline import clock
from hotline.sla.status import FastCalendar, TimeStatus, approaching_at, status_of, used_share
from hotline.sla.workdays import WorkCalendar

L = clock.local
CAL = WorkCalendar()
# Dispatched on the eve of National Day: 24 working hours to sign for runs to 8 October.
START, SIGN_DUE = L(2026, 9, 30, 10), L(2026, 10, 8, 10)


def test_the_holiday_week_does_not_use_up_the_time():
    assert CAL.add_working_hours(START, 24)[0] == SIGN_DUE
    # 14 of 24 working hours used on the eve; the week off adds nothing.
    assert status_of(START, SIGN_DUE, L(2026, 10, 3, 12), CAL, 0.75) == TimeStatus.ON_TIME
    assert used_share(START, SIGN_DUE, L(2026, 10, 7, 23, 59), CAL) == 14 / 24
    # By the wall clock the same moment is 76% through: that would have been a false alarm.
    assert (L(2026, 10, 3, 12) - START) / (SIGN_DUE - START) > 0.3


def test_approaching_then_overdue_on_the_first_working_morning():
    assert status_of(START, SIGN_DUE, L(2026, 10, 8, 3, 59), CAL, 0.75) == TimeStatus.ON_TIME
    assert status_of(START, SIGN_DUE, L(2026, 10, 8, 4), CAL, 0.75) == TimeStatus.APPROACHING
    assert status_of(START, SIGN_DUE, SIGN_DUE, CAL, 0.75) == TimeStatus.APPROACHING
    assert status_of(START, SIGN_DUE, SIGN_DUE + dt.timedelta(seconds=1), CAL, 0.75) == TimeStatus.OVERDUE
    assert approaching_at(START, SIGN_DUE, CAL, 0.75) == L(2026, 10, 8, 4)


def test_threshold_is_a_parameter():
    at = L(2026, 10, 8, 1)  # 15 of 24 hours
    assert status_of(START, SIGN_DUE, at, CAL, 0.6) == TimeStatus.APPROACHING
    assert status_of(START, SIGN_DUE, at, CAL, 0.75) == TimeStatus.ON_TIME


def test_weekend_counts_for_nothing():
    friday, monday_due = L(2026, 11, 13, 12), L(2026, 11, 16, 12)  # 24 working hours over a weekend
    assert CAL.add_working_hours(friday, 24)[0] == monday_due
    assert status_of(friday, monday_due, L(2026, 11, 15, 23), CAL) == TimeStatus.ON_TIME
    assert status_of(friday, monday_due, L(2026, 11, 16, 6), CAL) == TimeStatus.APPROACHING


def test_a_deadline_wholly_in_days_off_is_measured_on_the_wall_clock():
    # An emergency on a holiday: 120 clock minutes, no working time at all.
    start, due = L(2026, 10, 4, 10), L(2026, 10, 4, 12)
    assert status_of(start, due, L(2026, 10, 4, 11), CAL) == TimeStatus.ON_TIME
    assert status_of(start, due, L(2026, 10, 4, 11, 40), CAL) == TimeStatus.APPROACHING
    assert approaching_at(start, due, CAL, 0.75) == L(2026, 10, 4, 11, 30)
    assert status_of(start, due, L(2026, 10, 4, 12, 1), CAL) == TimeStatus.OVERDUE


def test_no_deadline_is_on_time_and_a_local_day_off_counts():
    assert status_of(START, None, L(2030, 1, 1), CAL) == TimeStatus.ON_TIME
    typhoon = WorkCalendar(overrides={dt.date(2026, 9, 15): False})
    start, due = L(2026, 9, 14, 12), L(2026, 9, 16, 12)  # 24 working hours around the typhoon day
    assert typhoon.add_working_hours(start, 24)[0] == due
    assert status_of(start, due, L(2026, 9, 16, 1), typhoon) == TimeStatus.ON_TIME
    assert status_of(start, due, L(2026, 9, 16, 1), CAL) == TimeStatus.APPROACHING


def test_fast_calendar_agrees_with_the_calendar():
    cal = WorkCalendar(overrides={dt.date(2026, 9, 15): False})
    fast = FastCalendar(cal, dt.date(2026, 1, 1), dt.date(2027, 6, 30))
    rng = random.Random(7)
    base = L(2026, 1, 5)
    for _ in range(300):
        a = base + dt.timedelta(minutes=rng.randrange(0, 600 * 24 * 60))
        b = a + dt.timedelta(minutes=rng.randrange(0, 40 * 24 * 60))
        assert fast.working_seconds_between(a, b) == cal.working_seconds_between(a, b)
        hours = rng.choice([0.5, 4, 24, 18.75, 72])
        assert fast.add_working_hours(a, hours)[0] == cal.add_working_hours(a, hours)[0]
        assert approaching_at(a, b, fast, 0.75) == approaching_at(a, b, cal, 0.75)
