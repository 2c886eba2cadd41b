"""Hotspot screens: the top issues of the latest scan, one issue with its messages, scan now."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotline.cases.access import SEE_ALL, visible_cases
from hotline.console.views.common import roles_required
from hotline.orgs.choices import Role

from . import actions
from .models import Hotspot, Source

# Hotspots cross every unit's cases: those who see the whole city read them.
READERS = tuple(SEE_ALL)
SCANNERS = (Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.ADMIN)
MEMBERS_SHOWN = 500


def _source(value: str) -> str:
    return value if value in Source.values else Source.CASES


def may_scan(user) -> bool:
    return user.is_superuser or user.role in SCANNERS


@roles_required(*READERS)
def hotspot_list(request):
    source = _source(request.GET.get("source", ""))
    scan = actions.latest(source)
    hotspots = list(scan.hotspots.all()) if scan else []
    return render(request, "hotspots/list.html", {
        "scan": scan, "hotspots": hotspots, "source": source, "sources": Source.choices,
        "may_scan": may_scan(request.user), "warnings": sum(1 for h in hotspots if h.warning),
    })


@roles_required(*READERS)
def hotspot_detail(request, pk: int):
    hotspot = get_object_or_404(Hotspot.objects.select_related("scan"), pk=pk)
    members = list(hotspot.members.all()[:MEMBERS_SHOWN])
    case_ids = [m.case_id for m in members if m.case_id]
    numbers = dict(visible_cases(request.user).filter(pk__in=case_ids).values_list("pk", "number"))
    rows = [m for m in members if m.case_id is None or m.case_id in numbers]
    for m in rows:
        m.number = numbers.get(m.case_id, "")
    return render(request, "hotspots/detail.html", {
        "hotspot": hotspot, "members": rows, "hidden": len(members) - len(rows),
        "more": max(hotspot.items - len(members), 0),
    })


@require_POST
@roles_required(*SCANNERS)
def scan_now(request):
    source = _source(request.POST.get("source", ""))
    try:
        scan = actions.scan(source)
    except actions.Busy:
        messages.warning(request, _("A scan of this source is running already; try again in a moment."))
    else:
        messages.success(request, _("Scan finished: %(n)d messages read, %(k)d hotspots.")
                         % {"n": scan.messages, "k": scan.hotspots.count()})
    return redirect(f"{reverse('hotspots:list')}?source={source}")
