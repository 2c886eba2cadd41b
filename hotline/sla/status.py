"""Time status of a deadline: on time, approaching, overdue (pure, plus read helpers).

Time is measured on the working-day calendar: a case dispatched on the eve of National
Day has used only the hours of that eve during the holiday week, so it is not
"approaching" while everybody is off. "Approaching" means a configurable share of the
allowed working time is used (`HOTLINE_SLA_APPROACHING`, default 0.75). A deadline that
lies wholly in days off (an emergency's clock minutes on a Sunday) is measured on the
wall clock instead, since its working time is zero.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hotline import clock
from hotline.clock import LOCAL_TZ

from .workdays import WorkCalendar

_EPSILON = 1e-6  # seconds: float noise of the inverse computation


class TimeStatus(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    APPROACHING = "approaching", _("Approaching the deadline")
    OVERDUE = "overdue", pgettext_lazy("deadline status", "Overdue")


class Calendar(Protocol):
    def working_seconds_between(self, start: dt.datetime, end: dt.datetime) -> float: ...

    def add_working_hours(self, start: dt.datetime, hours: float) -> tuple[dt.datetime, list[int]]: ...


def default_threshold() -> float:
    return float(getattr(settings, "HOTLINE_SLA_APPROACHING", 0.75))


def used_share(start: dt.datetime, due: dt.datetime, now: dt.datetime, calendar: Calendar) -> float:
    """Share of the allowed time used at `now` (may be < 0 before start or > 1 after due)."""
    allowed = calendar.working_seconds_between(start, due)
    if allowed <= 0:
        wall = (due - start).total_seconds()
        return 1.0 if wall <= 0 else (now - start).total_seconds() / wall
    return calendar.working_seconds_between(start, now) / allowed


def status_of(
    start: dt.datetime | None,
    due: dt.datetime | None,
    now: dt.datetime,
    calendar: Calendar,
    threshold: float | None = None,
) -> TimeStatus:
    """The time status of a deadline `due` that started running at `start`."""
    if due is None:
        return TimeStatus.ON_TIME
    if now > due:
        return TimeStatus.OVERDUE
    if start is None or start >= due:
        return TimeStatus.APPROACHING
    threshold = default_threshold() if threshold is None else threshold
    allowed = calendar.working_seconds_between(start, due)
    if allowed <= 0:
        used, allowed = (now - start).total_seconds(), (due - start).total_seconds()
    else:
        used = calendar.working_seconds_between(start, now)
    return TimeStatus.APPROACHING if used >= threshold * allowed - _EPSILON else TimeStatus.ON_TIME


def approaching_at(
    start: dt.datetime, due: dt.datetime, calendar: Calendar, threshold: float | None = None,
) -> dt.datetime:
    """The first instant at which `status_of` says APPROACHING (never after `due`)."""
    threshold = default_threshold() if threshold is None else threshold
    if start >= due:
        return due
    allowed = calendar.working_seconds_between(start, due)
    if allowed <= 0:
        return start + (due - start) * threshold
    at, _years = calendar.add_working_hours(start, threshold * allowed / 3600)
    return min(at, due)


class FastCalendar:
    """A `WorkCalendar` precomputed over a range of days, for bulk planning.

    Working time up to any instant is one lookup, its inverse one bisection; outside the
    range it falls back to the wrapped calendar. Same answers, a hundred times faster.
    """

    def __init__(self, calendar: WorkCalendar, first: dt.date, last: dt.date):
        self.calendar = calendar
        self.first = first
        count = (last - first).days + 1
        self.working = [calendar.is_working_day(first + dt.timedelta(days=i)) for i in range(count)]
        self.cum = [0.0]
        for working in self.working:
            self.cum.append(self.cum[-1] + (86400.0 if working else 0.0))

    def _index(self, moment: dt.datetime) -> tuple[int, float] | None:
        local = moment.astimezone(LOCAL_TZ)
        i = (local.date() - self.first).days
        if not 0 <= i < len(self.working):
            return None
        seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        return i, self.cum[i] + (seconds if self.working[i] else 0.0)

    def working_seconds_between(self, start: dt.datetime, end: dt.datetime) -> float:
        a, b = self._index(start), self._index(end)
        if a is None or b is None:
            return self.calendar.working_seconds_between(start, end)
        return b[1] - a[1]

    def add_working_hours(self, start: dt.datetime, hours: float) -> tuple[dt.datetime, list[int]]:
        a = self._index(start)
        if a is None or hours <= 0:
            return self.calendar.add_working_hours(start, hours)
        target = a[1] + hours * 3600
        i = bisect.bisect_left(self.cum, target) - 1
        if i >= len(self.working):
            return self.calendar.add_working_hours(start, hours)
        day = self.first + dt.timedelta(days=i)
        moment = dt.datetime.combine(day, dt.time(0, 0), tzinfo=LOCAL_TZ)
        return moment + dt.timedelta(seconds=target - self.cum[i]), []


_fast_cache: dict[tuple[int, dt.date, int], tuple[WorkCalendar, FastCalendar]] = {}


def fast(calendar: WorkCalendar, around: dt.datetime, days: int = 400) -> FastCalendar:
    """A `FastCalendar` over `days` either side of `around` (kept while `calendar` is current)."""
    today = around.astimezone(LOCAL_TZ).date()
    key = (id(calendar), today, days)
    hit = _fast_cache.get(key)
    if hit is not None and hit[0] is calendar:
        return hit[1]
    result = FastCalendar(calendar, today - dt.timedelta(days=days), today + dt.timedelta(days=days))
    _fast_cache.clear()
    _fast_cache[key] = (calendar, result)
    return result


# --------------------------------------------------------------------------- read helpers


def assignment_status(assignment, now: dt.datetime | None = None, calendar: Calendar | None = None,
                      threshold: float | None = None) -> TimeStatus:
    """The worse of an active assignment's sign-for and reply statuses."""
    from hotline.cases.choices import AssignmentStatus

    from . import calendar as live

    now = now or clock.now()
    cal = calendar or live.current()
    if assignment.status not in AssignmentStatus.active():
        return TimeStatus.ON_TIME
    statuses = [status_of(assignment.dispatched_at, assignment.due_at, now, cal, threshold)]
    if assignment.status == AssignmentStatus.PENDING:
        statuses.append(status_of(assignment.dispatched_at, assignment.sign_due_at, now, cal, threshold))
    return _worst(statuses)


