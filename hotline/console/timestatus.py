"""Green / amber / red on the screens: the SLA sweep's own rule, in colours.

Amber once `HOTLINE_SLA_APPROACHING` of the allowed working time is used (the share at
which the sweep sends its reminder), red once the deadline has passed. Both come from
`hotline.sla.status`, so a screen never disagrees with the reminders.
"""

from __future__ import annotations

import datetime as dt

from hotline.sla.status import Calendar, TimeStatus, default_threshold, status_of

GREEN, AMBER, RED = "green", "amber", "red"
COLOURS = {TimeStatus.ON_TIME: GREEN, TimeStatus.APPROACHING: AMBER, TimeStatus.OVERDUE: RED}


def time_status(start: dt.datetime | None, due: dt.datetime | None, now: dt.datetime, calendar: Calendar) -> str:
    return COLOURS[status_of(start, due, now, calendar)]


def amber_percent() -> int:
    """The share at which a deadline turns amber, in percent (for the legend)."""
    return round(default_threshold() * 100)
