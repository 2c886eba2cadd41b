"""Partner providers: dispatch, response, complaints with automatic suspension, yearly subsidy.

Suspension: the third *verified* complaint within one contract year suspends the provider
at once (`verify_complaint`); a suspended provider gets no new orders. Only a supervisor
reinstates one, giving a reason (kept on the provider, so the audit log has it).

Dispatch (`dispatch_order`): the price quoted for the job may not exceed the offer's cap,
15% below the market reference price (`cap_of`); one open order per provider and case.
What may be ordered for a case's place is `services.offers_for`.

Contract years run from the contract start date's anniversary to the day before the next.

Yearly subsidy (`subsidy`), for one contract year:

    N          = orders completed in the year
    on_time    = share of the N responded to within the promised minutes
    satisfied  = share of the rated ones among the N that the citizen rated satisfied (0 if none rated)
    Q          = clip(0.5 × on_time + 0.5 × satisfied − 0.1 × verified complaints, 0, 1)
    subsidy    = subsidy_per_order × N × Q, rounded half-up to the cent

so volume pays only as far as quality does, and each verified complaint costs ten points
of quality on the whole year's volume.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Status
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition
from hotline.cases.models import Case
from hotline.orgs.choices import Role

from .models import (
    ComplaintStatus,
    Provider,
    ProviderComplaint,
    ProviderOrder,
    ProviderStatus,
    ServiceOffer,
)
from .models.providers import MAX_PRICE_SHARE

SUSPEND_AFTER = 3
CENTRE = {Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR}


def contract_year(provider: Provider, on: dt.date) -> tuple[dt.date, dt.date]:
    """[start, end) of the contract year containing `on`."""
    start = provider.contract_start
    years = on.year - start.year - ((on.month, on.day) < (start.month, start.day))
    years = max(years, 0)

    def anniversary(n: int) -> dt.date:
        try:
            return start.replace(year=start.year + n)
        except ValueError:  # 29 February
            return start.replace(year=start.year + n, day=28)

    return anniversary(years), anniversary(years + 1)


def _local_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(start, dt.time(), clock.LOCAL_TZ), dt.datetime.combine(end, dt.time(), clock.LOCAL_TZ))


def cap_of(offer: ServiceOffer) -> Decimal:
    """The highest price that may be charged for the offer: 15% below the market reference."""
    return (offer.market_price * MAX_PRICE_SHARE).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def in_contract(provider: Provider, today: dt.date) -> bool:
    return provider.contract_start <= today and (provider.contract_end is None or provider.contract_end >= today)


def _quote(value, offer: ServiceOffer | None) -> Decimal | None:
    if value in (None, ""):
        return offer.price if offer else None
    if offer is None:
        raise Invalid(_("Choose the service the price is for."), field="offer")
    try:
        quote = Decimal(str(value).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise Invalid(_("Give the quoted price in yuan."), field="price") from None
    if not quote.is_finite() or quote < 0:
        raise Invalid(_("Give the quoted price in yuan."), field="price")
    cap = cap_of(offer)
    if quote > cap:
        raise Invalid(_("The quoted price %(quote)s yuan is above the cap of %(cap)s yuan (at least 15%% below "
                        "the market reference price of %(market)s yuan).")
                      % {"quote": quote, "cap": cap, "market": offer.market_price}, field="price")
    return quote


def dispatch_order(case: Case, provider: Provider, *, actor: Actor, offer: ServiceOffer | None = None,
                   price=None) -> ProviderOrder:
    """The centre sends a paid service to a provider (dispatching the case when it is new).

    `price` is the quote for this job (the offer's price when not given), at most `cap_of(offer)`.
    """
    if actor.role not in CENTRE:
        raise Forbidden()
    if provider.status != ProviderStatus.ACTIVE:
        raise InvalidTransition(_("This provider is suspended."))
    if not in_contract(provider, clock.today()):
        raise InvalidTransition(_("This provider has no contract in force."))
    if offer is not None and offer.provider_id != provider.pk:
        raise Invalid(_("This service is not offered by that provider."), field="offer")
    quote = _quote(price, offer)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status not in Status.open_states():
            raise InvalidTransition()
        if ProviderOrder.objects.filter(case=case, provider=provider, completed_at__isnull=True).exists():
            raise InvalidTransition(_("This provider already has an open order for this case."))
        if case.status == Status.REGISTERED:
            dispatcher = actor if actor.role in workflow.TRANSITIONS["dispatch"].roles else Actor.system()
            case = workflow.perform(case, "dispatch", actor=dispatcher, lead_unit=provider.unit,
                                    instructions=offer.name if offer else "")
        order = ProviderOrder.objects.create(provider=provider, case=case, offer=offer,
                                             price=quote, dispatched_by=actor.user)
        workflow.annotate(case, "provider_order", actor=actor, data={
            "provider": provider.unit.name, "service": offer.name if offer else "",
            "price": str(quote) if quote is not None else None, "response_minutes": provider.response_minutes})
    return order


def respond(order: ProviderOrder) -> ProviderOrder:
    if order.responded_at is None:
        order.responded_at = clock.now()
        order.save(update_fields=["responded_at"])
    return order


def complete(order: ProviderOrder, *, satisfied: bool | None = None) -> ProviderOrder:
    now = clock.now()
    order.responded_at = order.responded_at or now
    order.completed_at, order.satisfied = now, satisfied
    order.save(update_fields=["responded_at", "completed_at", "satisfied"])
    return order


def record_complaint(provider: Provider, *, text: str, case: Case | None = None, by=None) -> ProviderComplaint:
    """A complaint about a provider, waiting for verification (the same open complaint once only)."""
    if by is not None and not (by.is_superuser or by.role in CENTRE):
        raise Forbidden()
    text = (text or "").strip()[:5000]
    if not text:
        raise Invalid(_("This field is required."), field="text")
    with transaction.atomic():
        Provider.objects.select_for_update().get(pk=provider.pk)
        if provider.complaints.filter(status=ComplaintStatus.OPEN, text=text, case=case).exists():
            raise InvalidTransition(_("This complaint is already recorded."))
        return ProviderComplaint.objects.create(provider=provider, case=case, text=text)


def verified_complaints(provider: Provider, on: dt.date) -> int:
    start, end = _local_range(*contract_year(provider, on))
    return provider.complaints.filter(status=ComplaintStatus.VERIFIED, received_at__gte=start,
                                      received_at__lt=end).count()


def verify_complaint(complaint: ProviderComplaint, *, by, substantiated: bool) -> ProviderComplaint:
    """Decide a complaint; the third verified one in a contract year suspends the provider."""
    if not (by.is_superuser or by.role in {Role.DISPATCHER, Role.SUPERVISOR}):
        raise Forbidden()
    with transaction.atomic():
        complaint = ProviderComplaint.objects.select_for_update().get(pk=complaint.pk)
        if complaint.status != ComplaintStatus.OPEN:
            raise InvalidTransition(_("This complaint has already been decided."))
        now = clock.now()
        complaint.status = ComplaintStatus.VERIFIED if substantiated else ComplaintStatus.REJECTED
        complaint.verified_at, complaint.verified_by = now, by
        complaint.save(update_fields=["status", "verified_at", "verified_by"])
        provider = Provider.objects.select_for_update().get(pk=complaint.provider_id)
        on = complaint.received_at.astimezone(clock.LOCAL_TZ).date()
        if substantiated and provider.status == ProviderStatus.ACTIVE and verified_complaints(provider, on) >= SUSPEND_AFTER:
            provider.status, provider.suspended_at = ProviderStatus.SUSPENDED, now
            provider.suspension_reason = _("%(n)d verified complaints in the contract year") % {"n": SUSPEND_AFTER}
            provider.save(update_fields=["status", "suspended_at", "suspension_reason"])
    return complaint


def reinstate(provider: Provider, *, by, reason: str) -> Provider:
    """A supervisor lifts a suspension, saying why (the reason stays on the provider and in the audit log)."""
    if not (by.is_superuser or by.role == Role.SUPERVISOR):
        raise Forbidden()
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Say why the provider is reinstated."), field="reason")
    with transaction.atomic():
        provider = Provider.objects.select_for_update().get(pk=provider.pk)
        if provider.status != ProviderStatus.SUSPENDED:
            raise InvalidTransition(_("This provider is not suspended."))
        provider.status, provider.suspended_at, provider.suspension_reason = ProviderStatus.ACTIVE, None, ""
        provider.reinstated_at, provider.reinstated_by, provider.reinstatement_reason = clock.now(), by, reason[:200]
        provider.save(update_fields=["status", "suspended_at", "suspension_reason", "reinstated_at",
                                     "reinstated_by", "reinstatement_reason"])
    return provider


@dataclass(frozen=True)
class Subsidy:
    year_start: dt.date
    year_end: dt.date
    completed: int
    on_time_rate: Decimal
    satisfied_rate: Decimal
    verified_complaints: int
    quality: Decimal
    amount: Decimal


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else Decimal(0)


def subsidy(provider: Provider, on: dt.date) -> Subsidy:
    """The subsidy for the contract year containing `on` (formula in the module docstring)."""
    year_start, year_end = contract_year(provider, on)
    start, end = _local_range(year_start, year_end)
    orders = list(provider.orders.filter(completed_at__gte=start, completed_at__lt=end).select_related("provider"))
    n = len(orders)
    on_time = _share(sum(1 for o in orders if o.on_time), n)
    rated = [o for o in orders if o.satisfied is not None]
    satisfied = _share(sum(1 for o in rated if o.satisfied), len(rated))
    complaints = verified_complaints(provider, year_start)
    quality = Decimal("0.5") * on_time + Decimal("0.5") * satisfied - Decimal("0.1") * complaints
    quality = min(max(quality, Decimal(0)), Decimal(1))
    amount = (provider.subsidy_per_order * n * quality).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Subsidy(year_start, year_end, n, on_time, satisfied, complaints, quality, amount)
