"""The one way to change a case.

`register()` creates a case; `perform()` applies a verb; `annotate()` appends a note
that does not change the status (supervision orders, repeat links). All run in one transaction
that checks the transition table for the actor, refuses a stale version, writes the
event(s), and updates the case with a conditional UPDATE (WHERE version = expected), so
two people or two workers acting on one case at once can never both win.

Views, the API, commands and jobs call these functions; nothing else writes a case's
status.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import F, Max
from django.utils.translation import gettext_lazy as _

from hotline import clock
from hotline.catalog.models import Category
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit
from hotline.privacy.crypto import phone_digest
from hotline.sla import deadlines

from .actors import Actor
from .choices import (
    ArbitrationRuling,
    AssignmentRole,
    AssignmentStatus,
    CaseType,
    Channel,
    ReturnReason,
    Satisfaction,
    Status,
    Urgency,
)
from .daycounter import next_in_day
from .errors import Forbidden, Invalid, InvalidTransition, NotFound, StaleVersion
from .models import Assignment, Case, CaseEvent, CaseNumberSequence, Extension, ExtensionStatus
from .transitions import TRANSITIONS

MAX_REOPENS = getattr(settings, "HOTLINE_MAX_REOPENS", 2)
MAX_EXTENSION_DAYS = 30
DISPATCHABLE_KINDS = {
    UnitKind.DISTRICT, UnitKind.STREET, UnitKind.COMMUNITY, UnitKind.DEPARTMENT,
    UnitKind.UTILITY, UnitKind.PROVIDER, UnitKind.VOLUNTEER_TEAM, UnitKind.MEDIATION,
}


# --------------------------------------------------------------------------- register


def _next_number(at: dt.datetime) -> str:
    day = at.astimezone(clock.LOCAL_TZ).date()
    # Its own autocommit connection on PostgreSQL (settings.HOTLINE_CASE_NUMBERS_APART): the
    # day's row lock lasts one statement instead of the whole registration's transaction.
    db = connections["numbering"] if settings.HOTLINE_CASE_NUMBERS_APART else connection
    return f"{day:%Y%m%d}{next_in_day(CaseNumberSequence, day, connection=db):05d}"


def _new_query_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(6))


def _choice(value: str, choices, name: str) -> str:
    if value not in choices.values:
        raise Invalid(_("Unknown value."), field=name)
    return value


def register(
    actor: Actor,
    *,
    channel: str,
    case_type: str,
    title: str,
    content: str,
    urgency: str = Urgency.NORMAL,
    category: Category | None = None,
    address: str = "",
    district: Unit | None = None,
    street: Unit | None = None,
    community: Unit | None = None,
    latitude=None,
    longitude=None,
    citizen_name: str = "",
    citizen_phone: str = "",
    citizen_id_number: str = "",
    anonymous: bool = False,
    confidential: bool = False,
    data: dict[str, Any] | None = None,
) -> Case:
    """Take a request in (受理). The case starts `registered`, with provisional deadlines."""
    _choice(channel, Channel, "channel")
    _choice(case_type, CaseType, "case_type")
    _choice(urgency, Urgency, "urgency")
    if not title.strip():
        raise Invalid(_("This field is required."), field="title")
    if not content.strip():
        raise Invalid(_("This field is required."), field="content")
    if actor.role not in {"agent", "dispatcher", "inspector", "citizen", "system"}:
        raise Forbidden()
    now = clock.now()
    limits = deadlines.limits_for(category, case_type, urgency)
    due = deadlines.compute(now, limits)
    with transaction.atomic():
        case = Case(
            number=_next_number(now),
            query_code=_new_query_code(),
            channel=channel,
            case_type=case_type,
            urgency=urgency,
            category=category,
            title=title.strip(),
            content=content.strip(),
            address=address.strip(),
            district=district,
            street=street,
            community=community,
            latitude=latitude,
            longitude=longitude,
            citizen_name="" if anonymous else citizen_name.strip(),
            citizen_phone=citizen_phone.strip(),
            citizen_id_number=citizen_id_number.strip(),
            phone_digest=phone_digest(citizen_phone),
            anonymous=anonymous,
            confidential=confidential,
            status=Status.REGISTERED,
            sign_due_at=due.sign_due_at,
            due_at=due.due_at,
            due_estimated=due.estimated,
            registered_at=now,
            registered_by=actor.user,
            updated_at=now,
        )
        case.save()
        _write_event(
            case, "register", actor, "", Status.REGISTERED,
            {"channel": channel, "case_type": case_type, "urgency": urgency,
             "category": category.pk if category else None, **(data or {})},
            seq=1,
        )
    return case


# --------------------------------------------------------------------------- perform


@dataclass
class Step:
    """What a verb handler decided: the target state, the case fields, the events."""

    case: Case
    actor: Actor
    now: dt.datetime
    target: str | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    events: list[tuple[str, str | None, dict[str, Any]]] = field(default_factory=list)

    def set(self, **fields: Any) -> None:
        self.changes.update(fields)
        for name, value in fields.items():
            setattr(self.case, name, value)

    def event(self, verb: str, data: dict[str, Any], to_status: str | None = None) -> None:
        self.events.append((verb, to_status, data))


def perform(
    case: Case | str,
    verb: str,
    *,
    actor: Actor,
    version: int | None = None,
    **data: Any,
) -> Case:
    """Apply `verb` to a case (given as an instance or its number) and return it fresh."""
    rule = TRANSITIONS.get(verb)
    if rule is None:
        raise NotFound(_("Unknown action."), code="unknown_verb")
    number = case if isinstance(case, str) else case.number
    with transaction.atomic():
        # The case's row is locked, not its category's (`of`); the category comes along
        # because deadlines and routing read it.
        current = (Case.objects.select_for_update(of=("self",)).select_related("category")
                   .filter(number=number).first())
        if current is None:
            raise NotFound()
        if version is not None and current.version != version:
            raise StaleVersion()
        if actor.role not in rule.roles:
            raise Forbidden()
        if current.status not in rule.sources:
            raise InvalidTransition()
        step = Step(case=current, actor=actor, now=clock.now(), target=rule.target)
        if rule.scope in {"assignee", "lead"}:
            _require_assignment(step, lead_only=rule.scope == "lead")
        HANDLERS[verb](step, **data)
        _commit(step, verb)
    current.refresh_from_db()
    return current


def _commit(step: Step, verb: str) -> None:
    case = step.case
    from_status, expected = case.status, case.version
    target = step.target or from_status
    fields = dict(step.changes)
    fields.update(status=target, version=F("version") + 1, updated_at=step.now)
    updated = Case.objects.filter(pk=case.pk, version=expected).update(**fields)
    if updated != 1:
        raise StaleVersion()
    seq = (CaseEvent.objects.filter(case_id=case.pk).aggregate(m=Max("seq"))["m"] or 0) + 1
    events = step.events or [(verb, None, {})]
    status = from_status
    for index, (name, to_status, data) in enumerate(events):
        last = index == len(events) - 1
        to = to_status or (target if last else status)
        _write_event(case, name, step.actor, status, to, data, seq=seq + index, at=step.now)
        status = to
    case.version = expected + 1
    case.status = target


def annotate(
    case: Case | str,
    verb: str,
    *,
    actor: Actor,
    data: dict[str, Any] | None = None,
    version: int | None = None,
) -> CaseEvent:
    """Append a note to a case's timeline without changing its status.

    For facts other apps record about a case (a supervision order issued or answered,
    a repeat link, a reminder): the event gets the next seq under the case's row lock.
    A note changes nothing a handler's form relies on, so the version stays as it is
    (an open form is not made stale by a reminder); a caller that must act on a
    known state passes `version` and a changed case is refused.
    """
    if verb in TRANSITIONS or verb in {"register", "merged_in"} or not verb or len(verb) > 30:
        raise ValueError(f"annotate() cannot write the workflow verb {verb!r}")
    number = case if isinstance(case, str) else case.number
    with transaction.atomic():
        current = Case.objects.select_for_update().filter(number=number).first()
        if current is None:
            raise NotFound()
        if version is not None and current.version != version:
            raise StaleVersion()
        now = clock.now()
        seq = (CaseEvent.objects.filter(case_id=current.pk).aggregate(m=Max("seq"))["m"] or 0) + 1
        return _write_event(current, verb, actor, current.status, current.status, dict(data or {}), seq=seq, at=now)


def _write_event(case, verb, actor: Actor, from_status, to_status, data, *, seq, at=None) -> CaseEvent:
    try:
        return CaseEvent.objects.create(
            case=case, seq=seq, verb=verb, at=at or clock.now(), actor=actor.user,
            actor_role=actor.role, actor_unit_id=actor.unit_id,
            from_status=from_status or "", to_status=to_status or "", data=data,
        )
    except IntegrityError as exc:  # two writers raced on the timeline
        raise StaleVersion() from exc


# --------------------------------------------------------------------------- helpers


def _active_assignments(case: Case) -> list[Assignment]:
    return list(
        Assignment.objects.filter(case=case, status__in=AssignmentStatus.active()).select_related("unit")
    )


def _require_assignment(step: Step, *, lead_only: bool) -> Assignment:
    """The actor's unit must hold an active (or, for reply, signed) assignment."""
    qs = Assignment.objects.filter(
        case=step.case, unit_id=step.actor.unit_id,
        status__in=[AssignmentStatus.PENDING, AssignmentStatus.SIGNED],
    )
    if lead_only:
        qs = qs.filter(role=AssignmentRole.LEAD)
    assignment = qs.order_by("-round", "id").first()
    if assignment is None or step.actor.unit_id is None:
        raise Forbidden(_("This case is not assigned to your unit."))
    step.assignment = assignment  # type: ignore[attr-defined]
    return assignment


