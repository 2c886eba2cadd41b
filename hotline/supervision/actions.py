"""Every write about supervision orders (督办单): issue, answer, accept, reject, escalate.

Each action runs in one transaction, checks the actor and the current state first,
writes a `SupervisionEvent` and notes the fact on the case's timeline through
`hotline.cases.workflow.annotate` (no status change). Deadlines are working days from
`hotline.sla.calendar`.

Late answers, answers rejected as perfunctory and items nobody answered in time move
one level up (general → key → leader), get a new deadline for that level and wait for
a new answer; the top level stays at the top but still gets a new deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Status
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition
from hotline.cases.models import Case
from hotline.orgs.choices import Role
from hotline.orgs.models import Unit
from hotline.sla import calendar

from . import notices
from .choices import EscalationReason, EventKind, ItemStatus, Level
from .models import SupervisionEvent, SupervisionItem, SupervisionOrder
from .selection import MAX_GROUP, Selection

DEFAULT_DAYS = {Level.GENERAL: 5, Level.KEY: 3, Level.LEADER: 2}
ISSUERS = frozenset({Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER})
REVIEWERS = ISSUERS
ANSWERERS = frozenset({Role.HANDLER, Role.UNIT_LEADER})


def days_for(level: str) -> int:
    configured = getattr(settings, "HOTLINE_SUPERVISION_DAYS", {}) or {}
    return int(configured.get(level, DEFAULT_DAYS[level]))


def deadline(start: dt.datetime, days: int) -> dt.datetime:
    due, _uncovered = calendar.current().add_working_days(start, days)
    return due


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(clock.LOCAL_TZ).isoformat()


def _text(value: Any, field: str, *, max_length: int = 5000) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise Invalid(_("This field is required."), field=field)
    if len(text) > max_length:
        raise Invalid(_("Too long."), field=field)
    return text


def _level(value: str) -> str:
    if value not in Level.values:
        raise Invalid(_("Choose a supervision level."), field="level")
    return value


def _days(value, level: str) -> int:
    if value is None:
        return days_for(level)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 30:
        raise Invalid(_("Give a whole number of working days from 1 to 30."), field="days")
    return value


def _note(item: SupervisionItem, verb: str, actor: Actor, data: dict[str, Any]):
    """The case's timeline line for this action."""
    return workflow.annotate(item.case, verb, actor=actor, data={
        "order": item.order_id, "order_number": item.order.number, "item": item.pk,
        "unit": item.unit_id, "level": item.level, **data,
    })


def _log(item: SupervisionItem, kind: str, actor: Actor, case_event, data: dict[str, Any]) -> SupervisionEvent:
    return SupervisionEvent.objects.create(
        order_id=item.order_id, item=item, kind=kind, at=case_event.at, actor=actor.user,
        actor_role=actor.role, level=item.level, case_event=case_event, data=data,
    )


# --------------------------------------------------------------------------- issue


def issue(
    case: Case, *, actor: Actor, level: str = Level.GENERAL, reason: str, subject: str = "",
    days: int | None = None, unit: Unit | None = None, token: str = "",
) -> SupervisionOrder:
    """Issue an order on one case; the case's lead unit answers unless `unit` is given.

    `token` is the issuing form's one-time token: issuing again with it returns the
    order made the first time (a double click or a retried request issues once).
    """
    if case.status == Status.MERGED:
        raise InvalidTransition(_("A merged case cannot be supervised; supervise the case it was merged into."))
    if unit is None and case.lead_unit_id is None:
        raise Invalid(_("The case has no lead unit yet: name the unit that must answer."), field="unit")
    return _issue([case], actor=actor, level=level, reason=reason, subject=subject or case.title,
                  days=days, unit=unit, selection=None, token=token)


