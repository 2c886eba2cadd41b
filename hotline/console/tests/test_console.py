"""The staff screens through HTTP: each role's page, the actions, the scoping, the errors."""

import datetime as dt
import io

import pytest

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Status
from hotline.cases.models import Attachment, Case
from hotline.console.duplicates import similar_open_cases
from hotline.console.timestatus import AMBER, GREEN, RED, time_status
from hotline.knowledge.models import Article
from hotline.privacy.models import RevealLog
from hotline.sla.workdays import WorkCalendar
from hotline.testing import PASSWORD, new_case

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_home_routes_by_role(client, city):
    expected = {
        city.agent: "/agent/", city.market_handler: "/workbench/", city.market_leader: "/workbench/",
        city.dispatcher: "/desk/", city.supervisor: "/desk/", city.leader: "/overview/",
    }
    for user, url in expected.items():
        login(client, user)
        assert client.get("/").url == url
    client.logout()
    assert client.get("/").url.startswith("/accounts/login/")


def test_login_page_in_both_languages(client, city):
    assert "员工登录" in client.get("/accounts/login/").content.decode()
    assert "Staff sign-in" in client.get("/accounts/login/", **ENGLISH).content.decode()
    response = client.post("/accounts/login/", {"username": "agent", "password": PASSWORD})
    assert response.status_code == 302


def test_screens_refuse_other_roles(client, city):
    login(client, city.market_handler)
    assert client.get("/agent/").status_code == 403
    assert client.get("/desk/").status_code == 403
    login(client, city.agent)
    assert client.get("/workbench/").status_code == 403


def test_agent_registers_and_dispatches_in_one_click(client, city):
    login(client, city.agent)
    page = client.get("/agent/").content.decode()
    assert "话务员工作台" in page and 'name="cat1"' in page
    response = client.post("/agent/register/", {
        "citizen_phone": "13900001111", "citizen_name": "李四", "title": "超市卖过期面包",
        "content": "东风路超市货架上的面包已过期三天。", "case_type": "complaint", "urgency": "normal",
        "cat1": city.cat_trade.pk, "cat2": city.cat_market.pk, "cat3": city.cat_food.pk,
        "district": city.d1.pk, "street": city.s11.pk, "action": "dispatch",
    })
    case = Case.objects.get(title="超市卖过期面包")
    assert response.url == f"/cases/{case.number}/"
    assert case.status == Status.DISPATCHED and case.lead_unit == city.market
    assert case.street == city.s11 and case.category == city.cat_food


def test_agent_answers_on_the_spot(client, city):
    login(client, city.agent)
    client.post("/agent/register/", {
        "citizen_phone": "13900001111", "title": "社保卡补办需要什么材料", "content": "问社保卡补办。",
        "case_type": "consultation", "urgency": "normal", "action": "answer", "reply": "带身份证到社保窗口即可。",
    })
    case = Case.objects.get(title="社保卡补办需要什么材料")
    assert case.status == Status.REPLIED
    assert case.events.filter(verb="answer_on_spot").exists()


def test_agent_form_errors_are_shown_and_nothing_is_registered(client, city):
    login(client, city.agent)
    response = client.post("/agent/register/", {
        "title": "x", "content": "y", "case_type": "complaint", "urgency": "normal", "action": "answer",
    }, **ENGLISH)
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not Case.objects.exists()


def test_refresh_gives_dependent_selects_suggestion_and_duplicates(client, city):
    existing = new_case(city, street=city.s11)
    login(client, city.agent)
    page = client.get("/agent/refresh/", {
        "cat1": city.cat_build.pk, "cat2": city.cat_municipal.pk, "district": city.d1.pk,
    }).content.decode()
    assert city.cat_lights.name in page  # the third level opened
    assert city.s11.name in page and city.c111.name not in page  # streets of A1, no community yet
    assert "属地" in page  # territorial matter without a street: the reason says so
    page = client.get("/agent/refresh/", {
        "cat1": city.cat_trade.pk, "cat2": city.cat_market.pk, "cat3": city.cat_food.pk,
        "district": city.d1.pk, "street": city.s11.pk, "title": existing.title, "content": existing.content,
    }).content.decode()
    assert city.market.name in page
    assert existing.number in page  # same street, category and text: a duplicate warning