def _unit(value, name: str) -> Unit:
    if isinstance(value, Unit):
        unit = value
    else:
        unit = Unit.objects.filter(pk=value).first() if str(value).isdigit() else None
        if unit is None:
            unit = Unit.objects.filter(code=str(value)).first()
    if unit is None or not unit.is_active:
        raise Invalid(_("No such unit."), field=name)
    if unit.kind not in DISPATCHABLE_KINDS:
        raise Invalid(_("Cases cannot be dispatched to this kind of unit."), field=name)
    return unit


def _text(value, name: str, *, required: bool = True, max_length: int = 5000) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise Invalid(_("Must be text."), field=name)
    if required and not text:
        raise Invalid(_("This field is required."), field=name)
    if len(text) > max_length:
        raise Invalid(_("Too long."), field=name)
    return text


def _create_round(step: Step, lead: Unit, co_units: list[Unit], instructions: str) -> dict[str, Any]:
    case, now = step.case, step.now
    for assignment in _active_assignments(case):
        assignment.status = AssignmentStatus.CANCELLED
        assignment.save(update_fields=["status"])
    last_round = Assignment.objects.filter(case=case).aggregate(m=Max("round"))["m"] or 0
    limits = deadlines.limits_for(case.category, case.case_type, case.urgency)
    due = deadlines.compute(now, limits)
    round_no = last_round + 1
    for unit, role in [(lead, AssignmentRole.LEAD), *[(u, AssignmentRole.CO) for u in co_units]]:
        Assignment.objects.create(
            case=case, unit=unit, role=role, round=round_no, dispatched_at=now,
            dispatched_by=step.actor.user, sign_due_at=due.sign_due_at, due_at=due.due_at,
            instructions=instructions,
        )
    step.set(lead_unit=lead, sign_due_at=due.sign_due_at, due_at=due.due_at, due_estimated=due.estimated)
    return {
        "lead_unit": lead.pk, "lead_unit_name": lead.name,
        "co_units": [u.pk for u in co_units], "round": round_no,
        "sign_due_at": due.sign_due_at.isoformat(), "due_at": due.due_at.isoformat(),
        **({"instructions": instructions} if instructions else {}),
    }


