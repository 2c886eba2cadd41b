"""The inspector's phone page (report with photo and location) and their list of reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotline.cases.access import visible_cases
from hotline.cases.errors import CaseError, Invalid
from hotline.console.views.common import roles_required
from hotline.orgs.choices import Role

from . import services
from .models import GridReport, RewardRecord, UrbanItem


@roles_required(Role.INSPECTOR)
def mine(request):
    reports = (GridReport.objects.filter(inspector=request.user)
               .select_related("case", "item", "routed_to").order_by("-reported_at")[:50])
    rewards = RewardRecord.objects.filter(inspector=request.user)
    return render(request, "grids/mine.html", {
        "reports": reports, "reward_total": sum(r.amount for r in rewards), "reward_count": len(rewards),
    })


@roles_required(Role.INSPECTOR)
def report(request):
    grid, community = services.place_of(request.user)
    values, error_field, error = {}, None, None
    if request.method == "POST":
        values = request.POST
        item = UrbanItem.objects.filter(pk=values.get("item") if str(values.get("item", "")).isdigit() else None,
                                        is_active=True).first()
        try:
            if item is None:
                raise Invalid(_("Choose a component or event."), field="item")
            done = services.report(
                request.user, item=item, description=values.get("description", ""),
                photos=request.FILES.getlist("photos"), latitude=values.get("latitude"),
                longitude=values.get("longitude"), address=values.get("address", ""),
            )
        except CaseError as exc:
            error, error_field = str(exc.message), exc.field
        else:
            messages.success(request, _("Reported as case %(number)s.") % {"number": done.case.number})
            return redirect("grids:mine")
    return render(request, "grids/report.html", {
        "grid": grid, "community": community, "catalogue": services.catalogue(), "values": values,
        "error": error, "error_field": error_field,
    }, status=400 if error else 200)


@require_POST
@roles_required(Role.DISPATCHER, Role.SUPERVISOR, Role.UNIT_LEADER)
def verify(request, pk: int):
    # Through the case's scope: a report on a case this person cannot see answers like a missing one.
    grid_report = GridReport.objects.filter(pk=pk, case__in=visible_cases(request.user)).first()
    if grid_report is None:
        raise Http404
    try:
        reward = services.verify(grid_report, by=request.user, hazard=request.POST.get("hazard") == "yes",
                                 note=request.POST.get("note", ""))
    except CaseError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Reward recorded: %(amount)s yuan.") % {"amount": reward.amount} if reward
                         else _("Verified."))
    return redirect("console:case", number=grid_report.case.number)