def test_phone_lookup_shows_the_callers_earlier_cases(client, city):
    mine = new_case(city, citizen_phone="13812345678")
    other = new_case(city, citizen_phone="13700000000", title="别人的事")
    login(client, city.agent)
    page = client.get("/agent/lookup/", {"citizen_phone": "138 1234 5678"}).content.decode()
    assert mine.number in page and other.number not in page


def test_agent_searches_the_knowledge_base(client, city):
    Article.objects.create(title="社保卡补办流程", body="携带身份证到社保服务窗口办理。", keywords="社保卡,挂失")
    login(client, city.agent)
    page = client.get("/agent/knowledge/", {"q": "社保卡补办"}).content.decode()
    assert "社保卡补办流程" in page and "data-use-answer" in page


def test_similar_open_cases(city):
    first = new_case(city, street=city.s11, citizen_phone="13811112222", title="东风路路灯不亮",
                     content="东风路的路灯晚上不亮，一片漆黑")
    by_phone = similar_open_cases(city.agent, phone="13811112222", title="路灯还是不亮")
    assert [m.case for m in by_phone] == [first]
    by_place = similar_open_cases(city.agent, category_id=city.cat_food.pk, street_id=city.s11.pk,
                                  title="东风路的路灯晚上不亮", content="路灯晚上不亮")
    assert [m.case for m in by_place] == [first]
    by_title = similar_open_cases(city.agent, title="东风路路灯不亮了")
    assert [m.case for m in by_title] == [first]
    assert similar_open_cases(city.agent, title="完全不同的事情") == []
    assert similar_open_cases(city.agent, street_id=city.s11.pk, title="餐馆油烟扰民") == []
    clock.set_now(clock.now() + dt.timedelta(days=31))
    assert similar_open_cases(city.agent, phone="13811112222", title="路灯还是不亮") == []


def test_time_status_colours():
    cal = WorkCalendar()
    start = clock.local(2025, 3, 3, 9)  # a Monday
    due = clock.local(2025, 3, 7, 9)  # four working days later
    assert time_status(start, due, clock.local(2025, 3, 4, 9), cal) == GREEN
    assert time_status(start, due, clock.local(2025, 3, 6, 10), cal) == AMBER
    assert time_status(start, due, clock.local(2025, 3, 7, 10), cal) == RED
    # A weekend does not use up working time.
    assert time_status(clock.local(2025, 3, 7, 9), clock.local(2025, 3, 11, 9), clock.local(2025, 3, 9, 9), cal) == GREEN


def test_workbench_lists_the_units_queue_with_masked_phone(client, city):
    mine = new_case(city)
    other = new_case(city, category=city.cat_water, title="停水")
    login(client, city.market_handler)
    page = client.get("/workbench/").content.decode()
    assert mine.number in page and other.number not in page
    assert "138****1234" in page and "13812341234" not in page
    assert client.get("/workbench/", {"status": "signed"}).content.decode().count(mine.number) == 0
    assert mine.number in client.get("/workbench/", {"category": city.cat_trade.pk}).content.decode()
    assert mine.number not in client.get("/workbench/", {"category": city.cat_build.pk}).content.decode()
    assert mine.number not in client.get("/workbench/", {"overdue": "1"}).content.decode()
    clock.set_now(clock.now() + dt.timedelta(days=40))
    page = client.get("/workbench/", {"overdue": "1"}).content.decode()
    assert mine.number in page and "ts-red" in page