def _dispatch_targets(lead_unit, co_units) -> tuple[Unit, list[Unit]]:
    if lead_unit in (None, ""):
        raise Invalid(_("Choose a lead unit."), field="lead_unit")
    lead = _unit(lead_unit, "lead_unit")
    if not isinstance(co_units, list | tuple):
        raise Invalid(_("Must be a list of units."), field="co_units")
    cos: list[Unit] = []
    for value in co_units:
        unit = _unit(value, "co_units")
        if unit.pk != lead.pk and unit.pk not in {c.pk for c in cos}:
            cos.append(unit)
    return lead, cos


# --------------------------------------------------------------------------- verbs


def _answer_on_spot(step: Step, *, reply: str = "", **_rest: Any) -> None:
    text = _text(reply, "reply")
    step.set(replied_at=step.now)
    step.event("answer_on_spot", {"reply": text})


def _dispatch(step: Step, *, lead_unit=None, co_units=(), instructions: str = "", reason: str = "", **_rest: Any) -> None:
    lead, cos = _dispatch_targets(lead_unit, list(co_units))
    data = _create_round(step, lead, cos, _text(instructions, "instructions", required=False))
    if reason:
        data["routing_reason"] = str(reason)[:500]
    step.event("dispatch", data)


def _sign(step: Step, **_rest: Any) -> None:
    assignment: Assignment = step.assignment  # type: ignore[attr-defined]
    if assignment.status != AssignmentStatus.PENDING:
        raise InvalidTransition(_("Your unit has already signed for this case."))
    assignment.status = AssignmentStatus.SIGNED
    assignment.signed_at = step.now
    assignment.signed_by = step.actor.user
    assignment.save(update_fields=["status", "signed_at", "signed_by"])
    late = assignment.sign_due_at is not None and step.now > assignment.sign_due_at
    if assignment.role != AssignmentRole.LEAD:
        step.target = None  # a co-handler's signature does not move the case
    elif step.case.status == Status.HANDLING:
        raise InvalidTransition()
    step.event("sign", {"assignment": assignment.pk, "role": assignment.role, "late": late})


