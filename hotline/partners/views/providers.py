"""The providers screen: status, complaints of the contract year, verification (the third
verified complaint suspends the provider), reinstatement with a reason, the yearly subsidy."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hotline import clock
from hotline.cases.errors import CaseError

from .. import providers
from ..models import ComplaintStatus, Provider, ProviderComplaint, ProviderStatus
from ..selectors import is_centre
from .common import case_or_404, centre_only


def _provider(pk: int) -> Provider:
    provider = Provider.objects.select_related("unit", "reinstated_by").filter(pk=pk).first()
    if provider is None:
        raise Http404
    return provider


def _year(provider: Provider, today: dt.date) -> dict:
    start, end = providers.contract_year(provider, today)
    return {"start": start, "end": end - dt.timedelta(days=1),
            "verified": providers.verified_complaints(provider, today),
            "open": provider.complaints.filter(status=ComplaintStatus.OPEN).count(),
            "subsidy": providers.subsidy(provider, today)}


def _may_decide(user) -> bool:
    return user.is_superuser or user.role in {"dispatcher", "supervisor"}


def _may_reinstate(user) -> bool:
    return user.is_superuser or user.role == "supervisor"


@require_GET
@centre_only
def provider_list(request):
    today = clock.today()
    rows = [(p, _year(p, today)) for p in Provider.objects.select_related("unit").order_by("unit__name")]
    return render(request, "partners/providers.html", {"rows": rows, "suspend_after": providers.SUSPEND_AFTER})


@require_GET
@centre_only
def provider_detail(request, pk: int):
    provider = _provider(pk)
    today = clock.today()
    year = _year(provider, today)
    previous = providers.subsidy(provider, year["start"] - dt.timedelta(days=1)) \
        if year["start"] > provider.contract_start else None
    return render(request, "partners/provider.html", {
        "provider": provider, "year": year, "previous": previous, "suspend_after": providers.SUSPEND_AFTER,
        "offers": [(o, providers.cap_of(o)) for o in provider.offers.all()],
        "complaints": list(provider.complaints.select_related("case", "verified_by")[:100]),
        "orders": list(provider.orders.select_related("case", "offer")[:20]),
        "may_decide": _may_decide(request.user), "may_reinstate": _may_reinstate(request.user),
        "may_record": is_centre(request.user),
    })


@require_POST
@centre_only
def decide(request, pk: int):
    complaint = ProviderComplaint.objects.filter(pk=pk).select_related("provider").first()
    if complaint is None:
        raise Http404
    decision = request.POST.get("decision", "")
    if decision not in {"verify", "reject"}:
        messages.error(request, _("Choose whether the complaint is substantiated."))
        return redirect("partners:provider", pk=complaint.provider_id)
    was_active = complaint.provider.status == ProviderStatus.ACTIVE
    try:
        providers.verify_complaint(complaint, by=request.user, substantiated=decision == "verify")
    except CaseError as exc:
        messages.error(request, str(exc.message))
        return redirect("partners:provider", pk=complaint.provider_id)
    provider = _provider(complaint.provider_id)
    if was_active and provider.status == ProviderStatus.SUSPENDED:
        messages.warning(request, _(
            "Verified complaints in this contract year reached %(n)d: the provider is now suspended and gets "
            "no new orders.") % {"n": providers.SUSPEND_AFTER})
    else:
        messages.success(request, _("Complaint verified.") if decision == "verify" else _("Complaint rejected."))
    return redirect("partners:provider", pk=provider.pk)


@require_POST
@centre_only
def record_complaint(request, pk: int):
    provider = _provider(pk)
    number = request.POST.get("case", "").strip()
    case = case_or_404(request.user, number) if number else None
    try:
        providers.record_complaint(provider, text=request.POST.get("text", ""), case=case, by=request.user)
    except CaseError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Complaint recorded; it waits for verification."))
    return redirect("partners:provider", pk=provider.pk)


@require_POST
@centre_only
def reinstate(request, pk: int):
    provider = _provider(pk)
    try:
        providers.reinstate(provider, by=request.user, reason=request.POST.get("reason", ""))
    except CaseError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The provider is active again."))
    return redirect("partners:provider", pk=provider.pk)
