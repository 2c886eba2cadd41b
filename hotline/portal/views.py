"""The citizen portal: submit, get a number and a code, follow the case, add to it, rate it."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Channel, Satisfaction
from hotline.cases.errors import CaseError
from hotline.cases.transitions import allowed
from hotline.console import attachments as files
from hotline.console.forms import PortalForm
from hotline.console.pickers import category_picker, place_picker
from hotline.console.timeline import public_timeline, unit_names
from hotline.intake.services import Draft, take_in

from . import access

NEW_KEY = "portal_new"
RATINGS = [(s.value, s.label) for s in (Satisfaction.SATISFIED, Satisfaction.BASIC, Satisfaction.UNSATISFIED)]


def home(request):
    return render(request, "portal/home.html", {"recent": request.session.get(access.SESSION_KEY, [])[:5]})


def _pickers(data):
    return {"categories": category_picker(data), "places": place_picker(data)}


def pickers(request):
    return render(request, "portal/_pickers.html", _pickers(request.GET))


def submit(request):
    if request.method != "POST":
        return render(request, "portal/submit.html", {"form": PortalForm(), **_pickers({})})
    form = PortalForm(request.POST, request.FILES)
    picked = _pickers(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        places = picked["places"].levels
        try:
            checked = files.check(request.FILES.getlist("photos"), images_only=True)
            with transaction.atomic():
                case, _decision = take_in(Actor.citizen(), Draft(
                    channel=Channel.PORTAL, case_type=d["case_type"], title=d["title"], content=d["content"],
                    category_id=picked["categories"].value, address=d["address"],
                    district_id=places[0].selected, street_id=places[1].selected, community_id=places[2].selected,
                    latitude=d["latitude"], longitude=d["longitude"],
                    citizen_name=d["citizen_name"], citizen_phone=d["citizen_phone"], anonymous=d["anonymous"],
                ))
                files.store(case, checked, event=case.events.order_by("seq").first())
        except CaseError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            access.remember(request, case.number)
            request.session[NEW_KEY] = {"number": case.number, "code": case.query_code}
            return redirect("portal:done")
    return render(request, "portal/submit.html", {"form": form, **picked}, status=422)


def done(request):
    new = request.session.pop(NEW_KEY, None)
    if not new:
        return redirect("portal:home")
    return render(request, "portal/done.html", {"new": new})


@require_POST
def track(request):
    number, code = request.POST.get("number", ""), request.POST.get("code", "")
    case = access.open_with_code(request, number, code)
    if case is None:
        messages.error(request, _("No request matches this number and query code."))
        return redirect("portal:home")
    return redirect("portal:case", number=case.number)


def _case(request, number):
    case = access.case_in_session(request, number)
    if case is None:
        raise Http404
    return case


def case_page(request, number):
    case = access.case_in_session(request, number)
    if case is None:
        messages.info(request, _("Enter the number and query code of your request."))
        return redirect("portal:home")
    events = list(case.events.order_by("seq"))
    context = {
        "case": case,
        "timeline": public_timeline(events, unit_names(events)),
        "may_add": allowed("supplement", case.status, "citizen"),
        "may_rate": allowed("callback", case.status, "citizen"),
        "ratings": RATINGS,
        "photos": case.attachments.filter(uploaded_by__isnull=True).count(),
    }
    return render(request, "portal/case.html", context)


def _version(request) -> int | None:
    raw = (request.POST.get("version") or "").strip()
    return int(raw) if raw.isdigit() else None


@require_POST
def supplement(request, number):
    case = _case(request, number)
    try:
        workflow.perform(case, "supplement", actor=Actor.citizen(), version=_version(request),
                         text=request.POST.get("text", ""))
    except CaseError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Thank you: your information was added to the request."))
    return redirect("portal:case", number=case.number)


@require_POST
def rate(request, number):
    case = _case(request, number)
    resolved = {"yes": True, "no": False}.get(request.POST.get("resolved", ""))
    satisfaction = request.POST.get("satisfaction", "")
    try:
        if satisfaction not in {v for v, _label in RATINGS}:
            raise CaseError(_("Choose how satisfied you are."))
        workflow.perform(case, "callback", actor=Actor.citizen(), version=_version(request),
                         satisfaction=satisfaction, resolved=resolved, note=request.POST.get("note", ""))
    except CaseError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect("portal:case", number=case.number)