def _return(step: Step, *, reason: str = "", note: str = "", **_rest: Any) -> None:
    assignment: Assignment = step.assignment  # type: ignore[attr-defined]
    if reason not in ReturnReason.values:
        raise Invalid(_("Choose a reason for returning the case."), field="reason")
    note = _text(note, "note", required=reason == ReturnReason.OTHER, max_length=1000)
    assignment.status = AssignmentStatus.RETURNED
    assignment.returned_at = step.now
    assignment.return_reason = reason
    assignment.return_note = note
    assignment.save(update_fields=["status", "returned_at", "return_reason", "return_note"])
    step.event("return", {"assignment": assignment.pk, "unit": assignment.unit_id, "reason": reason, "note": note})


def _returned_assignment(case: Case) -> Assignment | None:
    return (
        Assignment.objects.filter(case=case, role=AssignmentRole.LEAD, status=AssignmentStatus.RETURNED)
        .order_by("-round").first()
    )


def _redispatch(step: Step, *, lead_unit=None, co_units=(), instructions: str = "", note: str = "", **_rest: Any) -> None:
    returned = _returned_assignment(step.case)
    lead, cos = _dispatch_targets(lead_unit, list(co_units))
    data = _create_round(step, lead, cos, _text(instructions, "instructions", required=False))
    data.update(returned_by=returned.unit_id if returned else None, review="accepted",
                note=_text(note, "note", required=False, max_length=1000))
    step.event("redispatch", data)