def issue_group(
    selection: Selection, *, actor: Actor, level: str = Level.GENERAL, reason: str, subject: str,
    days: int | None = None, token: str = "", expected: int | None = None,
) -> SupervisionOrder:
    """Issue one order over every case the selection finds; each lead unit answers for its cases.

    `expected` is the number of cases the issuer was shown: if the selection finds a
    different number now, nothing is issued and the issuer looks again.
    """
    replay = _replayed(actor, token)
    if replay is not None:
        return replay
    cases = list(selection.targets().select_related("lead_unit")[:MAX_GROUP + 1])
    if not cases:
        raise Invalid(_("No case with a lead unit matches this selection."), field="selection")
    if len(cases) > MAX_GROUP:
        raise Invalid(_("The selection finds too many cases; narrow it down."), field="selection")
    if expected is not None and len(cases) != expected:
        raise Invalid(_("The cases matching the selection changed since you looked; check the list again."),
                      field="selection")
    return _issue(cases, actor=actor, level=level, reason=reason, subject=_text(subject, "subject", max_length=200),
                  days=days, unit=None, selection=selection.as_json() or {"all": True}, token=token)


def deadlines_now(now: dt.datetime | None = None) -> list[tuple[str, int, dt.datetime]]:
    """(level, working days, answer-by) for an order issued at `now` with the default days."""
    now = now or clock.now()
    return [(level, days_for(level), deadline(now, days_for(level))) for level in Level.ordered()]


def _token(value: str) -> str:
    token = value.strip() if isinstance(value, str) else ""
    if len(token) > 64 or not all(c.isalnum() or c == "-" for c in token):
        raise Invalid(_("The form is not valid any more; reload the page."), field="token")
    return token


def _replayed(actor: Actor, token: str) -> SupervisionOrder | None:
    """The order this issuer already made with this form, if any."""
    if actor.role not in ISSUERS or actor.user is None:
        raise Forbidden()
    token = _token(token)
    if not token:
        return None
    return SupervisionOrder.objects.filter(issued_by=actor.user, request_token=token).first()


def _issue(cases: Iterable[Case], *, actor: Actor, level: str, reason: str, subject: str, days: int | None,
           unit: Unit | None, selection: dict | None, token: str = "") -> SupervisionOrder:
    replay = _replayed(actor, token)
    if replay is not None:
        return replay
    level = _level(level)
    days = _days(days, level)
    reason = _text(reason, "reason")
    now = clock.now()
    due = deadline(now, days)
    try:
        with transaction.atomic():
            order = SupervisionOrder.objects.create(
                level=level, subject=subject[:200], reason=reason, days=days, due_at=due, selection=selection or {},
                issued_at=now, issued_by=actor.user, issued_by_role=actor.role, request_token=token.strip(),
            )
            for case in sorted(cases, key=lambda c: c.pk):
                target = unit or case.lead_unit
                item = SupervisionItem.objects.create(
                    order=order, case=case, unit=target, level=level, due_at=due,
                )
                event = _note(item, "supervision_issued", actor, {
                    "unit_name": target.name, "reason": reason, "due_at": _iso(due), "group": bool(selection),
                })
                _log(item, EventKind.ISSUED, actor, event, {"reason": reason, "due_at": _iso(due)})
                item.order, item.case = order, case
                notices.notify(item)
    except IntegrityError:
        # A concurrent submit of the same form committed first: answer with its order.
        replay = _replayed(actor, token)
        if replay is None:
            raise
        return replay
    return order


# --------------------------------------------------------------------------- answer and review


def _locked(item: SupervisionItem | int) -> SupervisionItem:
    pk = item.pk if isinstance(item, SupervisionItem) else item
    return SupervisionItem.objects.select_for_update().select_related("order", "case", "unit").get(pk=pk)


def answer(item: SupervisionItem | int, *, actor: Actor, text: str) -> SupervisionItem:
    """The target unit answers. An answer after the deadline is kept and escalates the item."""
    with transaction.atomic():
        item = _locked(item)
        if actor.role not in ANSWERERS or actor.unit_id is None or actor.unit_id != item.unit_id:
            raise Forbidden(_("This supervision order is addressed to another unit."))
        if item.status != ItemStatus.PENDING:
            raise InvalidTransition(_("This supervision order is not waiting for an answer."))
        text = _text(text, "text")
        now = clock.now()
        late = now > item.due_at
        item.status, item.answer, item.answered_at, item.answered_by = ItemStatus.ANSWERED, text, now, actor.user
        item.answered_late = late
        item.save(update_fields=["status", "answer", "answered_at", "answered_by", "answered_late"])
        data = {"answer": text, "late": late, "due_at": _iso(item.due_at)}
        _log(item, EventKind.ANSWERED, actor, _note(item, "supervision_answered", actor, data), data)
        if late:
            _escalate(item, actor=Actor.system(), reason=EscalationReason.LATE_ANSWER, now=now)
    return item


