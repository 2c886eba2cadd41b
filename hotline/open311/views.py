"""Open311 GeoReport v2 endpoints: thin views over `catalogue`, `public` and `intake`."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from hotline import clock
from hotline.cases.actors import Actor
from hotline.cases.choices import Channel, Status
from hotline.cases.errors import CaseError
from hotline.cases.models import CaseEvent
from hotline.intake.services import Draft, take_in
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit

from . import catalogue, public
from .formats import error, render
from .models import OpenApiKey, ServiceRequest

MAX_RESULTS = 1000
DEFAULT_WINDOW = dt.timedelta(days=90)
MAX_DESCRIPTION = 4000


class BadRequest(Exception):
    def __init__(self, description, status: int = 400):
        self.description, self.status = str(description), status
        super().__init__(self.description)


def jurisdiction() -> str:
    return getattr(settings, "HOTLINE_OPEN311_JURISDICTION", "") or "hotline"


def endpoint(*, methods: tuple[str, ...] = ("GET",)):
    """Check the method and the jurisdiction, and turn BadRequest into the spec's error list."""
    return lambda view: _endpoint(view, methods)


def _endpoint(view, methods: tuple[str, ...]):
    def wrapped(request, fmt, *args, **kwargs):
        if request.method not in methods:
            response = error(fmt, 405, _("Method not allowed; use %(methods)s.") % {"methods": ", ".join(methods)})
            response["Allow"] = ", ".join(methods)
            return response
        try:
            params = request.POST if request.method == "POST" else request.GET
            given = params.get("jurisdiction_id", "")
            if given and given != jurisdiction():
                raise BadRequest(_("jurisdiction_id not found"), 404)
            return view(request, fmt, *args, **kwargs)
        except BadRequest as exc:
            return error(fmt, exc.status, exc.description)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    # A public door authenticated by api_key, not a session: a refused method must reach the
    # method check above (405 in the spec's format), not CSRF's HTML page.
    return csrf_exempt(wrapped)


@csrf_exempt
def unknown(request, path: str):
    """Any other path under /open311/v2/ (an unknown endpoint or format): 404 in the spec's format."""
    fmt = "xml" if path.lower().endswith(".xml") else "json"
    return error(fmt, 404, _("Unknown endpoint or format: use an endpoint of GeoReport v2 ending in .json or .xml."))


# --------------------------------------------------------------------------- discovery, services


@endpoint()
def discovery(request, fmt):
    base = request.build_absolute_uri(reverse("open311:discovery", args=["json"])).rsplit("discovery", 1)[0]
    data = {
        "changeset": "2026-01-01T00:00:00+08:00",
        "contact": str(_("The %(city)s 12345 service line.") % {"city": settings.HOTLINE_CITY_NAME}),
        "key_service": str(_("Ask the platform's administrators for an API key.")),
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": base,
            "changeset": "2026-01-01T00:00:00+08:00",
            "type": "production",
            "formats": ["application/json", "text/xml"],
        }],
    }
    return render(fmt, data, root="discovery")


@endpoint()
def services(request, fmt):
    return render(fmt, catalogue.services(), root="services", item="service")


@endpoint()
def service_definition(request, fmt, code):
    category = catalogue.service_for(code)
    if category is None:
        raise BadRequest(_("service_code not found"), 404)
    return render(fmt, catalogue.definition(category), root="service_definition")


# --------------------------------------------------------------------------- reading requests


def _when(raw: str, name: str) -> dt.datetime | None:
    if not raw:
        return None
    try:
        # A '+' in a query string arrives as a space: "…T10:00:00 08:00".
        value = dt.datetime.fromisoformat(re.sub(r"(T[\d:.]+) (\d{2}:?\d{2})$", r"\1+\2", raw.strip()))
    except ValueError:
        raise BadRequest(_("%(name)s is not a W3C date-time") % {"name": name}) from None
    return value if value.tzinfo else value.replace(tzinfo=clock.LOCAL_TZ)