def _arbitrate(step: Step, *, ruling: str = "", lead_unit=None, co_units=(), note: str = "", **_rest: Any) -> None:
    if ruling not in ArbitrationRuling.values:
        raise Invalid(_("Choose a ruling."), field="ruling")
    returned = _returned_assignment(step.case)
    if lead_unit in (None, "") and ruling == ArbitrationRuling.UNJUSTIFIED and returned:
        lead_unit = returned.unit_id
    lead, cos = _dispatch_targets(lead_unit, list(co_units))
    note = _text(note, "note", max_length=2000)
    data = _create_round(step, lead, cos, note)
    data.update(ruling=ruling, returned_by=returned.unit_id if returned else None,
                return_reason=returned.return_reason if returned else "", note=note)
    step.event("arbitrate", data)


def _request_extension(step: Step, *, days=None, reason: str = "", **_rest: Any) -> None:
    assignment: Assignment = step.assignment  # type: ignore[attr-defined]
    if assignment.status != AssignmentStatus.SIGNED:
        raise InvalidTransition(_("Sign for the case first."))
    if step.case.extension_pending:
        raise InvalidTransition(_("An extension request is already waiting for a decision."))
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise Invalid(_("Give a whole number of working days from 1 to 30."), field="days")
    reason = _text(reason, "reason", max_length=1000)
    ext = Extension.objects.create(
        case=step.case, assignment=assignment, days=days, reason=reason,
        requested_by=step.actor.user, requested_at=step.now, old_due_at=assignment.due_at,
    )
    step.set(extension_pending=True)
    step.event("request_extension", {"extension": ext.pk, "days": days, "reason": reason})


def _pending_extension(case: Case) -> Extension:
    ext = Extension.objects.filter(case=case, status=ExtensionStatus.PENDING).select_related("assignment").first()
    if ext is None:
        raise InvalidTransition(_("There is no extension request to decide."))
    return ext


def _approve_extension(step: Step, *, days=None, note: str = "", **_rest: Any) -> None:
    ext = _pending_extension(step.case)
    if days is None:
        days = ext.days
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise Invalid(_("Give a whole number of working days from 1 to 30."), field="days")
    assignment = ext.assignment
    base = assignment.due_at or step.case.due_at or step.now
    new_due, uncovered = deadlines.extend(base, days)
    assignment.due_at = new_due
    assignment.save(update_fields=["due_at"])
    ext.status, ext.decided_by, ext.decided_at = ExtensionStatus.APPROVED, step.actor.user, step.now
    ext.days, ext.new_due_at = days, new_due
    ext.save(update_fields=["status", "decided_by", "decided_at", "days", "new_due_at"])
    step.set(extension_pending=False, due_at=new_due, due_estimated=bool(uncovered) or step.case.due_estimated)
    step.event("approve_extension", {
        "extension": ext.pk, "days": days, "old_due_at": base.isoformat(), "due_at": new_due.isoformat(),
        "note": _text(note, "note", required=False, max_length=1000),
    })


def _refuse_extension(step: Step, *, note: str = "", **_rest: Any) -> None:
    ext = _pending_extension(step.case)
    note = _text(note, "note", max_length=1000)
    ext.status, ext.decided_by, ext.decided_at = ExtensionStatus.REFUSED, step.actor.user, step.now
    ext.save(update_fields=["status", "decided_by", "decided_at"])
    step.set(extension_pending=False)
    step.event("refuse_extension", {"extension": ext.pk, "note": note})


