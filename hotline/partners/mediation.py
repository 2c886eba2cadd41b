"""Mediation (大调解): route a dispute to a mediation organisation, hold sessions, and send
the outcome back to the case's timeline (`workflow.annotate`, verb `mediation_outcome`).

Routing: the organisation whose scope names this kind of dispute and the smallest
territory containing the case's place; then one with that kind and no territory; then
any active mediation organisation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Status
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition
from hotline.cases.models import Case
from hotline.orgs.choices import Role, UnitKind
from hotline.orgs.models import Unit

from .models import DisputeKind, Mediation, MediationScope, MediationSession, MediationStatus

CENTRE = {Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR}


def _place(case: Case) -> Unit | None:
    return case.community or case.street or case.district


def route(kind: str, place: Unit | None) -> Unit | None:
    scopes = list(MediationScope.objects.filter(kind=kind, organisation__is_active=True)
                  .select_related("organisation", "territory"))
    local = [s for s in scopes if s.territory_id and place is not None and place.path.startswith(s.territory.path)]
    if local:
        return max(local, key=lambda s: len(s.territory.path)).organisation
    general = [s for s in scopes if not s.territory_id]
    if general:
        return general[0].organisation
    return Unit.objects.filter(kind=UnitKind.MEDIATION, is_active=True).order_by("id").first()


def open_mediation(case: Case, *, kind: str, actor: Actor, parties: str = "") -> Mediation:
    if actor.role not in CENTRE:
        raise Forbidden()
    if kind not in DisputeKind.values:
        raise Invalid(_("Choose the kind of dispute."), field="kind")
    organisation = route(kind, _place(case))
    if organisation is None:
        raise Invalid(_("No mediation organisation is set up."), field="kind")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status not in Status.open_states():
            raise InvalidTransition()
        if Mediation.objects.filter(case=case).exclude(status__in=MediationStatus.final()).exists():
            raise InvalidTransition(_("This case is already in mediation."))
        if case.status == Status.REGISTERED:
            dispatcher = actor if actor.role in workflow.TRANSITIONS["dispatch"].roles else Actor.system()
            case = workflow.perform(case, "dispatch", actor=dispatcher, lead_unit=organisation,
                                    reason=f"mediation:{kind}")
        mediation = Mediation.objects.create(case=case, kind=kind, organisation=organisation,
                                             parties=(parties or "")[:200], opened_by=actor.user)
        workflow.annotate(case, "mediation_open", actor=actor, data={
            "kind": kind, "organisation": organisation.name, "mediation": mediation.pk})
    return mediation


def may_mediate(user, mediation: Mediation) -> bool:
    return user.is_superuser or user.role in CENTRE or (user.unit_id is not None
                                                          and user.unit_id == mediation.organisation_id)


def add_session(mediation: Mediation, *, by, at: dt.datetime, place: str = "", notes: str = "") -> MediationSession:
    """Record a session held (one per mediation and time: a repeated submission is refused)."""
    if not may_mediate(by, mediation):
        raise Forbidden()
    if at is None:
        raise Invalid(_("Give the date and time of the session."), field="at")
    if at > clock.now() + dt.timedelta(days=1):
        raise Invalid(_("Record a session once it has been held."), field="at")
    with transaction.atomic():
        locked = Mediation.objects.select_for_update().get(pk=mediation.pk)
        if locked.status in MediationStatus.final():
            raise InvalidTransition(_("This mediation is over."))
        if locked.sessions.filter(at=at).exists():
            raise InvalidTransition(_("A session at this time is already recorded."))
        session = MediationSession.objects.create(mediation=locked, at=at, place=(place or "")[:100],
                                                  notes=(notes or "")[:5000], mediator=by)
        if locked.status == MediationStatus.OPEN:
            locked.status = MediationStatus.IN_PROGRESS
            locked.save(update_fields=["status"])
    return session


def _amount(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise Invalid(_("Give the agreed amount in yuan."), field="amount") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e9") or amount.as_tuple().exponent < -2:
        raise Invalid(_("Give the agreed amount in yuan."), field="amount")
    return amount


def record_outcome(mediation: Mediation, *, by, status: str, outcome: str,
                   amount: Decimal | str | None = None) -> Mediation:
    """Close the mediation and write its result on the case's timeline."""
    if not may_mediate(by, mediation):
        raise Forbidden()
    if status not in MediationStatus.final():
        raise Invalid(_("Choose how the mediation ended."), field="status")
    amount = _amount(amount)
    outcome = (outcome or "").strip()
    if not outcome:
        raise Invalid(_("This field is required."), field="outcome")
    with transaction.atomic():
        locked = Mediation.objects.select_for_update().get(pk=mediation.pk)
        if locked.status in MediationStatus.final():
            raise InvalidTransition(_("This mediation is over."))
        locked.status, locked.outcome, locked.closed_at = status, outcome[:5000], clock.now()
        locked.agreement_amount = amount
        locked.save(update_fields=["status", "outcome", "closed_at", "agreement_amount"])
        workflow.annotate(locked.case, "mediation_outcome", actor=Actor.staff(by), data={
            "mediation": locked.pk, "kind": locked.kind, "organisation": locked.organisation.name,
            "status": status, "outcome": outcome[:1000], "sessions": locked.sessions.count(),
            "amount": str(amount) if amount is not None else None,
        })
    return locked
