"""Was the reply on time? Counted in working days on the official calendar (pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hotline.clock import LOCAL_TZ
from hotline.sla.workdays import WorkCalendar

from .reasons import Reason


@dataclass(frozen=True)
class Timing:
    value: float
    used: int  # working days from the request to the reply
    allowed: int  # working days from the request to the deadline
    late: int  # working days past the deadline (0 when on time)
    reason: Reason


def working_days(calendar: WorkCalendar, start: dt.datetime, end: dt.datetime) -> int:
    """Working days after the day of `start`, up to and including the day of `end`.

    The same count as the deadline rule: a limit of N working days ends at the end of
    the N-th working day after the day the case came in.
    """
    first, last = start.astimezone(LOCAL_TZ).date(), end.astimezone(LOCAL_TZ).date()
    count, day = 0, first
    while day < last:
        day += dt.timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


def timeliness(calendar: WorkCalendar, received_at: dt.datetime, replied_at: dt.datetime,
               due_at: dt.datetime | None, reply_days: int) -> Timing:
    """On time scores 1 up to half the allowed time, then down to 0.8 at the deadline;
    late starts at 0.6 and loses a share for every working day, to 0 at twice the limit."""
    if due_at is None:
        due_at, _uncovered = calendar.add_working_days(received_at, reply_days)
    allowed = max(1, working_days(calendar, received_at, due_at))
    used = working_days(calendar, received_at, replied_at)
    if replied_at <= due_at:
        half = allowed / 2
        value = 1.0 if used <= half else 1.0 - 0.2 * (used - half) / half
        return Timing(value, used, allowed, 0, Reason("timeliness", "on_time", {"used": used, "allowed": allowed},
                                                      good=True))
    late = max(1, working_days(calendar, due_at, replied_at))
    value = max(0.0, 0.6 * (1 - late / allowed))
    return Timing(value, used, allowed, late,
                  Reason("timeliness", "late", {"late": late, "used": used, "allowed": allowed}))
