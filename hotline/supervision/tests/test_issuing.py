"""Issuing orders from the screens: on one case from its page, on a group from a selection."""

import pytest
from django.test import Client

from hotline import clock
from hotline.supervision import actions
from hotline.supervision.choices import ItemStatus, Level
from hotline.supervision.models import SupervisionItem, SupervisionOrder
from hotline.testing import PASSWORD, new_case

from .helpers import act, timeline

pytestmark = pytest.mark.django_db

MONDAY = clock.local(2026, 11, 23, 9, 30)


def _client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _issue_page(case) -> str:
    return f"/supervision/issue/cases/{case.number}/"


def _token(client, url) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return page.context["form"]["token"].value()


@pytest.mark.parametrize("issuer", ["supervisor", "dispatcher", "leader"])
def test_an_issuer_issues_on_one_case_from_its_page_once(city, issuer):
    clock.set_now(MONDAY)
    case = new_case(city)
    client = _client(getattr(city, issuer))
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert _issue_page(case) in page

    form = client.get(_issue_page(case)).content.decode()
    # The deadline offered is the one the action computes: 5 working days for a general order.
    general_due = actions.deadline(MONDAY, actions.days_for(Level.GENERAL))
    assert general_due.astimezone(clock.LOCAL_TZ).strftime("%Y-%m-%d %H:%M") in form
    token = _token(client, _issue_page(case))
    post = {"level": Level.KEY, "reason": "群众反映强烈，请三日内答复", "subject": "", "days": "", "token": token}
    response = client.post(_issue_page(case), post)
    order = SupervisionOrder.objects.get()
    item = order.items.get()
    assert response.status_code == 302 and response["Location"] == f"/supervision/items/{item.pk}/"
    assert (item.case, item.unit, item.level, item.status) == (case, city.market, Level.KEY, ItemStatus.PENDING)
    assert order.due_at == actions.deadline(MONDAY, actions.days_for(Level.KEY))
    assert order.issued_by == getattr(city, issuer) and order.subject == case.title
    assert timeline(case)[-1] == "supervision_issued"

    # A double click or a retried request carries the same token: still one order.
    again = client.post(_issue_page(case), post)
    assert again.status_code == 302 and again["Location"] == response["Location"]
    assert SupervisionOrder.objects.count() == 1 and timeline(case).count("supervision_issued") == 1
    # The next visit gets a fresh token, shows the open order, and a new submit is a new order.
    page = client.get(_issue_page(case))
    assert order.number in page.content.decode()
    client.post(_issue_page(case), {**post, "token": page.context["form"]["token"].value()})
    assert SupervisionOrder.objects.count() == 2


def test_others_find_nothing_and_nothing_is_issued(city):
    clock.set_now(MONDAY)
    case = new_case(city)
    token = _token(_client(city.supervisor), _issue_page(case))
    post = {"level": Level.GENERAL, "reason": "请尽快处理", "token": token}
    for user in (city.market_handler, city.market_leader, city.agent, city.auditor, city.admin):
        client = _client(user)
        assert _issue_page(case) not in client.get(f"/cases/{case.number}/").content.decode()
        assert client.get(_issue_page(case)).status_code == 404
        assert client.post(_issue_page(case), post).status_code == 404
        assert client.get("/supervision/issue/").status_code == 404
    assert Client().get(_issue_page(case)).status_code == 302  # to the sign-in page
    # A missing case answers like a case one may not see.
    assert _client(city.supervisor).get("/supervision/issue/cases/2099010100001/").status_code == 404
    assert not SupervisionOrder.objects.exists()


def test_bad_input_is_explained_in_chinese_and_changes_nothing(city):
    clock.set_now(MONDAY)
    case = new_case(city)
    client = _client(city.supervisor)
    token = _token(client, _issue_page(case))
    good = {"level": Level.GENERAL, "reason": "请尽快处理", "token": token}
    cases = [
        ({"reason": "  "}, "此项为必填项"),
        ({"level": "urgent"}, "选择一个有效的选项"),
        ({"days": "40"}, "小于或等于30"),
        ({"token": ""}, "表单已失效"),
        ({"token": "not a token!"}, "表单已失效"),
    ]
    for change, message in cases:
        response = client.post(_issue_page(case), {**good, **change})
        assert response.status_code == 200, change
        assert message in response.content.decode(), change
    assert not SupervisionOrder.objects.exists()
    assert "supervision_issued" not in timeline(case)

    waiting = new_case(city, dispatch=False, title="尚未派单的工单")
    assert _issue_page(waiting) not in client.get(f"/cases/{waiting.number}/").content.decode()
    response = client.post(_issue_page(waiting), {**good, "token": _token(client, _issue_page(waiting))})
    assert "尚无主办单位" in response.content.decode()
    assert not SupervisionOrder.objects.exists()


