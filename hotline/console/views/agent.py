"""The agent console (话务员): one screen for one call."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotline.cases import workflow
from hotline.cases.access import visible_cases
from hotline.cases.choices import Channel
from hotline.cases.errors import CaseError
from hotline.catalog.models import Category
from hotline.intake.services import Draft, take_in
from hotline.intake.suggest import record_intake_feedback
from hotline.intake.territory import locate
from hotline.knowledge.search import search
from hotline.orgs.choices import Role
from hotline.orgs.models import Unit
from hotline.privacy.crypto import phone_digest
from hotline.routing import rules

from ..duplicates import similar_open_cases
from ..forms import RegisterForm
from ..pickers import category_picker, place_picker
from .common import actor, roles_required

AGENT_ROLES = (Role.AGENT, Role.DISPATCHER)


def _decide(cats, places):
    """The routing decision for the category and place chosen so far."""
    category = Category.objects.filter(pk=cats.value).first() if cats.value else None
    district_id, street_id = places.levels[0].selected, places.levels[1].selected
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[p for p in (district_id, street_id) if p])}
    return rules.decide(category, district=units.get(district_id), street=units.get(street_id))


def _panels(request, data, *, duplicates: bool = True):
    cats, places = category_picker(data), place_picker(data)
    found = []
    if duplicates:
        street_id, community_id = places.levels[1].selected, places.levels[2].selected
        if street_id is None:  # no place picked: the one read in the address or text, if unambiguous
            where = locate(address=data.get("address", ""), text=f"{data.get('title', '')}\n{data.get('content', '')}")
            if where.resolved:
                street_id = where.place.street.pk if where.place.street else None
                community_id = where.place.community.pk if where.place.community else None
        found = similar_open_cases(
            request.user, category_id=cats.value, street_id=street_id, community_id=community_id,
            phone=data.get("citizen_phone", ""), title=data.get("title", ""), content=data.get("content", ""),
        )
    return {"categories": cats, "places": places, "decision": _decide(cats, places), "duplicates": found}


@roles_required(*AGENT_ROLES)
def console(request):
    context = {"form": RegisterForm(), **_panels(request, {}, duplicates=False)}
    return render(request, "console/agent.html", context)


@roles_required(*AGENT_ROLES)
def lookup(request):
    phone = request.GET.get("citizen_phone", "").strip()
    digest = phone_digest(phone)
    earlier = []
    if digest:
        earlier = list(
            visible_cases(request.user).filter(phone_digest=digest)
            .select_related("category", "lead_unit").order_by("-registered_at")[:10]
        )
    return render(request, "console/_caller_history.html", {"phone": phone, "earlier": earlier})


@roles_required(*AGENT_ROLES)
def knowledge(request):
    query = request.GET.get("q", "").strip()
    hits = search(query) if query else []
    return render(request, "console/_knowledge_hits.html", {"query": query, "hits": hits})


@roles_required(*AGENT_ROLES)
def refresh(request):
    """Pickers, routing suggestion and duplicate warning for the form as it stands (HTMX)."""
    return render(request, "console/_register_panels.html", _panels(request, request.GET))


def _draft(form, data, *, dispatch: bool) -> Draft:
    cats, places = category_picker(data), place_picker(data)
    d = form.cleaned_data
    return Draft(
        channel=Channel.PHONE, case_type=d["case_type"], urgency=d["urgency"],
        title=d["title"], content=d["content"], category_id=cats.value,
        address=d["address"], district_id=places.levels[0].selected,
        street_id=places.levels[1].selected, community_id=places.levels[2].selected,
        citizen_name=d["citizen_name"], citizen_phone=d["citizen_phone"],
        anonymous=d["anonymous"], confidential=d["confidential"], dispatch=dispatch,
    )


@require_POST
@roles_required(*AGENT_ROLES)
def register(request):
    form = RegisterForm(request.POST)
    action = request.POST.get("action", "dispatch")
    merge_into = request.POST.get("merge_into", "").strip()[:20]  # "register and merge into" a duplicate
    if merge_into:
        action = "merge"
    if form.is_valid():
        try:
            with transaction.atomic():
                case, decision = take_in(actor(request), _draft(form, request.POST, dispatch=action == "dispatch"))
                record_intake_feedback(case, actor=request.user)  # the agent's confirmation or correction
                if action == "answer":
                    case = workflow.perform(case, "answer_on_spot", actor=actor(request),
                                            reply=form.cleaned_data["reply"])
                elif action == "merge":
                    case = workflow.perform(case, "merge", actor=actor(request), into=merge_into,
                                            note=_("Registered as a duplicate at intake."))
        except CaseError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            if action == "merge":
                messages.success(request, _("Case %(number)s registered and merged into %(into)s.")
                                 % {"number": case.number, "into": merge_into})
                return redirect("console:case", number=merge_into)
            if action == "answer":
                messages.success(request, _("Case %(number)s registered and answered on the spot.")
                                 % {"number": case.number})
            elif case.lead_unit_id:
                messages.success(request, _("Case %(number)s registered and dispatched to %(unit)s.")
                                 % {"number": case.number, "unit": case.lead_unit.name})
            else:
                messages.warning(request, _("Case %(number)s registered; it waits for the centre to dispatch it.")
                                 % {"number": case.number})
            return redirect("console:case", number=case.number)
    context = {"form": form, **_panels(request, request.POST)}
    return render(request, "console/agent.html", context, status=422)
