"""The Services panel of a case page: order a partner provider, send volunteers, refer to
mediation. The panel is a fragment the case page loads with HTMX (a full page without it);
each form posts one action and returns to the case page, where the result is on the timeline."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hotline.cases.actors import Actor
from hotline.cases.choices import Status

from .. import providers, services, volunteers
from ..models import Mediation, ProviderOrder, VolunteerTask
from .common import case_or_404, centre_only, run


def _context(request, case) -> dict:
    place = services.place_of(case)
    service = request.GET.get("service", "").strip()[:60]
    skills = request.GET.get("skills", "").strip()[:200]
    is_open = case.status in Status.open_states()
    return {
        "case": case,
        "is_open": is_open,
        "orders": list(ProviderOrder.objects.filter(case=case).select_related("provider__unit", "offer")),
        "tasks": list(VolunteerTask.objects.filter(case=case).select_related("volunteer__team")),
        "mediations": list(Mediation.objects.filter(case=case).select_related("organisation")),
        "offers": [(o, providers.cap_of(o)) for o in services.offers_for(place, service=service)] if is_open else [],
        "matches": volunteers.match(skills=skills, place=place, limit=10) if is_open else [],
        "routes": services.routes(case) if is_open else [],
        "service": service,
        "skills": skills,
    }


@require_GET
@centre_only
def panel(request, number: str):
    case = case_or_404(request.user, number)
    template = "partners/_services.html" if request.headers.get("HX-Request") else "partners/services.html"
    return render(request, template, _context(request, case))


def _back(case):
    return redirect("console:case", number=case.number)


@require_POST
@centre_only
def order(request, number: str):
    case = case_or_404(request.user, number)
    run(request, services.order_service, _("The provider has the order."), case=case,
        offer_id=request.POST.get("offer"), price=request.POST.get("price", ""), actor=Actor.staff(request.user))
    return _back(case)


@require_POST
@centre_only
def send_volunteers(request, number: str):
    case = case_or_404(request.user, number)
    run(request, services.send_volunteers, _("The volunteers are on their way."), case=case,
        volunteer_ids=request.POST.getlist("volunteers"), actor=Actor.staff(request.user))
    return _back(case)


@require_POST
@centre_only
def refer(request, number: str):
    case = case_or_404(request.user, number)
    run(request, services.refer_to_mediation, _("Sent to mediation."), case=case,
        kind=request.POST.get("kind", ""), parties=request.POST.get("parties", ""), actor=Actor.staff(request.user))
    return _back(case)