def accept(item: SupervisionItem | int, *, actor: Actor, note: str = "") -> SupervisionItem:
    """The issuing side accepts the answer: the item is done (the order when all are)."""
    with transaction.atomic():
        item = _locked(item)
        _require_reviewer(actor, item)
        now = clock.now()
        item.status, item.closed_at = ItemStatus.ACCEPTED, now
        item.save(update_fields=["status", "closed_at"])
        data = {"note": (note or "").strip()[:1000]}
        _log(item, EventKind.ACCEPTED, actor, _note(item, "supervision_accepted", actor, data), data)
        if not item.order.items.filter(status__in=ItemStatus.open()).exists():
            SupervisionOrder.objects.filter(pk=item.order_id).update(closed_at=now)
    return item


def reject(item: SupervisionItem | int, *, actor: Actor, reason: str) -> SupervisionItem:
    """The answer is perfunctory (敷衍): recorded, and the item escalates for a new answer."""
    with transaction.atomic():
        item = _locked(item)
        _require_reviewer(actor, item)
        reason = _text(reason, "reason", max_length=2000)
        data = {"reason": reason, "answer": item.answer}
        _log(item, EventKind.REJECTED, actor, _note(item, "supervision_rejected", actor, data), data)
        _escalate(item, actor=actor, reason=EscalationReason.PERFUNCTORY, now=clock.now())
    return item


def _require_reviewer(actor: Actor, item: SupervisionItem) -> None:
    if actor.role not in REVIEWERS or actor.user is None:
        raise Forbidden()
    if item.status != ItemStatus.ANSWERED:
        raise InvalidTransition(_("There is no answer to review."))


# --------------------------------------------------------------------------- escalation


def _escalate(item: SupervisionItem, *, actor: Actor, reason: str, now: dt.datetime) -> bool:
    """Move the item one level up with a new deadline; False if someone else just did."""
    old_level, old_due = item.level, item.due_at
    new_level = Level.above(old_level)
    new_due = deadline(now, days_for(new_level))
    # Conditional on what we read, so two sweepers can never escalate one deadline twice.
    claimed = SupervisionItem.objects.filter(
        pk=item.pk, level=old_level, due_at=old_due, status__in=ItemStatus.open(),
    ).update(level=new_level, due_at=new_due, status=ItemStatus.PENDING, escalations=F("escalations") + 1)
    if claimed != 1:
        return False
    item.level, item.due_at, item.status, item.escalations = new_level, new_due, ItemStatus.PENDING, item.escalations + 1
    data = {"from_level": old_level, "to_level": new_level, "reason": reason,
            "old_due_at": _iso(old_due), "due_at": _iso(new_due)}
    _log(item, EventKind.ESCALATED, actor, _note(item, "supervision_escalated", actor, data), data)
    notices.notify(item, escalated=True)
    return True


def escalate_overdue(*, batch: int = 200) -> int:
    """Escalate every item still waiting for an answer past its deadline. Idempotent.

    Meant for the periodic sweep: workers running it at once skip each other's rows
    (SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL) and a re-run finds nothing new,
    because an escalated item has a deadline in the future.
    """
    now = clock.now()
    done = 0
    while True:
        with transaction.atomic():
            rows = list(
                SupervisionItem.objects.select_for_update(skip_locked=True)
                .filter(status=ItemStatus.PENDING, due_at__lt=now).order_by("due_at", "pk")[:batch]
            )
            for item in SupervisionItem.objects.filter(pk__in=[r.pk for r in rows]).select_related("order", "case"):
                done += _escalate(item, actor=Actor.system(), reason=EscalationReason.NO_ANSWER, now=now)
        if len(rows) < batch:
            return done