def _reply(step: Step, *, reply: str = "", **_rest: Any) -> None:
    assignment: Assignment = step.assignment  # type: ignore[attr-defined]
    if assignment.status != AssignmentStatus.SIGNED:
        raise InvalidTransition(_("Sign for the case first."))
    text = _text(reply, "reply")
    assignment.status = AssignmentStatus.REPLIED
    assignment.replied_at = step.now
    assignment.reply = text
    assignment.save(update_fields=["status", "replied_at", "reply"])
    late = assignment.due_at is not None and step.now > assignment.due_at
    if assignment.role == AssignmentRole.LEAD:
        step.set(replied_at=step.now, extension_pending=False)
        Extension.objects.filter(case=step.case, status=ExtensionStatus.PENDING).update(
            status=ExtensionStatus.REFUSED, decided_at=step.now,
        )
    else:
        step.target = None
    step.event("reply", {"assignment": assignment.pk, "role": assignment.role, "reply": text, "late": late})


def _reopen_round(step: Step, reason: str) -> None:
    """Send a case back to its last lead (and co-handlers) for another round (重办)."""
    last_lead = (
        Assignment.objects.filter(case=step.case, role=AssignmentRole.LEAD)
        .exclude(status=AssignmentStatus.CANCELLED).order_by("-round").select_related("unit").first()
    )
    step.set(reopen_count=step.case.reopen_count + 1, resolved=None, satisfaction="", closed_at=None)
    if last_lead is None:
        step.target = Status.REGISTERED
        step.event("reopen", {"reason": reason}, to_status=Status.REGISTERED)
        return
    cos = [
        a.unit for a in Assignment.objects.filter(
            case=step.case, role=AssignmentRole.CO, round=last_lead.round,
        ).select_related("unit")
    ]
    data = _create_round(step, last_lead.unit, cos, reason)
    data["reason"] = reason
    step.target = Status.DISPATCHED
    step.event("reopen", data, to_status=Status.DISPATCHED)


def _callback(step: Step, *, satisfaction: str = "", resolved=None, note: str = "", **_rest: Any) -> None:
    if satisfaction not in Satisfaction.values:
        raise Invalid(_("Choose a satisfaction level."), field="satisfaction")
    note = _text(note, "note", required=False, max_length=2000)
    data = {"satisfaction": satisfaction, "resolved": resolved, "note": note, "by": step.actor.role}
    if satisfaction == Satisfaction.UNREACHABLE:
        step.target = None
        step.event("callback", data)
        return
    if not isinstance(resolved, bool):
        raise Invalid(_("Say whether the problem was resolved."), field="resolved")
    step.set(satisfaction=satisfaction, resolved=resolved)
    if (resolved and satisfaction != Satisfaction.UNSATISFIED) or step.case.reopen_count >= MAX_REOPENS:
        if not resolved or satisfaction == Satisfaction.UNSATISFIED:
            data["reopen_limit_reached"] = True
        step.set(closed_at=step.now)
        step.target = Status.CLOSED
        step.event("callback", data, to_status=Status.CLOSED)
        return
    step.event("callback", data, to_status=Status.REPLIED)
    _reopen_round(step, "callback: " + ("unresolved" if not resolved else "unsatisfied"))
    # The callback's rating stays on the event; the case starts a fresh round.
    step.set(satisfaction="", resolved=None)


def _close(step: Step, *, note: str = "", **_rest: Any) -> None:
    step.set(closed_at=step.now)
    step.event("close", {"note": _text(note, "note", max_length=1000)})


def _reopen(step: Step, *, reason: str = "", **_rest: Any) -> None:
    _reopen_round(step, _text(reason, "reason", max_length=1000))


def _merge(step: Step, *, into: str = "", note: str = "", **_rest: Any) -> None:
    target = Case.objects.select_for_update().filter(number=str(into or "")).first()
    if target is None:
        raise Invalid(_("No such case to merge into."), field="into")
    if target.pk == step.case.pk or target.status in {Status.MERGED, Status.CLOSED}:
        raise Invalid(_("A case can only be merged into another open case."), field="into")
    for assignment in _active_assignments(step.case):
        assignment.status = AssignmentStatus.CANCELLED
        assignment.save(update_fields=["status"])
    note = _text(note, "note", required=False, max_length=1000)
    step.set(merged_into=target, closed_at=step.now)
    step.event("merge", {"into": target.number, "note": note})
    # The surviving case records what was folded into it, keeping both timelines.
    updated = Case.objects.filter(pk=target.pk, version=target.version).update(
        version=F("version") + 1, updated_at=step.now,
    )
    if updated != 1:
        raise StaleVersion()
    seq = (CaseEvent.objects.filter(case_id=target.pk).aggregate(m=Max("seq"))["m"] or 0) + 1
    _write_event(target, "merged_in", step.actor, target.status, target.status,
                 {"from": step.case.number, "note": note}, seq=seq, at=step.now)


