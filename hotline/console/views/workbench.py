"""The unit workbench (承办单位): the unit's queue, soonest deadline first."""

from __future__ import annotations

from django.db.models import F
from django.shortcuts import render

from hotline import clock
from hotline.cases.choices import AssignmentStatus
from hotline.cases.models import Assignment
from hotline.catalog.models import Category
from hotline.orgs.choices import Role
from hotline.privacy.reveal import masked
from hotline.sla import calendar

from .. import exportlinks
from ..timestatus import AMBER, GREEN, RED, amber_percent, time_status
from .common import roles_required

PAGE = 100
RANK = {GREEN: 0, AMBER: 1, RED: 2}


def queue(user, *, status: str = "", overdue: bool = False, category_id: int | None = None):
    now = clock.now()
    qs = (
        Assignment.objects.filter(unit_id=user.unit_id, status__in=AssignmentStatus.active())
        .select_related("case", "case__category", "case__street", "case__district")
        .order_by(F("due_at").asc(nulls_last=True), "id")
    )
    if status in AssignmentStatus.active():
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(due_at__lt=now)
    if category_id:
        qs = qs.filter(case__category__path__startswith=f"/{category_id}/")
    # Inside the scope by construction: the queue holds only the user's own unit's
    # assignments, and `cases.access` lets a unit see every case assigned to it.
    page = list(qs[:PAGE])
    cal = calendar.current()
    rows = []
    for a in page:
        reply = time_status(a.dispatched_at, a.due_at, now, cal)
        sign = time_status(a.dispatched_at, a.sign_due_at, now, cal) if a.status == AssignmentStatus.PENDING else GREEN
        rows.append({
            "assignment": a, "case": a.case, "citizen": masked(a.case, user),
            "colour": max(reply, sign, key=RANK.__getitem__),
            "place": next((p.name for p in (a.case.street, a.case.district) if p), ""),
        })
    return rows


@roles_required(Role.HANDLER, Role.UNIT_LEADER)
def workbench(request):
    status = request.GET.get("status", "")
    overdue = request.GET.get("overdue") == "1"
    raw_category = request.GET.get("category", "")
    category_id = int(raw_category) if raw_category.isdigit() else None
    rows = queue(request.user, status=status, overdue=overdue, category_id=category_id) if request.user.unit_id else []
    context = {
        "rows": rows,
        "status": status, "overdue": overdue, "category_id": category_id,
        "statuses": [(s, AssignmentStatus(s).label) for s in AssignmentStatus.active()],
        "top_categories": Category.objects.filter(parent__isnull=True, is_active=True).order_by("name"),
        "page_size": PAGE,
        "export": exportlinks.workbench(request.user.unit_id, status=status, overdue=overdue,
                                        category_id=category_id) if request.user.unit_id else None,
        "amber_percent": amber_percent(),
    }
    return render(request, "console/workbench.html", context)