def case_status(case, now: dt.datetime | None = None, calendar: Calendar | None = None,
                threshold: float | None = None) -> TimeStatus:
    """An open case before its reply, against its reply deadline (from its latest dispatch)."""
    from hotline.cases.choices import Status
    from hotline.cases.models import Assignment

    from . import calendar as live

    if case.status not in {Status.REGISTERED, Status.DISPATCHED, Status.HANDLING, Status.RETURNED}:
        return TimeStatus.ON_TIME
    start = (
        Assignment.objects.filter(case_id=case.pk).order_by("-round").values_list("dispatched_at", flat=True).first()
        or case.registered_at
    )
    return status_of(start, case.due_at, now or clock.now(), calendar or live.current(), threshold)


def _worst(statuses: Iterable[TimeStatus]) -> TimeStatus:
    order = [TimeStatus.ON_TIME, TimeStatus.APPROACHING, TimeStatus.OVERDUE]
    return max(statuses, key=order.index)


def overdue_assignments(qs: QuerySet | None = None, now: dt.datetime | None = None) -> QuerySet:
    """Active assignments past their sign-for (while pending) or reply deadline.

    Filters on `status` + deadline, the columns of the `assignment_sign_due` and
    `assignment_queue` indexes.
    """
    from hotline.cases.choices import AssignmentStatus
    from hotline.cases.models import Assignment

    now = now or clock.now()
    qs = Assignment.objects.all() if qs is None else qs
    return qs.filter(
        Q(status=AssignmentStatus.PENDING, sign_due_at__lt=now)
        | Q(status__in=AssignmentStatus.active(), due_at__lt=now)
    )


def overdue_cases(qs: QuerySet | None = None, now: dt.datetime | None = None) -> QuerySet:
    """Open cases not yet replied whose reply deadline has passed (index `case_status_due`)."""
    from hotline.cases.choices import Status
    from hotline.cases.models import Case

    qs = Case.objects.all() if qs is None else qs
    return qs.filter(
        status__in=[Status.REGISTERED, Status.DISPATCHED, Status.HANDLING, Status.RETURNED],
        due_at__lt=now or clock.now(),
    )


def approaching_assignments(qs: QuerySet | None = None, now: dt.datetime | None = None) -> QuerySet:
    """Active assignments the sweep has found approaching a deadline and not yet overdue.

    Exact in working time because it reads the sweep's watches (`sla.Watch`): the
    status moved past "remind" once the reminder went out.
    """
    from hotline.cases.choices import AssignmentStatus
    from hotline.cases.models import Assignment

    from .models import Stage

    now = now or clock.now()
    qs = Assignment.objects.all() if qs is None else qs
    return (
        qs.filter(status__in=AssignmentStatus.active(), sla_watches__stage=Stage.UNIT_LEADER)
        .exclude(pk__in=overdue_assignments(now=now).values("pk"))
        .distinct()
    )


def with_status(assignments: Iterable, now: dt.datetime | None = None, threshold: float | None = None) -> list:
    """Attach `.time_status` to each assignment of a page (one calendar for all)."""
    from . import calendar as live

    now = now or clock.now()
    cal = live.current()
    rows = list(assignments)
    for row in rows:
        row.time_status = assignment_status(row, now, cal, threshold)
    return rows
