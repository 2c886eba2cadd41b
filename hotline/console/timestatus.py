"""Green / amber / red: how much of the allowed time a case (or a unit's part) has used.

Amber from 75 % of the allowed working time, red once the deadline has passed. Working
time follows the live calendar (days off do not count); emergencies run on the clock.
"""

from __future__ import annotations

import datetime as dt

from hotline.cases.choices import Urgency
from hotline.sla.workdays import WorkCalendar

GREEN, AMBER, RED = "green", "amber", "red"
AMBER_SHARE = 0.75


def time_status(
    start: dt.datetime | None, due: dt.datetime | None, now: dt.datetime, calendar: WorkCalendar,
    *, urgency: str = Urgency.NORMAL,
) -> str:
    if due is None or start is None:
        return GREEN
    if now >= due:
        return RED
    if urgency == Urgency.EMERGENCY:
        allowed, used = (due - start).total_seconds(), (now - start).total_seconds()
    else:
        allowed = calendar.working_seconds_between(start, due)
        used = calendar.working_seconds_between(start, now)
    if allowed <= 0:
        return AMBER
    return AMBER if used >= AMBER_SHARE * allowed else GREEN
