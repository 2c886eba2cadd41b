"""Partner providers: price cap, dispatch, suspension after three verified complaints, subsidy."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hotline import clock
from hotline.cases.actors import Actor
from hotline.cases.choices import Status
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition
from hotline.partners import providers
from hotline.partners.models import ProviderStatus, ServiceOffer
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def test_price_must_be_at_least_15_percent_below_the_market(provider):
    ok = ServiceOffer(provider=provider, name="开锁", price=Decimal("85.00"), market_price=Decimal("100"))
    ok.full_clean()  # exactly 15% below is allowed
    too_dear = ServiceOffer(provider=provider, name="开锁", price=Decimal("85.01"), market_price=Decimal("100"))
    with pytest.raises(ValidationError) as error:
        too_dear.full_clean()
    assert "85.00" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it too
        too_dear.save()


def test_dispatch_to_a_provider(city, provider):
    case = new_case(city, dispatch=False, title="家中水管爆裂", content="请派维修工")
    order = providers.dispatch_order(case, provider, actor=Actor.staff(city.dispatcher), offer=provider.offer)
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED and case.lead_unit == provider.unit
    assert order.price == Decimal("68") and case.events.order_by("-seq").first().verb == "provider_order"
    with pytest.raises(Forbidden):
        providers.dispatch_order(case, provider, actor=Actor.staff(city.market_handler))


def test_three_verified_complaints_in_a_contract_year_suspend(city, provider):
    clock.set_now(clock.local(2025, 2, 20, 10))  # contract year 2024-03-01 .. 2025-03-01
    first = providers.record_complaint(provider, text="上门迟到两小时")
    providers.verify_complaint(first, by=city.dispatcher, substantiated=True)
    unfounded = providers.record_complaint(provider, text="态度不好")
    providers.verify_complaint(unfounded, by=city.dispatcher, substantiated=False)
    second = providers.record_complaint(provider, text="乱收费")
    providers.verify_complaint(second, by=city.dispatcher, substantiated=True)
    clock.set_now(clock.local(2025, 3, 2, 10))  # a new contract year: the count starts again
    third = providers.record_complaint(provider, text="维修后仍漏水")
    providers.verify_complaint(third, by=city.dispatcher, substantiated=True)
    provider.refresh_from_db()
    assert provider.status == ProviderStatus.ACTIVE
    for text in ("未按约定时间上门", "收费高于报价"):
        providers.verify_complaint(providers.record_complaint(provider, text=text), by=city.dispatcher,
                                   substantiated=True)
    provider.refresh_from_db()
    assert provider.status == ProviderStatus.SUSPENDED and provider.suspended_at == clock.now()
    with pytest.raises(InvalidTransition):
        providers.dispatch_order(new_case(city, dispatch=False), provider, actor=Actor.staff(city.dispatcher))
    with pytest.raises(InvalidTransition):
        providers.verify_complaint(third, by=city.dispatcher, substantiated=True)
    with pytest.raises(Forbidden):
        providers.verify_complaint(providers.record_complaint(provider, text="x"), by=city.market_handler,
                                   substantiated=True)


def test_subsidy_formula(city, provider):
    agent = Actor.staff(city.dispatcher)
    start = clock.local(2025, 3, 10, 9)
    # Ten orders completed in the contract year: 8 answered within 30 minutes, 6 of 8 rated satisfied.
    for n in range(10):
        clock.set_now(start + dt.timedelta(days=n))
        order = providers.dispatch_order(new_case(city, dispatch=False), provider, actor=agent)
        clock.advance(dt.timedelta(minutes=20 if n < 8 else 45))
        providers.respond(order)
        clock.advance(dt.timedelta(hours=2))
        providers.complete(order, satisfied=None if n >= 8 else n < 6)
    complaint = providers.record_complaint(provider, text="收费不透明")
    providers.verify_complaint(complaint, by=city.dispatcher, substantiated=True)
    s = providers.subsidy(provider, dt.date(2025, 6, 1))
    assert (s.year_start, s.year_end) == (dt.date(2025, 3, 1), dt.date(2026, 3, 1))
    assert (s.completed, s.on_time_rate, s.satisfied_rate, s.verified_complaints) == (
        10, Decimal("0.8"), Decimal("0.75"), 1)
    # Q = 0.5×0.8 + 0.5×0.75 − 0.1×1 = 0.675; 20 yuan × 10 × 0.675 = 135.00
    assert s.quality == Decimal("0.675") and s.amount == Decimal("135.00")
    assert providers.subsidy(provider, dt.date(2024, 6, 1)).amount == Decimal("0.00")


def test_quote_is_checked_against_the_cap_and_an_open_order_is_not_repeated(city, provider):
    case = new_case(city, dispatch=False)
    agent = Actor.staff(city.dispatcher)
    assert providers.cap_of(provider.offer) == Decimal("68.00")
    with pytest.raises(Invalid) as error:
        providers.dispatch_order(case, provider, actor=agent, offer=provider.offer, price="68.01")
    assert error.value.field == "price" and "68.00" in str(error.value.message)
    for bad in ("abc", "-1", "NaN"):
        with pytest.raises(Invalid):
            providers.dispatch_order(case, provider, actor=agent, offer=provider.offer, price=bad)
    with pytest.raises(Invalid):  # a price without a service to check it against
        providers.dispatch_order(case, provider, actor=agent, price="10")
    case.refresh_from_db()
    assert case.status == Status.REGISTERED and not provider.orders.exists()
    order = providers.dispatch_order(case, provider, actor=agent, offer=provider.offer, price="68")
    assert order.price == Decimal("68.00")
    with pytest.raises(InvalidTransition):
        providers.dispatch_order(case, provider, actor=agent, offer=provider.offer)
    providers.complete(order)
    providers.dispatch_order(case, provider, actor=agent, offer=provider.offer)  # a new job once the first is done
    assert provider.orders.count() == 2


def test_reinstatement_needs_a_reason_and_a_suspension(city, provider):
    with pytest.raises(InvalidTransition):
        providers.reinstate(provider, by=city.supervisor, reason="无")
    provider.status = ProviderStatus.SUSPENDED
    provider.save()
    with pytest.raises(Forbidden):
        providers.reinstate(provider, by=city.dispatcher, reason="整改完毕")
    with pytest.raises(Invalid):
        providers.reinstate(provider, by=city.supervisor, reason=" ")
    providers.reinstate(provider, by=city.supervisor, reason="整改完毕")
    provider.refresh_from_db()
    assert (provider.status, provider.reinstatement_reason, provider.reinstated_by) == (
        ProviderStatus.ACTIVE, "整改完毕", city.supervisor)


def test_offers_follow_the_provider_area(city, provider):
    from hotline.orgs.choices import UnitKind
    from hotline.orgs.models import Unit
    from hotline.partners import services
    from hotline.partners.models import Provider

    unit = Unit.objects.create(code="s21-care", name="桂花家政", kind=UnitKind.PROVIDER, parent=city.s21)
    local = Provider.objects.create(unit=unit, contract_start=dt.date(2024, 1, 1))
    ServiceOffer.objects.create(provider=local, name="保洁", skills="保洁", price=Decimal("30"),
                                market_price=Decimal("40"))
    ended = Unit.objects.create(code="old", name="合同到期公司", kind=UnitKind.PROVIDER, parent=city.city)
    old = Provider.objects.create(unit=ended, contract_start=dt.date(2020, 1, 1), contract_end=dt.date(2021, 1, 1))
    ServiceOffer.objects.create(provider=old, name="保洁", price=Decimal("30"), market_price=Decimal("40"))
    assert services.area_of(local) == city.s21 and services.area_of(provider) is None
    assert [o.provider.unit.code for o in services.offers_for(city.c211, service="保洁")] == ["s21-care"]
    assert [o.provider.unit.code for o in services.offers_for(city.c111)] == ["repairs"]
    assert [o.name for o in services.offers_for(None)] == ["水管维修"]
