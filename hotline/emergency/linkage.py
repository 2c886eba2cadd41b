"""110 linkage: 12345 ⇄ 110/119/120/122, both directions on the case timeline.

Out: a case that is really a police, fire, ambulance or traffic-police matter is handed
over in one action (`transfer_to_external`): the workflow verb `transfer_external`
closes it here naming the platform, and an `ExternalTransfer` row keeps the record
handed over (case number, text, place, time; the caller's contact encrypted).

In: a matter 110 hands over (`receive_from_110`) becomes a case with channel `110`
through `intake.services.take_in`; the same reference twice gives the same case.

The first-receiver rule (2022 national guideline on 12345–110 linkage: where
responsibility is unclear, the platform that received the request first keeps it and
acts first, 首接负责): a transfer *out* whose matter is "unclear" is refused and the
case stays here (outcome `kept`); a handover *in* marked unclear is refused and stays
with 110 (outcome `refused`). Both refusals keep the reason on record.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import CaseType, Channel, Urgency
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition
from hotline.cases.models import Case
from hotline.cases.transitions import TRANSITIONS
from hotline.intake.services import Draft, take_in
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit

from .models import Direction, ExternalTransfer, Matter, TransferOutcome

PLATFORM_FOR = {Matter.POLICE: "110", Matter.FIRE: "119", Matter.MEDICAL: "120", Matter.TRAFFIC: "122"}
FIRST_RECEIVER_RULE = "first_receiver_keeps"


def external_unit(platform: str) -> Unit | None:
    """The external unit for "110"/"119"/...: the one whose short name, code or name says so."""
    units = Unit.objects.filter(kind=UnitKind.EXTERNAL, is_active=True)
    return (units.filter(short_name=platform).first() or units.filter(code=f"ext{platform}").first()
            or units.filter(name__contains=platform).order_by("id").first())


def _record(case: Case) -> dict:
    return {
        "number": case.number, "title": case.title, "content": case.content, "address": case.address,
        "latitude": str(case.latitude) if case.latitude is not None else None,
        "longitude": str(case.longitude) if case.longitude is not None else None,
        "urgency": case.urgency, "registered_at": case.registered_at.isoformat(),
        "district": case.district.name if case.district_id else "",
        "street": case.street.name if case.street_id else "",
    }


@dataclass
class Kept(Exception):
    """The transfer was refused under the first-receiver rule; the case stays here."""

    transfer: ExternalTransfer


def transfer_to_external(case: Case, *, actor: Actor, matter: str, reason: str = "",
                         version: int | None = None) -> ExternalTransfer:
    """Hand `case` to 110/119/120/122 in one action, or keep it when responsibility is unclear."""
    if matter not in Matter.values:
        raise Invalid(_("Choose what kind of matter this is."), field="matter")
    reason = (reason or "").strip()[:1000]
    if matter == Matter.UNCLEAR:
        # Nothing changes status here, but only who may transfer may have the case kept.
        rule = TRANSITIONS["transfer_external"]
        if actor.role not in rule.roles:
            raise Forbidden()
        if case.status not in rule.sources:
            raise InvalidTransition()
        with transaction.atomic():
            note = reason or _("Responsibility unclear: the first platform to receive it keeps it.")
            transfer = ExternalTransfer.objects.create(
                direction=Direction.OUT, outcome=TransferOutcome.KEPT, platform="", case=case, matter=matter,
                reason=note, record={"rule": FIRST_RECEIVER_RULE}, by=actor.user,
            )
            workflow.annotate(case, "external_transfer_refused", actor=actor,
                              data={"rule": FIRST_RECEIVER_RULE, "reason": note})
        raise Kept(transfer)
    platform = PLATFORM_FOR[Matter(matter)]
    unit = external_unit(platform)
    if unit is None:
        raise Invalid(_("No external unit for %(platform)s is set up.") % {"platform": platform}, field="matter")
    with transaction.atomic():
        record = _record(case)
        workflow.perform(case, "transfer_external", actor=actor, version=version,
                         to=platform, unit=unit.pk, matter=matter, reason=reason)
        transfer = ExternalTransfer.objects.create(
            direction=Direction.OUT, outcome=TransferOutcome.TRANSFERRED, platform=platform, unit=unit, case=case,
            matter=matter, reason=reason, record=record,
            caller_contact=" ".join(p for p in (case.citizen_name, case.citizen_phone) if p), by=actor.user,
        )
    return transfer


@dataclass
class Refused(Exception):
    transfer: ExternalTransfer


def _decimal(value, name: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise Invalid(_("Give a number."), field=name) from None
    if not number.is_finite() or abs(number) > 180:
        raise Invalid(_("Give a number."), field=name)
    return number.quantize(Decimal("0.000001"))


def receive_from_110(*, external_ref: str, title: str, content: str, actor: Actor, platform: str = "110",
                     address: str = "", caller_name: str = "", caller_phone: str = "",
                     latitude=None, longitude=None, urgency: str = Urgency.NORMAL,
                     case_type: str = CaseType.HELP, category_id: int | None = None,
                     district_id: int | None = None, street_id: int | None = None, community_id: int | None = None,
                     responsibility: str = "clear", reason: str = "") -> tuple[ExternalTransfer, bool]:
    """Take in a non-police matter that 110 hands over; returns (transfer, created).

    `responsibility="unclear"` is refused (`Refused`): 110 received it first and keeps it.
    """
    external_ref = (external_ref or "").strip()
    if not external_ref or len(external_ref) > 64:
        raise Invalid(_("Give the reference of the other platform."), field="external_ref")
    if platform not in PLATFORM_FOR.values():
        raise Invalid(_("Unknown platform."), field="platform")
    existing = ExternalTransfer.objects.filter(direction=Direction.IN, platform=platform,
                                               external_ref=external_ref).first()
    if existing is not None:
        return existing, False
    unit = external_unit(platform)
    reason = (reason or "").strip()[:1000]
    if responsibility not in {"clear", "unclear"}:
        raise Invalid(_("Unknown value."), field="responsibility")
    if responsibility == "unclear":
        try:
            with transaction.atomic():
                transfer = ExternalTransfer.objects.create(
                    direction=Direction.IN, outcome=TransferOutcome.REFUSED, platform=platform, unit=unit,
                    matter=Matter.UNCLEAR, external_ref=external_ref, record={"title": title[:200],
                                                                             "rule": FIRST_RECEIVER_RULE},
                    reason=reason or _("Responsibility unclear: the first platform to receive it keeps it."),
                    by=actor.user,
                )
        except IntegrityError:
            return ExternalTransfer.objects.get(direction=Direction.IN, platform=platform,
                                                external_ref=external_ref), False
        raise Refused(transfer)
    draft = Draft(
        channel=Channel.POLICE_110, case_type=case_type, urgency=urgency, title=(title or "").strip()[:200],
        content=content or "", address=(address or "").strip()[:255], category_id=category_id,
        district_id=district_id, street_id=street_id, community_id=community_id,
        latitude=_decimal(latitude, "latitude"), longitude=_decimal(longitude, "longitude"),
        citizen_name=caller_name or "", citizen_phone=caller_phone or "",
    )
    try:
        with transaction.atomic():
            case, decision = take_in(actor if actor.role in {"agent", "dispatcher"} else Actor.system(), draft)
            transfer = ExternalTransfer.objects.create(
                direction=Direction.IN, outcome=TransferOutcome.RECEIVED, platform=platform, unit=unit, case=case,
                external_ref=external_ref, reason=reason, record={"title": case.title, "routing": decision.reason},
                by=actor.user,
            )
            workflow.annotate(case, "received_from_external", actor=actor, data={
                "platform": platform, "external_ref": external_ref, "unit_name": unit.name if unit else platform,
                "reason": reason})
    except IntegrityError:  # the same handover raced in twice: the first one won
        return ExternalTransfer.objects.get(direction=Direction.IN, platform=platform, external_ref=external_ref), False
    return transfer, True
