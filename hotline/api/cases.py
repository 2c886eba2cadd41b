"""Staff endpoints: register, list, read and act on cases. Thin: resolve, call one action, render."""

import re
from decimal import Decimal

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja import Body, File, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.files import UploadedFile
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from hotline import clock
from hotline.audit.context import client_ip
from hotline.cases import access
from hotline.cases.actors import Actor
from hotline.cases.choices import Status
from hotline.cases.errors import Forbidden, Invalid, NotFound
from hotline.console import attachments as files
from hotline.intake.services import Draft, take_in
from hotline.orgs.choices import Role
from hotline.orgs.models import Unit
from hotline.privacy.reveal import reveal

from . import idempotency, present
from .auth import BearerToken
from .schemas import (
    CaseCreated,
    CaseDetail,
    CaseIn,
    CasePage,
    ErrorOut,
    QueryId,
    RevealIn,
    RevealOut,
)
from .verbs import VERB_ACTIONS, VERB_SCHEMAS, perform_verb

router = Router(auth=BearerToken(), tags=["cases"])

REGISTER_ROLES = {Role.AGENT, Role.DISPATCHER, Role.INSPECTOR}
NUMBER = re.compile(r"^[0-9A-Za-z-]{1,20}$")
COORD = Decimal("0.000001")
# Every answer a staff endpoint can give besides its success: also 413 (body too large),
# 429 (rate limit) and 503 (database briefly unavailable, with Retry-After).
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 413, 422, 429, 503)}


def _json(body, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _case(user, number: str):
    """The case if this user may see it; a malformed, missing or hidden case is one 404."""
    if not NUMBER.match(number):
        raise NotFound()
    return access.case_for(user, number)


def _coord(value):
    return value.quantize(COORD) if value is not None else None


# --------------------------------------------------------------------------- register


@router.post("/cases", response={201: CaseCreated, **ERRORS}, summary="Register a case (受理)",
             openapi_extra=idempotency.OPENAPI)
def create_case(request: HttpRequest, payload: CaseIn):
    """Register a case and, unless `dispatch` is false, send it to the unit the catalogue names.

    Agents, dispatchers and grid inspectors may register. Send `Idempotency-Key` to make a
    retry safe: the same key answers with the first response instead of a second case.
    """
    user = request.auth
    if user.role not in REGISTER_ROLES:
        raise Forbidden(_("Your role may not register cases."))
    citizen = payload.citizen
    draft = Draft(
        channel=payload.channel, case_type=payload.case_type, urgency=payload.urgency,
        title=payload.title, content=payload.content, category_id=payload.category,
        address=payload.address, district_id=payload.district, street_id=payload.street,
        community_id=payload.community,
        latitude=_coord(payload.latitude), longitude=_coord(payload.longitude),
        citizen_name=citizen.name if citizen else "", citizen_phone=citizen.phone if citizen else "",
        citizen_id_number=citizen.id_number if citizen else "",
        anonymous=citizen.anonymous if citizen else False,
        confidential=citizen.confidential if citizen else False,
        dispatch=payload.dispatch,
    )

    def work():
        case, decision = take_in(Actor.staff(user), draft)
        return 201, present.created(case, decision)

    return idempotency.run(request, work)


# --------------------------------------------------------------------------- read


class CaseFilter(Schema):
    status: Status | None = None
    unit: QueryId | None = Field(None, description="Cases led by this unit or a unit below it.")
    overdue: bool | None = None
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=100)


