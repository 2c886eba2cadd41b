"""Citizens, without login: submit a request, follow it by case number and query code.

What a citizen sees is built from an allow-list: the status in plain words and a public
timeline of verbs, times, statuses, the handling units' names and their reply text.
Never a person's name, phone or ID, never internal notes (instructions, return reasons,
extension requests, supplements, callback notes), never another case's number.
"""

import hmac
import re
from decimal import Decimal

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router

from hotline.cases.actors import Actor
from hotline.cases.choices import AssignmentRole, Channel, Satisfaction, Status, Urgency
from hotline.cases.errors import NotFound
from hotline.cases.models import Assignment, Case
from hotline.intake.services import Draft, take_in

from . import idempotency
from .present import when
from .schemas import ErrorOut, PublicCaseIn, PublicCreated, PublicTrack

router = Router(tags=["public"])

NUMBER = re.compile(r"^[0-9A-Za-z-]{1,20}$")
_DUMMY_CODE = b"\x00not-a-code\x00"
_COORD = Decimal("0.000001")
ERRORS = {code: ErrorOut for code in (400, 404, 409, 413, 422, 429, 503)}


def _json(body, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


@router.post("/cases", response={201: PublicCreated, **ERRORS}, summary="Submit a request (citizen)",
             openapi_extra=idempotency.OPENAPI)
def submit(request: HttpRequest, payload: PublicCaseIn):
    """Registers a portal request; the service centre reviews and dispatches it.

    Keep the `number` and `query_code`: they are the only way to follow the request.
    """
    citizen = payload.citizen
    draft = Draft(
        channel=Channel.PORTAL, case_type=payload.case_type, urgency=Urgency.NORMAL,
        title=payload.title, content=payload.content, category_id=payload.category,
        address=payload.address, district_id=payload.district, street_id=payload.street,
        community_id=payload.community,
        latitude=payload.latitude.quantize(_COORD) if payload.latitude is not None else None,
        longitude=payload.longitude.quantize(_COORD) if payload.longitude is not None else None,
        citizen_name=citizen.name if citizen else "", citizen_phone=citizen.phone if citizen else "",
        citizen_id_number=citizen.id_number if citizen else "",
        anonymous=citizen.anonymous if citizen else False,
        confidential=citizen.confidential if citizen else False,
        dispatch=False,
    )

    def work():
        case, _decision = take_in(Actor.citizen(), draft)
        body = PublicCreated.model_validate({
            "number": case.number, "query_code": case.query_code, "status": case.status,
            "status_label": str(case.get_status_display()), "registered_at": when(case.registered_at),
            "message": _("Your request has been received. Keep the case number and query code "
                         "to follow its progress."),
        })
        return 201, body.model_dump(mode="json")

    return idempotency.run(request, work)


@router.get("/cases/{number}", response={200: PublicTrack, **ERRORS}, summary="Follow a request (citizen)")
def track(request: HttpRequest, number: str, code: str = ""):
    """Progress and public timeline. A wrong code answers exactly like a missing case."""
    case = None
    if NUMBER.match(number):
        case = Case.objects.select_related("category", "lead_unit").filter(number=number).first()
    expected = case.query_code.encode() if case is not None else _DUMMY_CODE
    matches = hmac.compare_digest(expected, code.encode("utf-8", "surrogatepass"))
    if case is None or not matches:
        raise NotFound()
    return _json(public_view(case))


# --------------------------------------------------------------------------- the public view

def progress(case: Case) -> str:
    unit = case.lead_unit.name if case.lead_unit_id else _("the handling unit")
    due = when(case.due_at)[:10] if case.due_at else ""
    words = {
        Status.REGISTERED: _("Your request has been received and is waiting to be sent to a handling unit."),
        Status.DISPATCHED: _("Your request has been sent to %(unit)s and is waiting to be taken up."),
        Status.HANDLING: _("%(unit)s is handling your request; a reply is due by %(due)s."),
        Status.RETURNED: _("Your request is being passed to the unit responsible for it."),
        Status.REPLIED: _("%(unit)s has replied. The service centre will call you back to check the result."),
        Status.CLOSED: _("Your request has been closed."),
        Status.MERGED: _("Your request is being handled together with another request about the same matter."),
    }
    return words.get(case.status, _("Your request is being processed.")) % {"unit": unit, "due": due}


def _step(event, label: str, *, unit: str | None = None, text: str | None = None) -> dict:
    status = event.to_status or event.from_status
    return {
        "at": when(event.at), "verb": event.verb, "label": label, "status": status,
        "status_label": str(Status(status).label) if status in Status.values else "",
        "unit": unit, "text": text,
    }


def public_timeline(case: Case) -> list[dict]:
    units = {a.pk: a.unit.name for a in Assignment.objects.filter(case=case).select_related("unit")}
    steps = []
    for event in case.events.order_by("seq"):
        data, verb = event.data or {}, event.verb
        lead = data.get("lead_unit_name")
        if verb == "register":
            steps.append(_step(event, _("Request registered.")))
        elif verb == "answer_on_spot":
            steps.append(_step(event, _("Answered by the service centre."), text=data.get("reply")))
        elif verb in {"dispatch", "redispatch", "arbitrate"}:
            steps.append(_step(event, _("Sent to %(unit)s for handling.") % {"unit": lead}, unit=lead))
        elif verb == "reopen":
            label = (_("Sent back to %(unit)s for further handling.") % {"unit": lead}) if lead \
                else _("Reopened for further handling.")
            steps.append(_step(event, label, unit=lead))
        elif verb == "sign" and data.get("role") == AssignmentRole.LEAD:
            steps.append(_step(event, _("The handling unit has taken up the request."),
                               unit=units.get(data.get("assignment"))))
        elif verb == "approve_extension":
            steps.append(_step(event, _("The time limit for a reply was extended.")))
        elif verb == "reply":
            steps.append(_step(event, _("The handling unit replied."), unit=units.get(data.get("assignment")),
                               text=data.get("reply")))
        elif verb == "callback":
            label = _("We could not reach you for the follow-up call.") \
                if data.get("satisfaction") == Satisfaction.UNREACHABLE else _("Follow-up call made.")
            steps.append(_step(event, label))
        elif verb == "close":
            steps.append(_step(event, _("Request closed.")))
        elif verb == "merge":
            steps.append(_step(event, _("Merged with another request about the same matter.")))
        elif verb == "merged_in":
            steps.append(_step(event, _("Another request about the same matter was joined to this one.")))
        elif verb == "supplement":
            steps.append(_step(event, _("Further information was added.")))
        elif verb == "transfer_out":
            steps.append(_step(event, _("Transferred to another platform for handling."),
                               unit=data.get("peer_name") or None))
        elif verb == "peer_update":
            steps.append(_step(event, _("Progress reported by the receiving platform.")))
        # return, request/refuse_extension and anything new stay internal by default
    return steps


def public_view(case: Case) -> dict:
    body = PublicTrack.model_validate({
        "number": case.number,
        "status": case.status,
        "status_label": str(case.get_status_display()),
        "progress": progress(case),
        "category": case.category.name if case.category_id else None,
        "registered_at": when(case.registered_at),
        "due_at": when(case.due_at),
        "replied_at": when(case.replied_at),
        "closed_at": when(case.closed_at),
        "satisfaction": case.satisfaction,
        "timeline": public_timeline(case),
    })
    return body.model_dump(mode="json")