def _window(params) -> tuple[dt.datetime, dt.datetime]:
    start, end = _when(params.get("start_date", ""), "start_date"), _when(params.get("end_date", ""), "end_date")
    end = end or clock.now()
    start = start or end - DEFAULT_WINDOW
    if start > end:
        raise BadRequest(_("start_date is after end_date"))
    return start, end


def _page(params) -> tuple[int, int]:
    try:
        page = int(params.get("page") or 1)
        size = int(params.get("page_size") or MAX_RESULTS)
    except ValueError:
        raise BadRequest(_("page and page_size must be whole numbers")) from None
    if page < 1 or size < 1:
        raise BadRequest(_("page and page_size must be whole numbers"))
    return page, min(size, MAX_RESULTS)


def _with_events(qs):
    return qs.prefetch_related(Prefetch("events", queryset=CaseEvent.objects.order_by("seq")))


@endpoint(methods=("GET", "POST"))
def requests(request, fmt):
    if request.method == "POST":
        return _post_request(request, fmt)
    params = request.GET
    qs = public.public_cases()
    ids = [x.strip() for x in params.get("service_request_id", "").split(",") if x.strip()]
    if ids:
        qs = qs.filter(number__in=ids[:MAX_RESULTS])
    else:
        start, end = _window(params)
        qs = qs.filter(registered_at__gte=start, registered_at__lte=end)
        codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
        if codes:
            if not all(c.isdigit() for c in codes):
                raise BadRequest(_("service_code not found"), 404)
            qs = qs.filter(category_id__in=[int(c) for c in codes])
        statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise BadRequest(_("status must be open or closed"))
        if statuses == {"open"}:
            qs = qs.filter(status__in=Status.open_states())
        elif statuses == {"closed"}:
            qs = qs.filter(status__in=public.CLOSED_STATES)
    page, size = _page(params)
    cases = _with_events(qs.order_by("-registered_at", "-pk"))[(page - 1) * size:page * size]
    return render(fmt, [public.request_dict(c) for c in cases], root="service_requests", item="request")


@endpoint()
def request_detail(request, fmt, number):
    case = _with_events(public.public_cases().filter(number=number)).first()
    if case is None:
        raise BadRequest(_("service_request_id not found"), 404)
    return render(fmt, [public.request_dict(case)], root="service_requests", item="request")


@endpoint()
def token(request, fmt, token):
    sr = ServiceRequest.objects.select_related("case").filter(token=token, case__confidential=False).first()
    if sr is None:
        raise BadRequest(_("token not found"), 404)
    return render(fmt, [{"service_request_id": sr.case.number, "token": sr.token}],
                  root="service_requests", item="request")


@endpoint()
def updates(request, fmt):
    """FixMyStreet's servicerequestupdates: public timeline lines since a time."""
    start, end = _window(request.GET)
    page, size = _page(request.GET)
    events = (
        CaseEvent.objects.filter(at__gte=start, at__lte=end, case__confidential=False)
        .select_related("case").order_by("at", "pk")
    )
    out = []
    skip = (page - 1) * size
    for event in events.iterator(chunk_size=500):
        text = public.note_text(event)
        if text is None:
            continue
        if skip:
            skip -= 1
            continue
        out.append(public.update_dict(event, text))
        if len(out) >= size:
            break
    return render(fmt, out, root="service_request_updates", item="request_update")


# --------------------------------------------------------------------------- posting a request


def _attribute(params, code: str, allowed: list[str], default: str) -> str:
    value = params.get(f"attribute[{code}]", "").strip() or default
    if value not in allowed:
        raise BadRequest(_("attribute[%(code)s] must be one of: %(values)s") % {
            "code": code, "values": ", ".join(allowed)})
    return value