def test_unit_signs_extends_and_replies_with_attachment(client, city, media):
    case = new_case(city)
    login(client, city.market_handler)
    response = client.post(f"/cases/{case.number}/act/sign/", {"version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.HANDLING
    client.post(f"/cases/{case.number}/act/request_extension/", {"version": case.version, "days": "3", "reason": "需要检测"})
    case.refresh_from_db()
    assert case.extension_pending
    bad = io.BytesIO(b"MZ\x90\x00 not a picture")
    bad.name = "photo.png"
    response = client.post(f"/cases/{case.number}/act/reply/", {"version": case.version, "reply": "已处理", "attachments": bad},
                           follow=True)
    assert "不是图片或 PDF" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.HANDLING and not Attachment.objects.exists()
    good = io.BytesIO(PNG)
    good.name = "现场.png"
    client.post(f"/cases/{case.number}/act/reply/", {"version": case.version, "reply": "已责令整改。", "attachments": good})
    case.refresh_from_db()
    assert case.status == Status.REPLIED
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.event.verb == "reply"
    download = client.get(f"/cases/{case.number}/files/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG


def test_stale_form_says_someone_else_changed_the_case(client, city):
    case = new_case(city)
    login(client, city.market_handler)
    workflow.perform(case, "sign", actor=Actor.staff(city.market_handler2))
    response = client.post(f"/cases/{case.number}/act/sign/", {"version": case.version}, follow=True, **ENGLISH)
    assert "changed by someone else" in response.content.decode()


def test_return_then_desk_redispatches(client, city):
    case = new_case(city)
    login(client, city.market_handler)
    client.post(f"/cases/{case.number}/act/return/", {"version": case.version, "reason": "not_our_matter", "note": "应由城管处理"})
    case.refresh_from_db()
    assert case.status == Status.RETURNED
    login(client, city.dispatcher)
    desk = client.get("/desk/").content.decode()
    assert case.number in desk and "应由城管处理" in desk
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert "act-redispatch" in page and "act-arbitrate" in page
    client.post(f"/cases/{case.number}/act/redispatch/", {"version": case.version, "lead_unit": city.urban.pk})
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED and case.lead_unit == city.urban


def test_desk_approves_extension_and_records_callback(client, city):
    case = new_case(city)
    handler = Actor.staff(city.market_handler)
    case = workflow.perform(case, "sign", actor=handler)
    case = workflow.perform(case, "request_extension", actor=handler, days=5, reason="等待检测报告")
    login(client, city.dispatcher)
    assert "等待检测报告" in client.get("/desk/").content.decode()
    client.post(f"/cases/{case.number}/act/approve_extension/", {"version": case.version})
    case.refresh_from_db()
    assert not case.extension_pending
    case = workflow.perform(case, "reply", actor=handler, reply="已责令餐馆停业整顿。")
    desk = client.get("/desk/").content.decode()
    assert "已责令餐馆停业整顿。" in desk  # the reply to read out
    client.post(f"/cases/{case.number}/act/callback/", {
        "version": case.version, "satisfaction": "satisfied", "resolved": "yes", "next": "/desk/",
    })
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.satisfaction == "satisfied"


def test_case_page_shows_timeline_and_only_allowed_actions(client, city):
    case = new_case(city)
    login(client, city.market_handler)
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert "已受理" in page and "派单" in page and "data-verb=\"dispatch\"" in page
    assert "act-sign" in page and "act-reply" not in page and "act-redispatch" not in page
    login(client, city.urban_handler)
    assert client.get(f"/cases/{case.number}/").status_code == 404  # outside the scope: like missing


def test_co_handler_sees_and_does_its_part(client, city):
    case = new_case(city, category=city.cat_lights, street=city.s21)  # urban leads, s21 co-handles
    login(client, city.s21_handler)
    page = client.get("/workbench/").content.decode()
    assert case.number in page and "协办" in page
    client.post(f"/cases/{case.number}/act/sign/", {"version": case.version})
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED  # a co-handler's signature does not move the case
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert "act-reply" not in page or case.status != Status.HANDLING
    assert "act-return" not in page  # only the lead returns


def test_reveal_needs_a_reason_and_is_logged(client, city):
    case = new_case(city)
    login(client, city.agent)
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert "13812341234" not in page and "138****1234" in page
    response = client.post(f"/cases/{case.number}/reveal/", {"reason": "回访需要"})
    assert "13812341234" in response.content.decode()
    assert RevealLog.objects.filter(case=case, actor=city.agent).count() == 1
    client.post(f"/cases/{case.number}/reveal/", {"reason": ""})
    assert RevealLog.objects.count() == 1
    login(client, city.urban_handler)
    assert client.post(f"/cases/{case.number}/reveal/", {"reason": "看看"}).status_code == 404


def test_english_switch(client, city):
    login(client, city.agent)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/agent/"})
    assert response.url == "/agent/"
    page = client.get("/agent/").content.decode()
    assert "Agent console" in page and "中文" in page


def test_case_page_links_to_the_110_handover_for_the_centre_only(city, client):
    from hotline.testing import new_case

    case = new_case(city, dispatch=False)
    client.force_login(city.agent)
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert f"/emergency/cases/{case.number}/transfer" in page
    client.force_login(city.dispatcher)
    dispatched = new_case(city)
    client.force_login(city.market_handler)
    assert "/transfer" not in client.get(f"/cases/{dispatched.number}/").content.decode()
