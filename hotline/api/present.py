"""Cases as the API shows them to staff. Plain functions from models to JSON-ready dicts."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from hotline import clock
from hotline.cases.models import Case
from hotline.privacy.reveal import masked

from . import schemas


def when(value) -> str | None:
    return timezone.localtime(value).isoformat() if value is not None else None


def ref(obj, name_attr: str = "name") -> dict[str, Any] | None:
    return {"id": obj.pk, "name": getattr(obj, name_attr)} if obj is not None else None


def summary(case: Case, now=None) -> dict[str, Any]:
    return {
        "number": case.number,
        "title": case.title,
        "status": case.status,
        "status_label": str(case.get_status_display()),
        "case_type": case.case_type,
        "urgency": case.urgency,
        "channel": case.channel,
        "category": ref(case.category),
        "lead_unit": ref(case.lead_unit),
        "registered_at": when(case.registered_at),
        "due_at": when(case.due_at),
        "overdue": case.is_overdue(now or clock.now()),
        "version": case.version,
    }


def created(case: Case, decision) -> dict[str, Any]:
    body = {
        **summary(case),
        "query_code": case.query_code,
        "sign_due_at": when(case.sign_due_at),
        "due_estimated": case.due_estimated,
        "routing": {
            "found": decision.found,
            "reason": str(decision.reason),
            "lead_unit": ref(decision.lead_unit),
            "co_units": [ref(u) for u in decision.co_units],
        },
    }
    return schemas.CaseCreated.model_validate(body).model_dump(mode="json")


def _event(event) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "verb": event.verb,
        "at": when(event.at),
        "actor": str(event.actor) if event.actor_id else None,
        "actor_role": event.actor_role,
        "actor_unit": ref(event.actor_unit),
        "from_status": event.from_status,
        "to_status": event.to_status,
        "data": event.data,
    }


def _assignment(a) -> dict[str, Any]:
    return {
        "id": a.pk, "unit": ref(a.unit), "role": a.role, "status": a.status, "round": a.round,
        "dispatched_at": when(a.dispatched_at), "sign_due_at": when(a.sign_due_at), "due_at": when(a.due_at),
        "signed_at": when(a.signed_at), "replied_at": when(a.replied_at), "reply": a.reply,
        "returned_at": when(a.returned_at), "return_reason": a.return_reason, "return_note": a.return_note,
        "instructions": a.instructions,
    }


def _attachment(item) -> dict[str, Any]:
    return {
        "id": item.pk, "name": item.original_name, "size": item.size, "content_type": item.content_type,
        "uploaded_at": when(item.uploaded_at), "uploaded_by": str(item.uploaded_by) if item.uploaded_by_id else None,
        "url": reverse("console:attachment", args=[item.case.number, item.pk]),
    }


def detail(case: Case, user) -> dict[str, Any]:
    """Everything staff may see of a case; the citizen's data masked for this user."""
    citizen = masked(case, user)
    events = case.events.select_related("actor", "actor_unit").order_by("seq")
    assignments = case.assignments.select_related("unit").order_by("round", "role", "id")
    body = {
        **summary(case),
        "content": case.content,
        "address": case.address,
        "district": ref(case.district),
        "street": ref(case.street),
        "community": ref(case.community),
        "latitude": float(case.latitude) if case.latitude is not None else None,
        "longitude": float(case.longitude) if case.longitude is not None else None,
        "citizen": {
            "name": citizen.name, "phone": citizen.phone, "id_number": citizen.id_number,
            "anonymous": case.anonymous, "confidential": case.confidential, "hidden": citizen.hidden,
        },
        "sign_due_at": when(case.sign_due_at),
        "due_estimated": case.due_estimated,
        "replied_at": when(case.replied_at),
        "closed_at": when(case.closed_at),
        "resolved": case.resolved,
        "satisfaction": case.satisfaction,
        "reopen_count": case.reopen_count,
        "extension_pending": case.extension_pending,
        "merged_into": case.merged_into.number if case.merged_into_id else None,
        "events": [_event(e) for e in events],
        "assignments": [_assignment(a) for a in assignments],
        "attachments": [_attachment(f) for f in case.attachments.select_related("case", "uploaded_by")
                        .order_by("uploaded_at", "id")],
    }
    return schemas.CaseDetail.model_validate(body).model_dump(mode="json")
