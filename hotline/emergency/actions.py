"""Incidents: start a plan, acknowledge, arrive, escalate silence, close with a report.

Every write is a function here (a transaction, a keyword-only actor, the state checked
first, an `IncidentEvent` written). A case's status moves only through
`hotline.cases.workflow`: starting an incident on a registered case dispatches it to
the plan's units (lead = the first dispatchable one); on any other case the start is a
timeline note. External platforms (110/119/...) are tracked on the board but are not
case assignees.

Escalation (`escalate_silent`): a unit that has not acknowledged by `ack_due_at`
(or not arrived by `arrive_due_at`) is escalated to its unit leader(s) (stage 1); if
still silent after as many minutes again, to the centre (stage 2). Each stage is
claimed with a conditional UPDATE (`WHERE ack_escalation < stage`), so two sweepers
running at once escalate a unit once per stage.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import AssignmentStatus, Status
from hotline.cases.daycounter import next_in_day
from hotline.cases.errors import CaseError, Forbidden, Invalid, InvalidTransition
from hotline.cases.models import Assignment, Case
from hotline.orgs.choices import CENTRE_ROLES, Role, UnitKind
from hotline.orgs.models import Unit, User

from .models import (
    DutyShift,
    Incident,
    IncidentEvent,
    IncidentStatus,
    IncidentUnit,
    NumberSequence,
    Plan,
    UnitState,
)

log = logging.getLogger("hotline.emergency")

LEADER, CENTRE = 1, 2
CENTRE_ACT_ROLES = {Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR}
START_ROLES = {Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR}


def _channels() -> list[str]:
    return list(getattr(settings, "HOTLINE_EMERGENCY_NOTIFY_CHANNELS", ["inbox", "sms"]))


# --------------------------------------------------------------------------- roster


def on_duty(unit: Unit, at: dt.datetime) -> list[User]:
    """Duty officers of `unit` at `at`; without a roster entry, the unit's leaders."""
    users = [s.user for s in DutyShift.objects.filter(unit=unit, start__lte=at, end__gt=at, user__is_active=True)
             .select_related("user").order_by("start", "id")]
    if users:
        return users
    return list(User.objects.filter(unit=unit, role=Role.UNIT_LEADER, is_active=True).order_by("id"))


def _leaders(unit: Unit) -> list[User]:
    return list(User.objects.filter(unit=unit, role=Role.UNIT_LEADER, is_active=True).order_by("id"))


def _centre_staff() -> list[User]:
    return list(User.objects.filter(unit__kind=UnitKind.CENTRE, role__in=[Role.DISPATCHER, Role.SUPERVISOR],
                                    is_active=True).order_by("id"))


def _notify(users: list[User], *, key: str, subject: str, body: str, link: str, data: dict) -> int:
    """Queue notices in the caller's transaction (hotline.notifications outbox, deduplicated)."""
    from hotline.notifications import outbox

    messages = [
        outbox.Message(channel=channel, recipient=user, subject=subject[:200], body=body, link=link,
                       dedupe_key=f"{key}:{user.pk}:{channel}", data=data)
        for user in users for channel in _channels()
    ]
    return outbox.enqueue_many(messages)


def _link(incident: Incident) -> str:
    return f"/emergency/incidents/{incident.pk}/"


# --------------------------------------------------------------------------- start


def _next_number(now: dt.datetime) -> str:
    day = now.astimezone(clock.LOCAL_TZ).date()
    return f"E{day:%Y%m%d}{next_in_day(NumberSequence, day):03d}"


def _event(incident: Incident, verb: str, *, at: dt.datetime, unit: Unit | None = None, actor: User | None = None,
           **data) -> IncidentEvent:
    return IncidentEvent.objects.create(incident=incident, verb=verb, at=at, unit=unit, actor=actor, data=data)


