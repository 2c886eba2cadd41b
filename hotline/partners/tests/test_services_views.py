"""The Services panel of a case page over HTTP: provider orders against the price cap,
volunteers matched and sent, disputes referred to mediation; refusals change nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from hotline.cases.choices import Status
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit
from hotline.partners.models import (
    Mediation,
    Provider,
    ProviderOrder,
    ProviderStatus,
    ServiceOffer,
    VolunteerTask,
)
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


def block(html: str, element_id: str) -> str:
    """The markup of the element with this id, up to its first closing tag of a block."""
    start = html.index(f'id="{element_id}"')
    return html[start:html.index("</div>", start)]


@pytest.fixture
def d2_provider(city):
    """A provider hung under district A2: it serves A2 only."""
    unit = Unit.objects.create(code="d2-repairs", name="A2区家政公司", kind=UnitKind.PROVIDER, parent=city.d2)
    provider = Provider.objects.create(unit=unit, contract_start=dt.date(2024, 1, 1))
    ServiceOffer.objects.create(provider=provider, name="水管维修", price=Decimal("60"), market_price=Decimal("80"))
    return provider


@pytest.fixture
def suspended(city):
    unit = Unit.objects.create(code="bad-repairs", name="停业维修公司", kind=UnitKind.PROVIDER, parent=city.city)
    provider = Provider.objects.create(unit=unit, contract_start=dt.date(2024, 1, 1), status=ProviderStatus.SUSPENDED)
    ServiceOffer.objects.create(provider=provider, name="水管维修", price=Decimal("50"), market_price=Decimal("80"))
    return provider


def test_case_page_loads_the_panel_for_the_centre_only(client, city, provider):
    case = new_case(city, street=city.s11)  # dispatched to the market regulator
    client.force_login(city.dispatcher)
    page = page_text(client.get(f"/cases/{case.number}/"))
    assert f'hx-get="/partners/cases/{case.number}/services"' in page
    client.force_login(city.market_handler)  # the lead unit's handler sees the case, not the panel
    page = client.get(f"/cases/{case.number}/")
    assert page.status_code == 200 and "/partners/cases/" not in page_text(page)
    assert client.get(f"/partners/cases/{case.number}/services", HTTP_HX_REQUEST="true").status_code == 403


def test_offers_match_place_and_leave_suspended_providers_out(client, city, provider, d2_provider, suspended):
    client.force_login(city.dispatcher)
    in_d1 = new_case(city, dispatch=False, street=city.s11, title="水管爆裂")
    fragment = page_text(client.get(f"/partners/cases/{in_d1.number}/services", HTTP_HX_REQUEST="true"))
    offers = block(fragment, "offer-choices")
    assert "<html" not in fragment and "便民维修服务中心 · 水管维修 · 68.00 元（上限 68.00）" in offers
    assert "A2区家政公司" not in offers and "停业维修公司" not in offers
    in_d2 = new_case(city, dispatch=False, street=city.s21)
    fragment = page_text(client.get(f"/partners/cases/{in_d2.number}/services?service=水管", HTTP_HX_REQUEST="true"))
    offers = block(fragment, "offer-choices")
    assert "A2区家政公司" in offers and "便民维修服务中心" in offers and "停业维修公司" not in offers
    assert "便民维修服务中心" not in block(page_text(client.get(
        f"/partners/cases/{in_d2.number}/services?service=开锁", HTTP_HX_REQUEST="true")), "offer-choices")
    full = client.get(f"/partners/cases/{in_d2.number}/services")  # without HTMX: a page of its own
    assert "<html" in page_text(full)


def test_order_checks_the_quote_against_the_cap(client, city, provider):
    case = new_case(city, dispatch=False, street=city.s11, title="家中水管爆裂")
    client.force_login(city.dispatcher)
    url = f"/partners/cases/{case.number}/order"
    page = page_text(client.post(url, {"offer": provider.offer.pk, "price": "70"}, follow=True))
    assert "报价 70.00 元高于上限 68.00 元" in page
    assert page_text(client.post(url, {"offer": provider.offer.pk, "price": "七十"}, follow=True)).count("请填写报价")
    assert "请选择本工单所在地可提供的服务" in page_text(client.post(url, {"offer": "999999", "price": ""}, follow=True))
    case.refresh_from_db()
    assert ProviderOrder.objects.count() == 0 and case.status == Status.REGISTERED

    response = client.post(url, {"offer": provider.offer.pk, "price": "65.5"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{case.number}/"
    order = ProviderOrder.objects.get()
    case.refresh_from_db()
    assert order.price == Decimal("65.50") and order.dispatched_by == city.dispatcher
    assert case.status == Status.DISPATCHED and case.lead_unit == provider.unit
    timeline = page_text(response)
    assert 'data-verb="provider_order"' in timeline and "便民维修服务中心 · 水管维修 · 65.50 元" in timeline

    again = page_text(client.post(url, {"offer": provider.offer.pk, "price": "65.5"}, follow=True))
    assert "该企业已有本工单未完成的派单" in again and ProviderOrder.objects.count() == 1
    assert case.events.filter(verb="provider_order").count() == 1


def test_suspended_provider_cannot_be_ordered(client, city, suspended):
    case = new_case(city, dispatch=False, street=city.s11)
    offer = suspended.offers.get()
    client.force_login(city.dispatcher)
    client.post(f"/partners/cases/{case.number}/order", {"offer": offer.pk})
    assert ProviderOrder.objects.count() == 0


def test_outsiders_cannot_act(client, city, provider, team, mediators):
    case = new_case(city, dispatch=False, street=city.s11)
    _team, people = team
    client.force_login(city.urban_handler)  # a handler of an unrelated unit
    assert client.post(f"/partners/cases/{case.number}/order", {"offer": provider.offer.pk}).status_code == 403
    assert client.post(f"/partners/cases/{case.number}/volunteers",
                       {"volunteers": [people["wang"].pk]}).status_code == 403
    assert client.post(f"/partners/cases/{case.number}/mediation", {"kind": "neighbour"}).status_code == 403
    client.force_login(city.dispatcher)
    assert client.get("/partners/cases/20000101999999/services").status_code == 404
    assert (ProviderOrder.objects.count(), VolunteerTask.objects.count(), Mediation.objects.count()) == (0, 0, 0)
    case.refresh_from_db()
    assert case.status == Status.REGISTERED and case.events.count() == 1


def test_volunteers_matched_and_sent_once(client, city, team):
    team_unit, people = team
    case = new_case(city, dispatch=False, street=city.s11, title="独居老人家中灯坏了")
    client.force_login(city.agent)
    fragment = page_text(client.get(f"/partners/cases/{case.number}/services?skills=水电维修",
                                    HTTP_HX_REQUEST="true"))
    choices = block(fragment, "volunteer-choices")
    assert "王师傅" in choices and "孙师傅" not in choices and "赵老师" not in choices
    url = f"/partners/cases/{case.number}/volunteers"
    assert "请至少选择一名志愿者" in page_text(client.post(url, {}, follow=True))
    response = client.post(url, {"volunteers": [people["wang"].pk]}, follow=True)
    task = VolunteerTask.objects.get()
    case.refresh_from_db()
    assert task.volunteer == people["wang"] and case.lead_unit == team_unit
    assert 'data-verb="volunteers_dispatched"' in page_text(response)
    again = page_text(client.post(url, {"volunteers": [people["wang"].pk]}, follow=True))
    assert "已在执行任务或已停用：王师傅" in again and VolunteerTask.objects.count() == 1
    busy = page_text(client.get(f"/partners/cases/{case.number}/services?skills=水电维修", HTTP_HX_REQUEST="true"))
    assert "王师傅" not in block(busy, "volunteer-choices")


def test_dispute_referred_by_kind_and_place_once(client, city, mediators):
    _general, local, labour = mediators
    case = new_case(city, dispatch=False, street=city.s11, title="楼上漏水邻里纠纷")
    client.force_login(city.dispatcher)
    fragment = page_text(client.get(f"/partners/cases/{case.number}/services", HTTP_HX_REQUEST="true"))
    assert "→ 东风街道人民调解委员会" in fragment and "→ 劳动争议调解中心" in fragment
    url = f"/partners/cases/{case.number}/mediation"
    assert "请选择纠纷类型" in page_text(client.post(url, {"kind": "gossip"}, follow=True))
    assert Mediation.objects.count() == 0
    response = client.post(url, {"kind": "neighbour", "parties": "张某、李某"}, follow=True)
    mediation = Mediation.objects.get()
    assert mediation.organisation == local and mediation.parties == "张某、李某"
    assert 'data-verb="mediation_open"' in page_text(response)
    assert "该工单已在调解中" in page_text(client.post(url, {"kind": "neighbour"}, follow=True))
    assert Mediation.objects.count() == 1
