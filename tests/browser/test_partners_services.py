"""The Services panel in Chromium: it loads into the case page, narrows offers and volunteers as
the dispatcher types, refuses a quote above the cap and puts the order on the timeline."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit
from hotline.partners.models import Provider, ProviderOrder, ServiceOffer, Volunteer
from hotline.testing import build_city, new_case

from .pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dispatcher_orders_a_provider_from_the_case_page(new_page, shot):
    city = build_city()
    unit = Unit.objects.create(code="repairs", name="便民维修服务中心", kind=UnitKind.PROVIDER, parent=city.city)
    provider = Provider.objects.create(unit=unit, contract_start=dt.date(2024, 3, 1))
    ServiceOffer.objects.create(provider=provider, name="水管维修", price=Decimal("68"), market_price=Decimal("80"))
    ServiceOffer.objects.create(provider=provider, name="开锁换锁", price=Decimal("85"), market_price=Decimal("100"))
    team = Unit.objects.create(code="volunteers", name="12345志愿服务队", kind=UnitKind.VOLUNTEER_TEAM, parent=city.city)
    Volunteer.objects.create(team=team, name="王师傅", skills="水电维修,助老")
    Volunteer.objects.create(team=team, name="赵老师", skills="心理疏导")
    case = new_case(city, dispatch=False, street=city.s11, title="家中水管爆裂", content="请派维修工上门")

    page = new_page()
    sign_in(page, "dispatcher")
    page.goto(f"/cases/{case.number}/")
    panel = page.locator("#services")
    expect(panel.locator("summary", has_text="派加盟企业服务")).to_be_visible()
    panel.locator("#svc-provider summary").click()
    expect(panel.locator("#svc-offer option")).to_have_count(2)
    panel.locator("input[name=service]").fill("开锁")
    expect(panel.locator("#svc-offer option")).to_have_count(1)
    panel.locator("input[name=service]").fill("水管")
    expect(panel.locator("#svc-offer option")).to_have_text("便民维修服务中心 · 水管维修 · 68.00 元（上限 68.00）")

    panel.locator("#svc-volunteers summary").click()
    panel.locator("input[name=skills]").fill("心理疏导")
    expect(panel.locator("#volunteer-choices label")).to_have_count(1)
    expect(panel.locator("#volunteer-choices label")).to_contain_text("赵老师")

    panel.locator("#svc-price").fill("75")
    panel.locator("#svc-provider button[type=submit].primary").click()
    expect(page.locator(".messages .msg-error")).to_contain_text("报价 75.00 元高于上限 68.00 元")
    assert ProviderOrder.objects.count() == 0

    page.locator("#services #svc-provider summary").click()
    page.locator("#services input[name=service]").fill("水管")
    expect(page.locator("#services #svc-offer option")).to_have_count(1)
    page.locator("#services #svc-price").fill("66")
    page.locator("#services #svc-provider button[type=submit].primary").click()
    expect(page.locator(".messages .msg-success")).to_contain_text("已向加盟企业派单")
    expect(page.locator("li[data-verb=provider_order] .detail")).to_contain_text("便民维修服务中心 · 水管维修 · 66.00 元")
    expect(page.locator("#services [data-order]")).to_contain_text("便民维修服务中心")
    assert ProviderOrder.objects.get().price == Decimal("66.00")
    assert new_page.problems == []
    shot(page, "case-services", at="#services")