@router.get("/cases", response={200: CasePage, **ERRORS}, summary="List the cases you may see")
def list_cases(request: HttpRequest, filters: Query[CaseFilter]):
    now = clock.now()
    qs = access.visible_cases(request.auth).select_related("category", "lead_unit")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.unit is not None:
        unit = Unit.objects.filter(pk=filters.unit).only("path").first()
        if unit is None:
            raise Invalid(_("No such unit."), field="unit")
        qs = qs.filter(lead_unit__path__startswith=unit.path)
    if filters.overdue is not None:
        late = {"status__in": [s for s in Status.open_states() if s != Status.REPLIED], "due_at__lt": now}
        qs = qs.filter(**late) if filters.overdue else qs.exclude(**late)
    count = qs.count()
    start = (filters.page - 1) * filters.page_size
    page = list(qs.order_by("-registered_at", "-id")[start:start + filters.page_size])
    return _json({
        "count": count, "page": filters.page, "page_size": filters.page_size,
        "pages": (count + filters.page_size - 1) // filters.page_size,
        "results": [present.summary(case, now) for case in page],
    })


@router.get("/cases/{number}", response={200: CaseDetail, **ERRORS}, summary="One case, with its timeline")
def get_case(request: HttpRequest, number: str):
    """The case with its events and assignments; the citizen's details are masked."""
    case = _case(request.auth, number)
    return _json(present.detail(case, request.auth))


# --------------------------------------------------------------------------- act


def _empty(schema):
    """An empty body is an empty object: fine for `sign`, a named missing field elsewhere."""
    try:
        return schema.model_validate({})
    except PydanticValidationError as exc:
        raise ValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]) from exc


def _action(verb: str, schema):
    def act(request: HttpRequest, number: str, payload: schema = Body(None)):  # noqa: B008
        user = request.auth
        data = (payload if payload is not None else _empty(schema)).model_dump(mode="json")
        version = data.pop("version")

        def work():
            return VERB_ACTIONS.get(verb, perform_verb)(_case(user, number), verb, user, version, data)

        return idempotency.run(request, work)

    act.__name__ = f"case_{verb}"
    act.__doc__ = (
        f"Apply `{verb}` through the workflow{' (see the verb body for what else it does)' if verb in VERB_ACTIONS else ''}. A stale `version` is 409, a role the transition "
        "table refuses is 403, a case in the wrong state is 409, an invalid field is 422."
    )
    return act


for _verb, _schema in VERB_SCHEMAS.items():
    router.post(
        f"/cases/{{number}}/actions/{_verb}", response={200: CaseDetail, **ERRORS},
        summary=f"Action: {_verb}", url_name=f"case-action-{_verb}", openapi_extra=idempotency.OPENAPI,
    )(_action(_verb, _schema))


@router.post("/cases/{number}/actions/{verb}", response={404: ErrorOut}, include_in_schema=False)
def unknown_action(request: HttpRequest, number: str, verb: str):
    raise NotFound(_("Unknown action."), code="unknown_verb")


@router.post("/cases/{number}/attachments", response={201: CaseDetail, **ERRORS},
             summary="Attach files: images or PDF (multipart)")
def add_attachments(request: HttpRequest, number: str, file: File[list[UploadedFile]]):
    """Send one or more `file` parts (multipart/form-data). JPEG, PNG, GIF, WebP or PDF, told
    by their content, not their name; at most 5 files of 10 MB each. Anything else is 422 and
    nothing is stored. Staff who work cases and may see this one may attach; a note goes on the
    timeline. Not replayed by `Idempotency-Key` (a multipart body is not fingerprinted).
    """
    user = request.auth
    case = _case(user, number)
    files.add(case, file, actor=Actor.staff(user))
    return _json(present.detail(case, user), status=201)


@router.post("/cases/{number}/reveal", response={200: RevealOut, **ERRORS},
             summary="See the citizen's details in full (logged)")
def reveal_citizen(request: HttpRequest, number: str, payload: RevealIn):
    """For roles allowed to, with a reason; every reveal is written to the reveal log.

    Not cached by `Idempotency-Key`: plaintext personal data is never stored for replay.
    """
    case = _case(request.auth, number)
    view = reveal(case, request.auth, reason=payload.reason, source_ip=client_ip(request),
                  fields=tuple(dict.fromkeys(payload.fields)))
    response = _json({"name": view.name, "phone": view.phone, "id_number": view.id_number})
    response["Cache-Control"] = "no-store"
    return response
