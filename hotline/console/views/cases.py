"""A case's page: details, timeline, assignments, attachments and the allowed actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotline.cases import workflow
from hotline.cases.access import case_for
from hotline.cases.choices import ArbitrationRuling, ReturnReason, Satisfaction, Status
from hotline.cases.errors import CaseError, NotFound
from hotline.cases.workflow import DISPATCHABLE_KINDS
from hotline.orgs.models import Unit
from hotline.privacy import reveal as privacy
from hotline.replies.selectors import latest_for

from .. import attachments as files
from .. import caseactions
from ..duplicates import possible_targets
from ..timeline import actor_label, staff_summary, unit_names, verb_label
from .common import actor, client_ip, safe_next, version_of

DISPATCH_VERBS = {"dispatch", "redispatch", "arbitrate"}


def _case_or_404(user, number):
    try:
        return case_for(user, number)
    except NotFound:
        raise Http404 from None


def render_case(request, case, *, revealed=None, status=200):
    user = request.user
    events = list(case.events.select_related("actor", "actor_unit").order_by("seq"))
    units = unit_names(events)
    statuses = dict(Status.choices)
    timeline = [
        {
            "event": e, "label": verb_label(e.verb), "summary": staff_summary(e, units),
            "actor": str(e.actor) if e.actor_id else actor_label(e.actor_role),
            "to": statuses.get(e.to_status, "") if e.to_status != e.from_status else "",
        }
        for e in events
    ]
    replies = [e for e in events if e.verb in {"reply", "answer_on_spot"} and e.data.get("role") in (None, "lead")]
    assignments = list(case.assignments.select_related("unit", "signed_by").order_by("-round", "role", "id"))
    actions = caseactions.available(case, user, assignments)
    verbs = {a.verb for a in actions}
    needs_units = bool(verbs & DISPATCH_VERBS)
    context = {
        "case": case,
        "timeline": timeline,
        "assignments": assignments,
        "mine": caseactions.my_assignments(case, user, assignments),
        "attachments": list(case.attachments.order_by("uploaded_at", "id")),
        "extensions": list(case.extensions.select_related("requested_by").order_by("-requested_at")),
        "actions": actions,
        "elsewhere": caseactions.elsewhere(case, user),
        "verbs": verbs,
        "citizen": revealed or privacy.masked(case, user),
        "revealed": revealed is not None,
        "may_reveal": privacy.may_reveal(case, user),
        "units": list(Unit.objects.filter(kind__in=DISPATCHABLE_KINDS, is_active=True).order_by("path"))
        if needs_units else [],
        "return_reasons": ReturnReason.choices,
        "rulings": ArbitrationRuling.choices,
        "satisfactions": Satisfaction.choices,
        "category_name": case.category.full_name() if case.category_id else "",
        "place": " ".join(p.name for p in (case.district, case.street, case.community) if p),
        "reply_text": replies[-1].data.get("reply", "") if replies else "",
        "reply_score": latest_for(case, user) if replies else None,
        "merge_targets": possible_targets(case, user) if "merge" in verbs else [],
    }
    return render(request, "console/case.html", context, status=status)


@login_required
def detail(request, number):
    return render_case(request, _case_or_404(request.user, number))


@require_POST
@login_required
def act(request, number, verb):
    case = _case_or_404(request.user, number)
    back = safe_next(request, reverse("console:case", args=[case.number]))
    try:
        kwargs = caseactions.parse(verb, request.POST)
        checked = files.check(request.FILES.getlist("attachments")) if verb == "reply" else []
        with transaction.atomic():
            case = workflow.perform(case, verb, actor=actor(request), version=version_of(request), **kwargs)
            if checked:
                event = case.events.filter(verb="reply").order_by("-seq").first()
                files.store(case, checked, user=request.user, event=event)
    except CaseError as exc:
        messages.error(request, str(exc.message))
        return redirect(back)
    label = caseactions.LABELS.get(verb, verb)
    messages.success(request, _("Done: %(action)s.") % {"action": label})
    return redirect(back)


@require_POST
@login_required
def reveal(request, number):
    case = _case_or_404(request.user, number)
    try:
        shown = privacy.reveal(case, request.user, reason=request.POST.get("reason", ""), source_ip=client_ip(request))
    except CaseError as exc:
        messages.error(request, str(exc.message))
        return redirect("console:case", number=case.number)
    return render_case(request, case, revealed=shown)


@login_required
def attachment(request, number, pk):
    case = _case_or_404(request.user, number)
    item = case.attachments.filter(pk=pk).first()
    if item is None:
        raise Http404
    response = FileResponse(item.file.open("rb"), content_type=item.content_type,
                            as_attachment=item.content_type == "application/pdf", filename=item.original_name)
    return response
