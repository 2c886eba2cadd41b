"""What the public may see of a case: GeoReport fields, never personal data.

Confidential cases are not published at all. The citizen's name, phone, ID number and
e-mail never appear; phone and ID numbers written into the description are masked.
The timeline is published as `notes` (and `servicerequestupdates`): one public line per
status-relevant event, without internal remarks.
"""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hotline import clock
from hotline.cases.choices import Status
from hotline.cases.models import Case, CaseEvent
from hotline.privacy.masking import mask_id_number, mask_phone

CLOSED_STATES = {Status.CLOSED, Status.MERGED}
PHONE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_RE = re.compile(r"(?<![0-9Xx])\d{17}[0-9Xx](?![0-9Xx])")


def georeport_status(status: str) -> str:
    return "closed" if status in CLOSED_STATES else "open"


def scrub(text: str) -> str:
    text = ID_RE.sub(lambda m: mask_id_number(m.group()), text or "")
    return PHONE_RE.sub(lambda m: mask_phone(m.group()), text)


def stamp(value) -> str | None:
    if value is None:
        return None
    return value.astimezone(clock.LOCAL_TZ).isoformat(timespec="seconds")


def public_cases() -> QuerySet[Case]:
    return (
        Case.objects.filter(confidential=False)
        .select_related("category", "lead_unit", "street", "community", "open311")
    )


def note_text(event: CaseEvent) -> str | None:
    """The public line for an event, or None for internal steps."""
    d = event.data or {}
    verb = event.verb
    if verb == "register":
        return _("Request received.")
    if verb in {"dispatch", "redispatch", "arbitrate"} or (verb == "reopen" and d.get("lead_unit_name")):
        if verb == "reopen":
            return _("Reopened and sent again to %(unit)s.") % {"unit": d.get("lead_unit_name", "")}
        return _("Sent to %(unit)s for handling.") % {"unit": d.get("lead_unit_name", "")}
    if verb == "reopen":
        return _("Reopened for further handling.")
    if verb == "sign" and d.get("role") == "lead":
        return _("The responsible unit has taken it up.")
    if verb == "return":
        return _("Being re-assigned to the responsible unit.")
    if verb == "approve_extension":
        return _("The time limit was extended.")
    if verb in {"reply", "answer_on_spot"} and d.get("role", "lead") == "lead":
        return scrub(d.get("reply", ""))
    if verb == "callback" and event.to_status == Status.CLOSED:
        return _("Closed after a call back to the citizen.")
    if verb == "close":
        return _("Closed.")
    if verb == "merge":
        return _("Merged into request %(number)s.") % {"number": d.get("into", "")}
    if verb == "transfer_out":
        return _("Transferred to %(platform)s.") % {"platform": d.get("peer_name") or d.get("transferred_to", "")}
    if verb == "peer_update":
        return scrub(d.get("note", "")) or _("Progress at %(platform)s: %(status)s.") % {
            "platform": d.get("peer", ""), "status": d.get("remote_status", "")}
    if verb == "supplement":
        return _("Additional information was received.")
    return None


def notes(case: Case) -> list[dict]:
    out = []
    for event in case.events.all():
        text = note_text(event)
        if text is not None:
            out.append({
                "update_id": str(event.pk), "status": georeport_status(event.to_status or case.status),
                "updated_datetime": stamp(event.at), "description": text,
            })
    return out


def status_notes(case: Case, case_notes: list[dict]) -> str:
    return case_notes[-1]["description"] if case_notes else ""


def request_dict(case: Case) -> dict:
    case_notes = notes(case)
    extra = getattr(case, "open311", None)  # RelatedObjectDoesNotExist is an AttributeError
    place = case.community or case.street
    return {
        "service_request_id": case.number,
        "status": georeport_status(case.status),
        "status_notes": status_notes(case, case_notes),
        "service_name": case.category.name if case.category else "",
        "service_code": str(case.category_id) if case.category_id else "",
        "description": scrub(case.content),
        "agency_responsible": case.lead_unit.name if case.lead_unit else "",
        "service_notice": "",
        "requested_datetime": stamp(case.registered_at),
        "updated_datetime": stamp(case.updated_at),
        "expected_datetime": stamp(case.due_at),
        "address": case.address,
        "address_id": place.code if place else "",
        "zipcode": "",
        "lat": float(case.latitude) if case.latitude is not None else None,
        "long": float(case.longitude) if case.longitude is not None else None,
        "media_url": extra.media_url if extra else "",
        "notes": case_notes,
    }


def update_dict(event: CaseEvent, text: str) -> dict:
    return {
        "update_id": str(event.pk),
        "service_request_id": event.case.number,
        "status": georeport_status(event.to_status),
        "updated_datetime": stamp(event.at),
        "description": text,
        "media_url": "",
    }