def _coordinate(raw: str, name: str, limit: int) -> Decimal:
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise BadRequest(_("%(name)s must be a number") % {"name": name}) from None
    if not value.is_finite() or abs(value) > limit:
        raise BadRequest(_("%(name)s is out of range") % {"name": name})
    return value.quantize(Decimal("0.000001"))


def _place(address_id: str) -> dict:
    if not address_id:
        return {}
    unit = Unit.objects.filter(code=address_id, is_active=True,
                               kind__in=[UnitKind.DISTRICT, UnitKind.STREET, UnitKind.COMMUNITY]).first()
    if unit is None:
        raise BadRequest(_("address_id not found"))
    return {f"{unit.kind}_id": unit.pk}


def _post_request(request, fmt):
    p = request.POST
    if not p.get("api_key"):
        raise BadRequest(_("api_key is required"))
    key = OpenApiKey.authenticate(p["api_key"])
    if key is None:
        raise BadRequest(_("api_key is not valid"), 403)
    if not p.get("service_code"):
        raise BadRequest(_("service_code is required"))
    category = catalogue.service_for(p["service_code"])
    if category is None:
        raise BadRequest(_("service_code not found"), 404)
    lat, lon = p.get("lat", "").strip(), p.get("long", "").strip()
    address, address_id = p.get("address_string", "").strip(), p.get("address_id", "").strip()
    if bool(lat) != bool(lon):
        raise BadRequest(_("lat and long go together"))
    if not (lat or address or address_id):
        raise BadRequest(_("a location is required: lat and long, address_string or address_id"))
    description = p.get("description", "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise BadRequest(_("description is longer than 4000 characters"))
    email, media_url = p.get("email", "").strip(), p.get("media_url", "").strip()
    try:
        if email:
            validate_email(email)
        if media_url:
            URLValidator(schemes=["http", "https"])(media_url)
    except ValidationError:
        raise BadRequest(_("email or media_url is not valid")) from None
    case_type = _attribute(p, "case_type", [str(c) for c in catalogue.OPEN311_CASE_TYPES],
                           str(catalogue.DEFAULT_CASE_TYPE))
    urgency = _attribute(p, "urgency", [str(u) for u in catalogue.OPEN311_URGENCIES], "normal")
    confidential = _attribute(p, "confidential", ["true", "false"], "false") == "true"
    title = (description.splitlines()[0] if description else "")[:40] or f"{category.name} {address}".strip()
    name = (p.get("last_name", "").strip() + p.get("first_name", "").strip())[:60]
    draft = Draft(
        channel=Channel.OPEN311, case_type=case_type, urgency=urgency, category_id=category.pk,
        title=title[:200], content=description or title, address=address[:255],
        latitude=_coordinate(lat, "lat", 90) if lat else None,
        longitude=_coordinate(lon, "long", 180) if lon else None,
        citizen_name=name, citizen_phone=p.get("phone", "").strip()[:30],
        anonymous=not name, confidential=confidential, **_place(address_id),
    )
    try:
        with transaction.atomic():
            case, _decision = take_in(Actor.system(), draft)
            sr = ServiceRequest.objects.create(
                case=case, token=uuid.uuid4().hex, api_key=key, service_code=str(category.pk),
                attributes={"case_type": case_type, "urgency": urgency, "confidential": confidential},
                email=email, device_id=p.get("device_id", "")[:100], account_id=p.get("account_id", "")[:100],
                media_url=media_url,
            )
    except CaseError as exc:
        raise BadRequest(f"{exc.field}: {exc.message}" if exc.field else exc.message) from None
    notice = _("Case %(number)s registered; query code %(code)s. A reply is due by %(due)s.") % {
        "number": case.number, "code": case.query_code,
        "due": case.due_at.astimezone(clock.LOCAL_TZ).strftime("%Y-%m-%d %H:%M") if case.due_at else "-"}
    return render(fmt, [{"service_request_id": case.number, "token": sr.token, "service_notice": notice,
                         "account_id": sr.account_id}], root="service_requests", item="request")
