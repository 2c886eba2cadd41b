"""Verbs of the exchange: transfer a case out, report our progress back, receive both.

Every write to a case goes through `hotline.cases.workflow`; the exchange only records
transfers and queues signed messages in the outbox (delivered by `delivery`).
"""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import CaseType, Channel, Urgency
from hotline.cases.errors import CaseError, Invalid
from hotline.cases.models import Case, CaseEvent
from hotline.cases.transitions import TRANSITIONS
from hotline.catalog.models import Category
from hotline.intake.services import Draft, take_in
from hotline.open311.public import note_text
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit

from .models import Direction, InboxMessage, OutboxMessage, Peer, Transfer


class Rejected(Exception):
    """A message we will not process (answered 4xx; the sender keeps retrying)."""

    def __init__(self, message, status: int = 400):
        self.message, self.status = str(message), status
        super().__init__(self.message)


def _timeline(case: Case) -> list[dict]:
    return [
        {"seq": e.seq, "verb": e.verb, "at": e.at.isoformat(), "from_status": e.from_status,
         "to_status": e.to_status, "note": note_text(e) or ""}
        for e in case.events.order_by("seq")
    ]


def _category_path(case: Case) -> list[str]:
    if case.category is None:
        return []
    names = dict(Category.objects.filter(pk__in=case.category.ancestor_ids()).values_list("pk", "name"))
    return [names[i] for i in case.category.ancestor_ids() if i in names]


def transfer_payload(case: Case, transfer: Transfer) -> dict:
    place = {kind: getattr(case, kind).code for kind in ("district", "street", "community") if getattr(case, kind)}
    return {
        "transfer_id": str(transfer.transfer_id),
        "reason": transfer.reason,
        "case": {
            "number": case.number, "channel": case.channel, "case_type": case.case_type,
            "urgency": case.urgency, "category_path": _category_path(case), "title": case.title,
            "content": case.content, "address": case.address, "place_codes": place,
            "latitude": str(case.latitude) if case.latitude is not None else None,
            "longitude": str(case.longitude) if case.longitude is not None else None,
            # Both ends are government platforms handling the same request: the peer needs
            # the citizen's contact to call back. The channel must be HTTPS.
            "citizen_name": case.citizen_name, "citizen_phone": case.citizen_phone,
            "anonymous": case.anonymous, "confidential": case.confidential,
            "registered_at": case.registered_at.isoformat(),
        },
        "timeline": _timeline(case),
    }


def transfer_case(case: Case | str, peer: Peer, *, actor: Actor, reason: str = "",
                  version: int | None = None) -> Transfer:
    """Hand a case over to a peer platform: closed here (`transfer_out`), queued for delivery."""
    if not peer.active:
        raise Invalid(_("This platform is not active."), field="peer")
    transfer_id = uuid.uuid4()
    with transaction.atomic():
        case = workflow.perform(case, "transfer_out", actor=actor, version=version, to=peer.code,
                                peer_name=peer.name, transfer_id=str(transfer_id), reason=reason)
        transfer = Transfer.objects.create(direction=Direction.OUT, peer=peer, transfer_id=transfer_id,
                                           case=case, reason=reason)
        OutboxMessage.objects.create(peer=peer, transfer=transfer, kind="transfer",
                                     body=transfer_payload(case, transfer))
    return transfer


# The steps of the workflow are reported back; notes other apps write on our timeline
# (reminders, supervision, reply-quality flags...) are our own management, not progress.
REPORTED_VERBS = frozenset(TRANSITIONS) | {"register"}


def collect_updates() -> int:
    """Queue one status message per new workflow step of every case we received from a peer."""
    queued = 0
    for transfer in Transfer.objects.filter(direction=Direction.IN, peer__active=True).select_related("case", "peer"):
        events = list(CaseEvent.objects.filter(case_id=transfer.case_id, seq__gt=transfer.reported_seq).order_by("seq"))
        if not events:
            continue
        with transaction.atomic():
            claimed = Transfer.objects.filter(pk=transfer.pk, reported_seq=transfer.reported_seq).update(
                reported_seq=events[-1].seq)
            if claimed != 1:
                continue  # another worker took these events
            for event in (e for e in events if e.verb in REPORTED_VERBS):
                OutboxMessage.objects.create(peer=transfer.peer, transfer=transfer, kind="status", body={
                    "transfer_id": str(transfer.transfer_id), "remote_number": transfer.case.number,
                    "status": event.to_status, "verb": event.verb, "at": event.at.isoformat(),
                    "note": note_text(event) or "",
                })
                queued += 1
    return queued


# --------------------------------------------------------------------------- receiving