def start_incident(plan: Plan, *, actor: Actor, case: Case | None = None, title: str = "", address: str = "") -> Incident:
    """Start `plan`: dispatch all its units at once and notify each unit's duty officer.

    Triggered by an emergency case or raised by the centre itself (no case).
    """
    if actor.role not in START_ROLES and actor.role != "system":
        raise Forbidden()
    if not plan.is_active:
        raise Invalid(_("This plan is not active."), field="plan")
    plan_units = list(plan.units.select_related("unit").filter(unit__is_active=True))
    if not plan_units:
        raise Invalid(_("This plan has no linkage units."), field="plan")
    if case is not None and Incident.objects.filter(case=case, status=IncidentStatus.ACTIVE).exists():
        raise InvalidTransition(_("This case already has an active incident."))
    title = (title or (case.title if case else "")).strip()[:200]
    if not title:
        raise Invalid(_("This field is required."), field="title")
    now = clock.now()
    with transaction.atomic():
        incident = Incident.objects.create(
            number=_next_number(now), plan=plan, case=case, title=title,
            address=(address or (case.address if case else "")).strip()[:255],
            started_at=now, started_by=actor.user,
        )
        rows = []
        for index, pu in enumerate(plan_units):
            officers = on_duty(pu.unit, now)
            rows.append(IncidentUnit(
                incident=incident, unit=pu.unit, task=pu.task, dispatched_at=now, order=index,
                ack_due_at=now + dt.timedelta(minutes=pu.ack_minutes),
                arrive_due_at=now + dt.timedelta(minutes=pu.arrive_minutes),
                duty_officers=[u.pk for u in officers],
            ))
            _notify(officers, key=f"incident:{incident.pk}:dispatch:{pu.unit_id}",
                    subject=_("Emergency %(number)s: %(title)s") % {"number": incident.number, "title": title},
                    body=_("Task: %(task)s. Acknowledge within %(ack)d minutes, arrive within %(arrive)d minutes.")
                    % {"task": pu.task, "ack": pu.ack_minutes, "arrive": pu.arrive_minutes},
                    link=_link(incident), data={"incident": incident.pk, "unit": pu.unit_id})
        IncidentUnit.objects.bulk_create(rows)
        _event(incident, "start", at=now, actor=actor.user, plan=plan.pk, plan_name=plan.name,
               units=[pu.unit_id for pu in plan_units],
               duty_officers={str(r.unit_id): r.duty_officers for r in rows})
        if case is not None:
            _link_case(incident, case, plan_units, actor)
    return incident


def _link_case(incident: Incident, case: Case, plan_units, actor: Actor) -> None:
    dispatchable = [pu.unit for pu in plan_units if pu.unit.kind in workflow.DISPATCHABLE_KINDS]
    if case.status == Status.REGISTERED and dispatchable:
        allowed = actor.role in workflow.TRANSITIONS["dispatch"].roles
        workflow.perform(case, "dispatch", actor=actor if allowed else Actor.system(),
                         lead_unit=dispatchable[0], co_units=dispatchable[1:],
                         instructions=_("Emergency plan %(plan)s, incident %(number)s")
                         % {"plan": incident.plan.name, "number": incident.number})
    workflow.annotate(case, "incident_start", actor=actor, data={
        "incident": incident.number, "plan": incident.plan.name,
        "units": [pu.unit.name for pu in plan_units],
    })


def start_for_case(case: Case, plan: Plan, *, actor: Actor) -> Incident:
    return start_incident(plan, actor=actor, case=case)


# --------------------------------------------------------------------------- acknowledge / arrive


def _row_for_update(row_id: int) -> IncidentUnit:
    row = IncidentUnit.objects.select_for_update().select_related("incident", "unit").filter(pk=row_id).first()
    if row is None:
        raise Invalid(_("No such unit in this incident."))
    if row.incident.status != IncidentStatus.ACTIVE:
        raise InvalidTransition(_("The incident is closed."))
    return row


def can_act_for(user: User, row: IncidentUnit) -> bool:
    """A unit's own staff act for it; the centre records acknowledgements it took by phone."""
    if user.is_superuser or user.role in CENTRE_ACT_ROLES:
        return True
    return user.unit_id is not None and user.unit_id == row.unit_id


def acknowledge(row_id: int, *, user: User, note: str = "") -> IncidentUnit:
    with transaction.atomic():
        row = _row_for_update(row_id)
        if not can_act_for(user, row):
            raise Forbidden()
        if row.state != UnitState.DISPATCHED:
            raise InvalidTransition(_("Already acknowledged."))
        now = clock.now()
        row.state, row.acknowledged_at, row.acknowledged_by = UnitState.ACKNOWLEDGED, now, user
        row.save(update_fields=["state", "acknowledged_at", "acknowledged_by"])
        _event(row.incident, "acknowledge", at=now, unit=row.unit, actor=user,
               minutes=_minutes(row.dispatched_at, now), late=now > row.ack_due_at, note=note[:500])
        _sign_case(row, user)
    return row


def arrive(row_id: int, *, user: User, note: str = "") -> IncidentUnit:
    with transaction.atomic():
        row = _row_for_update(row_id)
        if not can_act_for(user, row):
            raise Forbidden()
        if row.state not in {UnitState.DISPATCHED, UnitState.ACKNOWLEDGED}:
            raise InvalidTransition(_("Already on site."))
        now = clock.now()
        if row.acknowledged_at is None:  # arriving says "we heard you" too
            row.acknowledged_at, row.acknowledged_by = now, user
        row.state, row.arrived_at, row.arrived_by = UnitState.ARRIVED, now, user
        row.save(update_fields=["state", "acknowledged_at", "acknowledged_by", "arrived_at", "arrived_by"])
        _event(row.incident, "arrive", at=now, unit=row.unit, actor=user,
               minutes=_minutes(row.dispatched_at, now), late=now > row.arrive_due_at, note=note[:500])
    return row