def _lights(city, street, n, **kw):
    kw.setdefault("content", f"{street.name}{n}号附近路灯连续多晚不亮")
    return new_case(city, category=city.cat_lights, street=street, title=f"{street.name}{n}号路灯不亮",
                    citizen_phone=f"1390000{n:04d}", **kw)


def test_group_order_shows_the_cases_then_issues_one_order_with_one_item_each(city):
    clock.set_now(MONDAY)
    ours = [_lights(city, city.s11, n) for n in range(3)]
    other_street = _lights(city, city.s12, 7)
    closed = _lights(city, city.s11, 8)
    closed = act(act(closed, "sign", city.s11_handler), "reply", city.s11_handler, reply="已修复")
    act(closed, "callback", city.agent, satisfaction="satisfied", resolved=True)
    client = _client(city.leader)
    query = {"district": city.d1.pk, "street": city.s11.pk, "category": city.cat_municipal.pk,
             "registered_from": "2026-11-01", "registered_to": "2026-11-23", "keyword": ""}

    page = client.get("/supervision/issue/", query)
    assert page.context["count"] == 3
    html = page.content.decode()
    for case in ours:
        assert f'data-case="{case.number}"' in html
    assert other_street.number not in html and closed.number not in html
    assert "3 件工单符合条件" in html

    token = page.context["form"]["token"].value()
    post = {**query, "level": Level.LEADER, "subject": "东风街道路灯集中整治", "reason": "近期路灯投诉集中",
            "days": "", "token": token, "expected": "3"}
    response = client.post("/supervision/issue/", post)
    order = SupervisionOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/supervision/?order={order.pk}"
    assert order.is_group and order.level == Level.LEADER and order.subject == "东风街道路灯集中整治"
    assert order.selection["street_id"] == city.s11.pk and order.selection["registered_to"] == "2026-11-23"
    items = list(order.items.order_by("case_id"))
    assert [i.case_id for i in items] == [c.pk for c in ours]
    assert {(i.unit_id, i.due_at) for i in items} == {(city.s11.pk, actions.deadline(MONDAY, 2))}
    listed = client.get(response["Location"], follow=True).content.decode()
    assert "已下发，涉及 3 件工单" in listed
    assert all(f'href="/supervision/items/{i.pk}/"' in listed for i in items)

    client.post("/supervision/issue/", post)  # the same form again
    assert SupervisionOrder.objects.count() == 1 and SupervisionItem.objects.count() == 3


def test_group_selection_errors_and_a_changed_selection_issue_nothing(city):
    clock.set_now(MONDAY)
    first = _lights(city, city.s11, 1)
    _lights(city, city.s11, 2, content="东风路2号附近路灯一闪一闪")
    client = _client(city.supervisor)

    html = client.get("/supervision/issue/", {"keyword": "路灯"}).content.decode()
    assert "请选择街道或区，或选择一个分类。" in html and 'name="reason"' not in html
    html = client.get("/supervision/issue/", {"district": city.d2.pk, "street": city.s11.pk}).content.decode()
    assert "该街道不在所选的区内。" in html
    html = client.get("/supervision/issue/", {"street": city.s21.pk}).content.decode()
    assert "0 件工单符合条件" in html and 'name="reason"' not in html

    query = {"street": city.s11.pk, "keyword": "连续多晚"}
    page = client.get("/supervision/issue/", query)
    assert page.context["count"] == 1
    assert f'data-case="{first.number}"' in page.content.decode()
    token = page.context["form"]["token"].value()
    post = {**query, "level": Level.GENERAL, "subject": "路灯", "reason": "集中整治", "token": token, "expected": "1"}
    _lights(city, city.s11, 3)  # a new matching case arrives before the confirm
    response = client.post("/supervision/issue/", post)
    assert response.status_code == 200 and "符合条件的工单有变化" in response.content.decode()
    response = client.post("/supervision/issue/", {**post, "subject": "", "expected": "2"})
    assert response.status_code == 200 and "此项为必填项" in response.content.decode()
    assert not SupervisionOrder.objects.exists()
    client.post("/supervision/issue/", {**post, "expected": "2"})
    assert SupervisionOrder.objects.get().items.count() == 2