def _category(path: list[str]) -> Category | None:
    category = None
    for name in path:
        found = Category.objects.filter(parent=category, name=name, is_active=True).first()
        if found is None:
            break
        category = found
    return category


def _place_ids(codes: dict) -> dict:
    out = {}
    for kind in (UnitKind.COMMUNITY, UnitKind.STREET, UnitKind.DISTRICT):
        unit = Unit.objects.filter(code=str(codes.get(kind, "")), kind=kind, is_active=True).first()
        if unit is not None:
            out[f"{kind}_id"] = unit.pk
            break  # intake fills in the parents of the most precise place
    return out


def _receive_transfer(peer: Peer, body: dict) -> dict:
    try:
        transfer_id = uuid.UUID(str(body.get("transfer_id")))
        data = body["case"]
        case_type = data["case_type"] if data.get("case_type") in CaseType.values else CaseType.HELP
        urgency = data["urgency"] if data.get("urgency") in Urgency.values else Urgency.NORMAL
        draft = Draft(
            channel=Channel.PLATFORM, case_type=case_type, urgency=urgency,
            category_id=getattr(_category(list(data.get("category_path") or [])), "pk", None),
            title=str(data["title"])[:200], content=str(data["content"]), address=str(data.get("address") or "")[:255],
            latitude=data.get("latitude"), longitude=data.get("longitude"),
            citizen_name=str(data.get("citizen_name") or ""), citizen_phone=str(data.get("citizen_phone") or ""),
            anonymous=bool(data.get("anonymous")), confidential=bool(data.get("confidential")),
            **_place_ids(data.get("place_codes") or {}),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise Rejected(f"malformed transfer: {exc}") from None
    existing = Transfer.objects.filter(peer=peer, direction=Direction.IN, transfer_id=transfer_id).first()
    if existing is not None:  # the same transfer under another message id
        return {"case": existing.case.number}
    try:
        case, _decision = take_in(Actor.system(), draft)
    except CaseError as exc:
        raise Rejected(f"{exc.field or ''} {exc.message}".strip(), 422) from None
    Transfer.objects.create(
        direction=Direction.IN, peer=peer, transfer_id=transfer_id, case=case,
        remote_number=str(data.get("number") or "")[:40], reason=str(body.get("reason") or ""),
        remote_timeline=list(body.get("timeline") or []), acknowledged_at=case.registered_at,
    )
    return {"case": case.number}


def _receive_status(peer: Peer, body: dict) -> dict:
    try:
        transfer_id = uuid.UUID(str(body.get("transfer_id")))
    except ValueError:
        raise Rejected("malformed status: transfer_id") from None
    transfer = Transfer.objects.filter(peer=peer, direction=Direction.OUT, transfer_id=transfer_id).first()
    if transfer is None:
        raise Rejected("unknown transfer", 404)
    status = str(body.get("status") or "")[:20]
    Transfer.objects.filter(pk=transfer.pk).update(remote_status=status,
                                                   remote_number=str(body.get("remote_number") or "")[:40])
    try:
        workflow.perform(transfer.case, "peer_update", actor=Actor.system(), peer=peer.code,
                         remote_number=str(body.get("remote_number") or ""), remote_status=status,
                         remote_verb=str(body.get("verb") or ""), note=str(body.get("note") or ""),
                         at=str(body.get("at") or ""))
    except CaseError as exc:
        # E.g. the case was reopened here meanwhile: acknowledge, keep the status on the transfer.
        return {"ignored": str(exc.message)}
    return {}


RECEIVERS = {"transfer": _receive_transfer, "status": _receive_status}


def receive(peer: Peer, message: dict) -> dict:
    """Process a verified message once; a resent message gets the first answer again."""
    try:
        message_id = uuid.UUID(str(message.get("message_id")))
    except ValueError:
        raise Rejected("message_id is missing") from None
    kind = str(message.get("kind") or "")
    if kind not in RECEIVERS:
        raise Rejected(f"unknown kind {kind!r}")
    done = InboxMessage.objects.filter(peer=peer, message_id=message_id).first()
    if done is not None:
        return done.response
    try:
        with transaction.atomic():
            # The row goes in first: a concurrent copy of this message waits on the unique key.
            inbox = InboxMessage.objects.create(peer=peer, message_id=message_id, kind=kind)
            response = {"ack": str(message_id), **RECEIVERS[kind](peer, message)}
            inbox.response = response
            inbox.save(update_fields=["response"])
    except IntegrityError:
        done = InboxMessage.objects.filter(peer=peer, message_id=message_id).first()
        if done is None:
            raise
        return done.response
    return response