def _sign_case(row: IncidentUnit, user: User) -> None:
    """A unit that acknowledges also signs for its part of the case, when it holds one."""
    case = row.incident.case
    if case is None or user.unit_id != row.unit_id or user.role not in {Role.HANDLER, Role.UNIT_LEADER}:
        return
    if not Assignment.objects.filter(case=case, unit_id=row.unit_id, status=AssignmentStatus.PENDING).exists():
        return
    try:
        workflow.perform(case, "sign", actor=Actor.staff(user))
    except CaseError as exc:  # the case moved on meanwhile; the acknowledgement stands
        log.info("incident %s: could not sign case %s for unit %s: %s", row.incident.number, case.number,
                 row.unit_id, exc)


def _minutes(start: dt.datetime, end: dt.datetime) -> int:
    return int((end - start).total_seconds() // 60)


# --------------------------------------------------------------------------- escalation


@dataclass
class SweepResult:
    escalated: list[tuple[int, str, int]] = field(default_factory=list)  # (row id, "ack"/"arrive", stage)
    notifications: int = 0


def _stage_due(due_at: dt.datetime, window: dt.timedelta, stage: int) -> dt.datetime:
    return due_at if stage == LEADER else due_at + max(window, dt.timedelta(minutes=1))


def escalate_silent(now: dt.datetime | None = None) -> SweepResult:
    """Escalate every unit past its acknowledge/arrive minutes; once per stage."""
    now = now or clock.now()
    result = SweepResult()
    candidates = (
        IncidentUnit.objects.filter(incident__status=IncidentStatus.ACTIVE)
        .filter(Q(state=UnitState.DISPATCHED, ack_escalation__lt=CENTRE, ack_due_at__lte=now)
                | Q(state__in=[UnitState.DISPATCHED, UnitState.ACKNOWLEDGED], arrive_escalation__lt=CENTRE,
                    arrive_due_at__lte=now))
        .select_related("incident", "unit")
    )
    for row in candidates:
        for kind, state_ok, due_at, stage_field in (
            ("ack", row.state == UnitState.DISPATCHED, row.ack_due_at, "ack_escalation"),
            ("arrive", row.state in {UnitState.DISPATCHED, UnitState.ACKNOWLEDGED}, row.arrive_due_at,
             "arrive_escalation"),
        ):
            if not state_ok:
                continue
            window = due_at - row.dispatched_at
            for stage in (LEADER, CENTRE):
                if getattr(row, stage_field) >= stage or now < _stage_due(due_at, window, stage):
                    continue
                result.notifications += _escalate(row, kind, stage, stage_field, now, result)
    return result


def _escalate(row: IncidentUnit, kind: str, stage: int, stage_field: str, now: dt.datetime,
              result: SweepResult) -> int:
    with transaction.atomic():
        claimed = IncidentUnit.objects.filter(
            pk=row.pk, **{f"{stage_field}__lt": stage},
            state__in=[UnitState.DISPATCHED] if kind == "ack" else [UnitState.DISPATCHED, UnitState.ACKNOWLEDGED],
        ).update(**{stage_field: stage})
        if claimed != 1:
            return 0
        setattr(row, stage_field, stage)
        recipients = _leaders(row.unit) if stage == LEADER else _centre_staff()
        if stage == LEADER and not recipients:  # a unit without a leader on file: straight to the centre
            recipients = _centre_staff()
        _event(row.incident, "escalate", at=now, unit=row.unit, kind=kind, stage=stage,
               to="unit_leader" if stage == LEADER else "centre", recipients=[u.pk for u in recipients],
               minutes=_minutes(row.dispatched_at, now))
        what = _("has not acknowledged") if kind == "ack" else _("has not arrived")
        sent = _notify(
            recipients, key=f"incident:{row.incident_id}:escalate:{row.unit_id}:{kind}:{stage}",
            subject=_("Emergency %(number)s: %(unit)s %(what)s") % {
                "number": row.incident.number, "unit": row.unit.name, "what": what},
            body=_("Dispatched %(minutes)d minutes ago. Task: %(task)s") % {
                "minutes": _minutes(row.dispatched_at, now), "task": row.task},
            link=_link(row.incident), data={"incident": row.incident_id, "unit": row.unit_id, "stage": stage},
        )
    result.escalated.append((row.pk, kind, stage))
    return sent


# --------------------------------------------------------------------------- close


def close_incident(incident: Incident, *, actor: Actor, summary: str) -> Incident:
    """Close the incident and write its report (every unit's minutes and the timeline)."""
    if actor.role not in START_ROLES:
        raise Forbidden()
    summary = (summary or "").strip()
    if not summary:
        raise Invalid(_("This field is required."), field="summary")
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status != IncidentStatus.ACTIVE:
            raise InvalidTransition(_("The incident is closed."))
        now = clock.now()
        IncidentUnit.objects.filter(incident=incident).exclude(state=UnitState.RELEASED).update(
            state=UnitState.RELEASED)
        _event(incident, "close", at=now, actor=actor.user, summary=summary[:2000])
        incident.status, incident.closed_at, incident.closed_by = IncidentStatus.CLOSED, now, actor.user
        incident.summary = summary[:5000]
        incident.report = build_report(incident)
        incident.save(update_fields=["status", "closed_at", "closed_by", "summary", "report"])
        if incident.case_id:
            workflow.annotate(incident.case, "incident_close", actor=actor, data={
                "incident": incident.number, "summary": summary[:1000],
                "minutes": incident.report["duration_minutes"]})
    return incident


def build_report(incident: Incident) -> dict:
    """Plain data: who was dispatched, when each acknowledged and arrived, and every event."""
    units = []
    for row in incident.units.select_related("unit").order_by("order", "id"):
        units.append({
            "unit": row.unit.name, "task": row.task,
            "dispatched_at": row.dispatched_at.isoformat(),
            "acknowledged_at": row.acknowledged_at.isoformat() if row.acknowledged_at else None,
            "arrived_at": row.arrived_at.isoformat() if row.arrived_at else None,
            "ack_minutes": _minutes(row.dispatched_at, row.acknowledged_at) if row.acknowledged_at else None,
            "arrive_minutes": _minutes(row.dispatched_at, row.arrived_at) if row.arrived_at else None,
            "ack_late": bool(row.acknowledged_at is None or row.acknowledged_at > row.ack_due_at),
            "arrive_late": bool(row.arrived_at is None or row.arrived_at > row.arrive_due_at),
            "escalations": max(row.ack_escalation, row.arrive_escalation),
        })
    timeline = [
        {"at": e.at.isoformat(), "verb": e.verb, "unit": e.unit.name if e.unit_id else "",
         "actor": str(e.actor) if e.actor_id else "", "data": e.data}
        for e in incident.events.select_related("unit", "actor").order_by("at", "id")
    ]
    end = incident.closed_at or clock.now()
    return {
        "number": incident.number, "title": incident.title, "plan": incident.plan.name,
        "case": incident.case.number if incident.case_id else None,
        "started_at": incident.started_at.isoformat(), "closed_at": end.isoformat(),
        "duration_minutes": _minutes(incident.started_at, end),
        "summary": incident.summary, "units": units, "timeline": timeline,
    }


def start_suggested(limit: int = 50) -> list[Incident]:
    """Start the suggested plan for open emergency cases that have none yet (run by the sweep).

    A case whose category no plan covers stays on the board for the centre to choose.
    """
    started = []
    for case in emergencies_without_incident()[:limit]:
        plan = suggest_plan(case)
        if plan is None:
            continue
        try:
            started.append(start_incident(plan, actor=Actor.system(), case=case))
        except CaseError as exc:  # raced with a person starting it, or the case moved on
            log.info("emergency case %s: plan not started: %s", case.number, exc)
    return started


def suggest_plan(case: Case) -> Plan | None:
    """The active plan whose categories cover the case's category (nearest first)."""
    if case.category_id is None:
        return None
    ids = [int(p) for p in case.category.path.strip("/").split("/") if p] if getattr(case.category, "path", "") else [
        case.category_id]
    for category_id in reversed(ids):
        plan = Plan.objects.filter(is_active=True, categories=category_id).order_by("id").first()
        if plan is not None:
            return plan
    return None


def emergencies_without_incident():
    """Open emergency cases that no incident covers yet (the board offers to start a plan)."""
    covered = Incident.objects.filter(case__isnull=False).values("case_id")
    return (Case.objects.filter(urgency="emergency", status__in=Status.open_states())
            .exclude(pk__in=covered).select_related("category").order_by("-registered_at"))


def visible_incidents(user: User):
    """The centre, leaders and auditors see every incident; a unit sees those it is part of."""
    qs = Incident.objects.all()
    if user.is_superuser or user.role in {*CENTRE_ROLES, Role.LEADER, Role.AUDITOR, Role.ADMIN}:
        return qs
    if user.unit_id is None:
        return qs.none()
    return qs.filter(units__unit_id=user.unit_id).distinct()
