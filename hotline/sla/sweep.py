"""The sweep: watch every active assignment's deadlines, remind and escalate once.

Each run does two index-driven steps:

1. **discover** assignments created since the last run (primary-key range from a
   `SweepMark`, with an overlap for transactions that committed late) and plan a
   `Watch` per deadline (sign for, reply) at the instant it will start "approaching";
2. **fire** the watches whose `fire_at` has come (partial index `sla_watch_due`), a batch
   per transaction: lock the watches (SKIP LOCKED on PostgreSQL, so two sweepers take
   different ones), lock their cases in id order, re-read the assignments and act on the
   highest stage reached:

   - approaching → reminder (催办) to the unit's staff;
   - overdue → escalation to the unit's leaders (the centre when the unit has none);
   - overdue by `HOTLINE_SLA_ESCALATE_TO_CENTRE_HOURS` working hours → the centre.

   The stage is recorded as a `Reminder`, unique on (assignment, deadline, stage) and
   inserted with ON CONFLICT DO NOTHING; only the sweeper whose row went in writes the
   timeline note (`remind` / `escalate`) and the notifications (outbox, same
   transaction). A deadline moved by an approved extension is re-planned; a signed,
   replied, returned or cancelled assignment ends its watch.

Lower stages skipped while the sweep was down are not sent late: an assignment found
already overdue is escalated, not reminded.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hotline import clock
from hotline.cases.choices import AssignmentStatus
from hotline.cases.models import Assignment
from hotline.notifications import outbox
from hotline.orgs.choices import Role
from hotline.orgs.models import Unit, User

from . import calendar as live_calendar
from . import timeline
from .models import DeadlineKind, Reminder, Stage, SweepMark, Watch
from .status import Calendar, TimeStatus, approaching_at, default_threshold, fast, status_of

DISCOVERY_MARK = "assignments"
OVERLAP = 500  # ids re-read each run, for assignments whose transaction committed late
ROUTES = {Stage.REMIND: "remind", Stage.UNIT_LEADER: "escalate_unit", Stage.CENTRE: "escalate_centre"}
VERBS = {Stage.REMIND: "remind", Stage.UNIT_LEADER: "escalate", Stage.CENTRE: "escalate"}
STAGE_NAMES = {Stage.REMIND: "remind", Stage.UNIT_LEADER: "unit_leader", Stage.CENTRE: "centre"}
_FIELDS = ("pk", "case_id", "unit_id", "status", "dispatched_at", "sign_due_at", "due_at")


@dataclass
class Policy:
    calendar: Calendar
    threshold: float
    centre_hours: float

    @classmethod
    def current(cls) -> Policy:
        return cls(
            calendar=fast(live_calendar.current(), clock.now()), threshold=default_threshold(),
            centre_hours=float(getattr(settings, "HOTLINE_SLA_ESCALATE_TO_CENTRE_HOURS", 24)),
        )

    def centre_at(self, due: dt.datetime) -> dt.datetime:
        return self.calendar.add_working_hours(due, self.centre_hours)[0]

    def fire_time(self, stage: int, start: dt.datetime, due: dt.datetime) -> dt.datetime | None:
        if stage == Stage.REMIND:
            return approaching_at(start, due, self.calendar, self.threshold)
        if stage == Stage.UNIT_LEADER:
            return due + dt.timedelta(seconds=1)
        if stage == Stage.CENTRE:
            return self.centre_at(due)
        return None

    def reached(self, start: dt.datetime, due: dt.datetime, now: dt.datetime) -> int | None:
        """The highest stage reached at `now`, or None."""
        if now > due:
            return Stage.CENTRE if now >= self.centre_at(due) else Stage.UNIT_LEADER
        if status_of(start, due, now, self.calendar, self.threshold) == TimeStatus.APPROACHING:
            return Stage.REMIND
        return None


@dataclass
class SweepResult:
    discovered: int = 0
    examined: int = 0
    fired: Counter = field(default_factory=Counter)
    replanned: int = 0
    ended: int = 0
    notifications: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "discovered": self.discovered, "examined": self.examined,
            "fired": {STAGE_NAMES[Stage(k)]: v for k, v in sorted(self.fired.items())},
            "replanned": self.replanned, "ended": self.ended, "notifications": self.notifications,
            "seconds": round(self.seconds, 3),
        }


def deadline_of(row: dict[str, Any], kind: str) -> dt.datetime | None:
    """The deadline a watch of `kind` follows, or None when it no longer applies."""
    if kind == DeadlineKind.SIGN:
        return row["sign_due_at"] if row["status"] == AssignmentStatus.PENDING else None
    return row["due_at"] if row["status"] in AssignmentStatus.active() else None


def plan(row: dict[str, Any], policy: Policy, known: set[tuple[int, str]] = frozenset()) -> list[Watch]:
    """Watches for a newly seen assignment (`row` has the fields of `_FIELDS`)."""
    watches = []
    for kind in (DeadlineKind.SIGN, DeadlineKind.REPLY):
        due = deadline_of(row, kind)
        if due is None or (row["pk"], kind) in known:
            continue
        watches.append(Watch(
            assignment_id=row["pk"], case_id=row["case_id"], kind=kind, stage=Stage.REMIND, due_at=due,
            fire_at=policy.fire_time(Stage.REMIND, row["dispatched_at"], due),
        ))
    return watches


# --------------------------------------------------------------------------- discover


def discover(policy: Policy, now: dt.datetime, batch: int = 2000) -> int:
    SweepMark.objects.get_or_create(name=DISCOVERY_MARK)
    after = max(SweepMark.objects.get(name=DISCOVERY_MARK).value - OVERLAP, 0)
    planned = 0
    while True:
        rows = list(Assignment.objects.filter(pk__gt=after).order_by("pk").values(*_FIELDS)[:batch])
        if not rows:
            break
        known = set(
            Watch.objects.filter(assignment_id__in=[r["pk"] for r in rows]).values_list("assignment_id", "kind")
        )
        watches = [w for row in rows for w in plan(row, policy, known)]
        Watch.objects.bulk_create(watches, ignore_conflicts=True)
        planned += len(watches)
        after = rows[-1]["pk"]
        SweepMark.objects.filter(name=DISCOVERY_MARK, value__lt=after).update(value=after, updated_at=now)
        if len(rows) < batch:
            break
    return planned


# --------------------------------------------------------------------------- fire


def _staff(unit_ids: set[int]) -> dict[int, list[User]]:
    by_unit: dict[int, list[User]] = defaultdict(list)
    users = User.objects.filter(
        is_active=True, unit_id__in=unit_ids, role__in=[Role.HANDLER, Role.UNIT_LEADER],
    ).order_by("pk")
    for user in users:
        by_unit[user.unit_id].append(user)
    return by_unit


def _recipients(stage: int, unit_id: int, staff: dict[int, list[User]], centre: list[User]) -> list[User]:
    if stage == Stage.REMIND:
        return staff.get(unit_id, [])
    if stage == Stage.UNIT_LEADER:
        leaders = [u for u in staff.get(unit_id, []) if u.role == Role.UNIT_LEADER]
        return leaders or centre
    return centre


def _link(number: str) -> str:
    try:
        return reverse("console:case", args=[number])
    except NoReverseMatch:
        return ""


def _texts(stage: int, kind: str, number: str, unit: str, due: dt.datetime, title: str) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        when = date_format(due.astimezone(clock.LOCAL_TZ), "Y-m-d H:i")
        values = {"number": number, "unit": unit, "due": when}
        if stage == Stage.REMIND:
            subject = (_("Reminder: case %(number)s is to be signed for by %(due)s") if kind == DeadlineKind.SIGN
                       else _("Reminder: case %(number)s is to be answered by %(due)s")) % values
        elif stage == Stage.UNIT_LEADER:
            subject = (_("Overdue: %(unit)s has not signed for case %(number)s (due %(due)s)")
                       if kind == DeadlineKind.SIGN
                       else _("Overdue: %(unit)s has not answered case %(number)s (due %(due)s)")) % values
        else:
            subject = (_("Escalated to the centre: %(unit)s has not signed for case %(number)s (due %(due)s)")
                       if kind == DeadlineKind.SIGN
                       else _("Escalated to the centre: %(unit)s has not answered case %(number)s (due %(due)s)")
                       ) % values
    return subject, title


def _fire_batch(policy: Policy, now: dt.datetime, batch: int, result: SweepResult, centre: list[User]) -> int:
    token = uuid.uuid4().hex
    with transaction.atomic():
        due_watches = Watch.objects.filter(fire_at__lte=now).order_by("fire_at")
        if connection.features.has_select_for_update_skip_locked:
            due_watches = due_watches.select_for_update(skip_locked=True)
        watches = list(due_watches[:batch])
        if not watches:
            return 0
        cases = timeline.lock_cases({w.case_id for w in watches})
        rows = {r["pk"]: r for r in Assignment.objects.filter(pk__in={w.assignment_id for w in watches})
                .values(*_FIELDS)}
        firing: list[tuple[Watch, dict[str, Any], int, dt.datetime]] = []
        for watch in watches:
            row = rows.get(watch.assignment_id)
            due = deadline_of(row, watch.kind) if row else None
            if due is None or watch.stage >= Stage.DONE:
                watch.fire_at, watch.stage = None, Stage.DONE
                result.ended += 1
                continue
            reached = policy.reached(row["dispatched_at"], due, now)
            if reached is None or reached < watch.stage:
                # Not yet (the deadline moved, or a stage already went out): plan again.
                watch.fire_at = policy.fire_time(watch.stage, row["dispatched_at"], due)
                watch.due_at = due
                result.replanned += 1
            else:
                firing.append((watch, row, reached, due))
                watch.stage = reached + 1
                watch.due_at = due
                watch.fire_at = policy.fire_time(watch.stage, row["dispatched_at"], due)
            if watch.fire_at is not None and watch.fire_at <= now:
                watch.fire_at = now + dt.timedelta(minutes=1)  # never spin on one watch
        result.examined += len(watches)

        staff = _staff({row["unit_id"] for _w, row, _s, _d in firing})
        reminders = []
        for watch, row, stage, due in firing:
            people = _recipients(stage, row["unit_id"], staff, centre)
            reminders.append(Reminder(
                assignment_id=row["pk"], case_id=row["case_id"], unit_id=row["unit_id"], kind=watch.kind,
                stage=stage, due_at=due, at=now, recipients=[u.pk for u in people], token=token,
            ))
        Reminder.objects.bulk_create(reminders, ignore_conflicts=True)
        mine = set(Reminder.objects.filter(token=token).values_list("assignment_id", "kind", "stage"))

        unit_names = dict(Unit.objects.filter(pk__in={r.unit_id for r in reminders}).values_list("pk", "name"))
        people = {u.pk: u for users in staff.values() for u in users} | {u.pk: u for u in centre}
        notes, messages = [], []
        for reminder in reminders:
            if (reminder.assignment_id, reminder.kind, reminder.stage) not in mine:
                continue  # another sweeper got there first
            number, status, title = cases[reminder.case_id]
            result.fired[reminder.stage] += 1
            notes.append((reminder.case_id, VERBS[Stage(reminder.stage)], {
                "assignment": reminder.assignment_id, "unit": reminder.unit_id, "deadline": reminder.kind,
                "stage": STAGE_NAMES[Stage(reminder.stage)], "due_at": reminder.due_at.isoformat(),
                "notified": reminder.recipients,
            }))
            subject, body = _texts(reminder.stage, reminder.kind, number, unit_names.get(reminder.unit_id, ""),
                                   reminder.due_at, title)
            link = _link(number)
            for user in (people[pk] for pk in reminder.recipients if pk in people):
                for channel in settings.HOTLINE_NOTIFY_ROUTES.get(ROUTES[Stage(reminder.stage)], ["inbox"]):
                    messages.append(outbox.Message(
                        channel=channel, recipient=user, subject=subject, body=body, link=link,
                        dedupe_key=f"sla:{reminder.assignment_id}:{reminder.kind}:{reminder.stage}:{user.pk}:{channel}",
                        data={"case": number, "assignment": reminder.assignment_id, "stage": reminder.stage},
                    ))
        _save_watches(watches)
        timeline.append(notes, {pk: status for pk, (_n, status, _t) in cases.items()}, now)
        result.notifications += outbox.enqueue_many(messages)
    return len(watches)


def _save_watches(watches: list[Watch]) -> None:
    """One UPDATE ... FROM (VALUES ...) for the batch (Django's bulk_update builds CASE chains)."""
    if not watches:
        return
    table = connection.ops.quote_name(Watch._meta.db_table)
    if connection.vendor == "postgresql":
        row = "(%s::bigint, %s::smallint, %s::timestamptz, %s::timestamptz)"
    else:
        row = "(%s, %s, %s, %s)"
    adapt = connection.ops.adapt_datetimefield_value
    params: list[Any] = []
    for w in watches:
        params += [w.pk, w.stage, adapt(w.fire_at), adapt(w.due_at)]
    values = ", ".join([row] * len(watches))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH v (id, stage, fire_at, due_at) AS (VALUES {values}) "  # noqa: S608 - fixed names
            f"UPDATE {table} SET stage = v.stage, fire_at = v.fire_at, due_at = v.due_at "
            f"FROM v WHERE {table}.id = v.id",
            params,
        )


def run(*, now: dt.datetime | None = None, batch: int = 500, max_batches: int = 1000) -> SweepResult:
    """One sweep: discover new assignments, then fire every due watch."""
    started = time.perf_counter()
    now = now or clock.now()
    policy = Policy.current()
    result = SweepResult()
    result.discovered = discover(policy, now)
    centre = list(User.objects.filter(is_active=True, role=Role.DISPATCHER).order_by("pk"))
    for _batch in range(max_batches):
        if _fire_batch(policy, now, batch, result, centre) < batch:
            break
    result.seconds = time.perf_counter() - started
    return result