def _supplement(step: Step, *, text: str = "", **_rest: Any) -> None:
    step.target = None
    step.event("supplement", {"text": _text(text, "text", max_length=5000), "by": step.actor.role})


def _transfer_out(step: Step, *, to: str = "", peer_name: str = "", transfer_id: str = "", reason: str = "", **_rest: Any) -> None:
    to = _text(to, "to", max_length=40)
    for assignment in _active_assignments(step.case):
        assignment.status = AssignmentStatus.CANCELLED
        assignment.save(update_fields=["status"])
    step.set(closed_at=step.now)
    step.event("transfer_out", {
        "transferred_to": to, "peer_name": _text(peer_name, "peer_name", required=False, max_length=100),
        "transfer_id": _text(transfer_id, "transfer_id", required=False, max_length=64),
        "reason": _text(reason, "reason", required=False, max_length=1000),
    })


def _peer_update(step: Step, *, peer: str = "", remote_status: str = "", remote_verb: str = "", note: str = "",
                 remote_number: str = "", at: str = "", **_rest: Any) -> None:
    peer = _text(peer, "peer", max_length=40)
    transferred = CaseEvent.objects.filter(case=step.case, verb="transfer_out", data__transferred_to=peer).exists()
    if not transferred:
        raise InvalidTransition(_("This case was not transferred to that platform."))
    step.target = None
    step.event("peer_update", {
        "peer": peer, "remote_number": _text(remote_number, "remote_number", required=False, max_length=40),
        "remote_status": _text(remote_status, "remote_status", max_length=20),
        "remote_verb": _text(remote_verb, "remote_verb", required=False, max_length=30),
        "note": _text(note, "note", required=False), "at": _text(at, "at", required=False, max_length=40),
    })


def _transfer_external(step: Step, *, to: str = "", unit=None, matter: str = "", reason: str = "", **_rest: Any) -> None:
    """Hand the case to an emergency platform (110/119/120/122): closed here, the unit named."""
    target = Unit.objects.filter(pk=unit, kind=UnitKind.EXTERNAL, is_active=True).first() if isinstance(unit, int) and not isinstance(unit, bool) else None
    if target is None:
        raise Invalid(_("No such external platform."), field="unit")
    for assignment in _active_assignments(step.case):
        assignment.status = AssignmentStatus.CANCELLED
        assignment.save(update_fields=["status"])
    step.set(closed_at=step.now)
    step.event("transfer_external", {
        "to": _text(to, "to", max_length=10), "unit": target.pk, "unit_name": target.name,
        "matter": _text(matter, "matter", required=False, max_length=20),
        "reason": _text(reason, "reason", required=False, max_length=1000),
    })


HANDLERS = {
    "answer_on_spot": _answer_on_spot,
    "dispatch": _dispatch,
    "sign": _sign,
    "return": _return,
    "redispatch": _redispatch,
    "arbitrate": _arbitrate,
    "request_extension": _request_extension,
    "approve_extension": _approve_extension,
    "refuse_extension": _refuse_extension,
    "reply": _reply,
    "callback": _callback,
    "close": _close,
    "reopen": _reopen,
    "merge": _merge,
    "supplement": _supplement,
    "transfer_out": _transfer_out,
    "peer_update": _peer_update,
    "transfer_external": _transfer_external,
}
assert set(HANDLERS) == set(TRANSITIONS), "every verb in the table needs a handler"
