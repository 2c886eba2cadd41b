from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from hotline import clock
from hotline.cases.access import visible_cases
from hotline.cases.choices import Status
from hotline.orgs.choices import Role

from .common import roles_required

HOME_BY_ROLE = {
    Role.AGENT: "console:agent",
    Role.HANDLER: "console:workbench",
    Role.UNIT_LEADER: "console:workbench",
    Role.DISPATCHER: "console:desk",
    Role.SUPERVISOR: "console:desk",
}


@login_required
def home(request):
    return redirect(HOME_BY_ROLE.get(request.user.role, "console:overview"))


@roles_required(*[r.value for r in Role])
def overview(request):
    now = clock.now()
    start_of_day = clock.local_now().replace(hour=0, minute=0, second=0, microsecond=0)
    open_states = Status.open_states()
    figures = visible_cases(request.user).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=open_states)),
        today=Count("pk", filter=Q(registered_at__gte=start_of_day)),
        overdue=Count("pk", filter=Q(status__in=[s for s in open_states if s != Status.REPLIED], due_at__lt=now)),
        waiting_callback=Count("pk", filter=Q(status=Status.REPLIED)),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
        satisfied=Count("pk", filter=Q(satisfaction__in=["satisfied", "basic"])),
        rated=Count("pk", filter=~Q(satisfaction="")),
    )
    rows = (
        visible_cases(request.user).values("status").annotate(n=Count("pk")).order_by("status")
    )
    labels = dict(Status.choices)
    by_status = [(labels.get(r["status"], r["status"]), r["n"]) for r in rows]
    rate = round(100 * figures["satisfied"] / figures["rated"]) if figures["rated"] else None
    return render(request, "console/overview.html", {"figures": figures, "by_status": by_status, "rate": rate})
