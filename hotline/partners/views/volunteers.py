"""Volunteer teams: open tasks with the hours form, completed tasks, each team's hours."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, volunteers
from .common import found_or_404, gate, run

LIMIT = 100


@require_GET
@gate(selectors.may_see_volunteers)
def task_list(request):
    tasks = selectors.visible_tasks(request.user)
    return render(request, "partners/volunteers.html", {
        "teams": selectors.teams_with_hours(request.user),
        "open_tasks": list(tasks.filter(completed_at__isnull=True).order_by("dispatched_at")[:LIMIT]),
        "done": list(tasks.filter(completed_at__isnull=False).order_by("-completed_at")[:30]),
        "max_hours": volunteers.MAX_HOURS,
    })


@require_POST
@gate(selectors.may_see_volunteers)
def record_hours(request, pk: int):
    task = found_or_404(selectors.task_for, request.user, pk)
    run(request, volunteers.record_hours, _("Hours recorded."), task=task, hours=request.POST.get("hours", ""),
        by=request.user)
    return redirect("partners:volunteers")
