"""The providers screen over HTTP: complaints verified or rejected (the third verified one in a
contract year suspends, and says so), reinstatement by a supervisor with a reason, subsidy."""

import datetime as dt

import pytest

from hotline import clock
from hotline.audit.models import AuditEntry
from hotline.cases.actors import Actor
from hotline.partners import providers
from hotline.partners.models import ComplaintStatus, ProviderComplaint, ProviderStatus
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_only_the_centre_sees_providers(client, city, provider):
    client.force_login(city.market_handler)
    assert 'href="/partners/"' not in text(client.get("/overview/"))  # no menu entry either
    assert client.get("/partners/").status_code == 403
    assert client.get(f"/partners/providers/{provider.pk}/").status_code == 403
    client.force_login(city.agent)
    page = text(client.get("/partners/"))
    assert "便民维修服务中心" in page and "正常" in page and 'href="/partners/"' in page
    assert client.get("/partners/providers/999999/").status_code == 404


def test_third_verified_complaint_suspends_and_shows_it(client, city, provider):
    clock.set_now(clock.local(2025, 2, 20, 10))
    client.force_login(city.dispatcher)
    url = f"/partners/providers/{provider.pk}/complaints"
    for words in ("上门迟到两小时", "乱收费", "维修后仍漏水"):
        client.post(url, {"text": words})
    assert "该投诉已登记" in text(client.post(url, {"text": "乱收费"}, follow=True))  # a double submit
    assert ProviderComplaint.objects.count() == 3
    first, second, third = ProviderComplaint.objects.order_by("pk")
    client.post(f"/partners/complaints/{first.pk}/decide", {"decision": "verify"})
    client.post(f"/partners/complaints/{second.pk}/decide", {"decision": "verify"})
    assert "请选择投诉是否属实" in text(client.post(f"/partners/complaints/{third.pk}/decide", {"decision": "maybe"},
                                               follow=True))
    provider.refresh_from_db()
    assert provider.status == ProviderStatus.ACTIVE
    page = text(client.post(f"/partners/complaints/{third.pk}/decide", {"decision": "verify"}, follow=True))
    provider.refresh_from_db()
    assert provider.status == ProviderStatus.SUSPENDED
    assert "本合同年度核实投诉已达 3 次：该企业已自动暂停" in page and 'data-testid="status">已暂停' in page
    again = text(client.post(f"/partners/complaints/{third.pk}/decide", {"decision": "reject"}, follow=True))
    third.refresh_from_db()
    assert "该投诉已核实" in again and third.status == ComplaintStatus.VERIFIED
    listing = text(client.get("/partners/"))
    assert "3 / 3" in listing and "2024-03-01 – 2025-02-28" in listing


def test_rejected_complaint_does_not_count(client, city, provider):
    complaint = providers.record_complaint(provider, text="态度不好")
    client.force_login(city.agent)  # agents record complaints but do not decide them
    client.post(f"/partners/complaints/{complaint.pk}/decide", {"decision": "verify"})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.OPEN
    client.force_login(city.supervisor)
    assert "投诉不属实，已驳回" in text(client.post(f"/partners/complaints/{complaint.pk}/decide",
                                             {"decision": "reject"}, follow=True))
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.REJECTED and complaint.verified_by == city.supervisor


def test_reinstatement_needs_a_supervisor_and_a_reason(client, city, provider):
    for words in ("迟到", "乱收费", "漏水"):
        providers.verify_complaint(providers.record_complaint(provider, text=words), by=city.dispatcher,
                                   substantiated=True)
    url = f"/partners/providers/{provider.pk}/reinstate"
    client.force_login(city.dispatcher)
    assert 'id="reinstate"' not in text(client.get(f"/partners/providers/{provider.pk}/"))
    client.post(url, {"reason": "整改完毕"})
    provider.refresh_from_db()
    assert provider.status == ProviderStatus.SUSPENDED
    client.force_login(city.supervisor)
    assert 'id="reinstate"' in text(client.get(f"/partners/providers/{provider.pk}/"))
    assert "请填写恢复派单的理由" in text(client.post(url, {"reason": "  "}, follow=True))
    provider.refresh_from_db()
    assert provider.status == ProviderStatus.SUSPENDED
    page = text(client.post(url, {"reason": "已整改并签订承诺书"}, follow=True))
    provider.refresh_from_db()
    assert provider.status == ProviderStatus.ACTIVE and provider.reinstatement_reason == "已整改并签订承诺书"
    assert provider.reinstated_by == city.supervisor and "已整改并签订承诺书" in page
    entry = AuditEntry.objects.filter(object_type="partners.Provider", object_id=str(provider.pk)).latest("pk")
    assert entry.after["status"] == "active" and entry.after["reinstatement_reason"] == "已整改并签订承诺书"
    assert "该加盟企业未被暂停" in text(client.post(url, {"reason": "再次"}, follow=True))


def test_subsidy_figures_on_the_provider_page(client, city, provider):
    agent = Actor.staff(city.dispatcher)
    start = clock.local(2025, 3, 10, 9)
    for n in range(4):
        clock.set_now(start + dt.timedelta(days=n))
        order = providers.dispatch_order(new_case(city, dispatch=False), provider, actor=agent, offer=provider.offer)
        clock.advance(dt.timedelta(minutes=20 if n < 3 else 45))
        providers.respond(order)
        providers.complete(order, satisfied=n < 2)
    client.force_login(city.supervisor)
    page = text(client.get(f"/partners/providers/{provider.pk}/"))
    # N=4, on time 3/4, satisfied 2/4: Q = 0.375 + 0.25 = 0.625; 20 × 4 × 0.625 = 50.00
    subsidy = page[page.index('data-testid="subsidy"'):]
    assert "<dd>4</dd>" in subsidy and "75%" in subsidy and "50%" in subsidy and "<strong>50.00</strong>" in subsidy
    assert "2025-03-01 – 2026-02-28" in page and "上一合同年度" in page
    assert "50.00" in text(client.get("/partners/"))
