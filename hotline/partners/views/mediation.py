"""Mediation: the list, one mediation with its sessions, and the session and outcome forms.
The outcome is written on the case's timeline by `mediation.record_outcome`."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hotline import clock

from .. import mediation, selectors
from ..models import MediationStatus
from .common import found_or_404, gate, run

LIMIT = 100


@require_GET
@gate(selectors.may_see_mediations)
def mediation_list(request):
    found = selectors.visible_mediations(request.user)
    return render(request, "partners/mediations.html", {
        "open": list(found.exclude(status__in=MediationStatus.final()).order_by("opened_at")[:LIMIT]),
        "closed": list(found.filter(status__in=MediationStatus.final()).order_by("-closed_at")[:30]),
    })


@require_GET
@gate(selectors.may_see_mediations)
def mediation_detail(request, pk: int):
    item = found_or_404(selectors.mediation_for, request.user, pk)
    return render(request, "partners/mediation.html", {
        "m": item, "sessions": list(item.sessions.select_related("mediator")),
        "is_open": item.status not in MediationStatus.final(),
        "endings": [(s.value, s.label) for s in MediationStatus if s in MediationStatus.final()],
        "now": clock.local_now().strftime("%Y-%m-%dT%H:%M"),
    })


def _at(raw: str) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat((raw or "").strip())
    except ValueError:
        return None
    return value.replace(tzinfo=clock.LOCAL_TZ) if value.tzinfo is None else value


@require_POST
@gate(selectors.may_see_mediations)
def add_session(request, pk: int):
    item = found_or_404(selectors.mediation_for, request.user, pk)
    at = _at(request.POST.get("at", ""))
    if at is None:
        messages.error(request, _("Give the date and time of the session."))
    else:
        run(request, mediation.add_session, _("Session recorded."), mediation=item, by=request.user, at=at,
            place=request.POST.get("place", ""), notes=request.POST.get("notes", ""))
    return redirect("partners:mediation", pk=item.pk)


@require_POST
@gate(selectors.may_see_mediations)
def record_outcome(request, pk: int):
    item = found_or_404(selectors.mediation_for, request.user, pk)
    run(request, mediation.record_outcome, _("Outcome recorded; it is on the case's timeline."), mediation=item,
        by=request.user, status=request.POST.get("status", ""), outcome=request.POST.get("outcome", ""),
        amount=request.POST.get("amount", ""))
    return redirect("partners:mediation", pk=item.pk)
