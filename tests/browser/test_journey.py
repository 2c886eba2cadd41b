"""The whole journey in a real browser, in Chinese and in English.

A citizen submits on the portal from a phone; the same citizen calls the hotline and an
agent registers the call (seeing the earlier case and a duplicate warning); the unit
signs and replies; the centre calls back; the citizen sees the result.
"""

import base64
import re

import pytest
from playwright.sync_api import expect

from hotline.cases.models import Case
from hotline.knowledge.models import Article
from hotline.testing import build_city

from .pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
PHONE = "13655556666"


def pick(page, select_id, label):
    """Choose an option once HTMX has put it there (dependent selects)."""
    option = page.locator(f"#{select_id} option", has_text=label)
    expect(option).to_have_count(1)
    page.select_option(f"#{select_id}", label=label)


def test_citizen_agent_unit_centre_journey(new_page, shot):
    city = build_city()
    Article.objects.create(title="餐馆卫生投诉受理范围", keywords="餐馆,卫生,后厨",
                           body="餐饮单位卫生问题由市场监管部门受理，一般10个工作日内答复。")

    # 1. A citizen submits from a phone.
    citizen = new_page(phone=True)
    citizen.goto("/portal/")
    expect(citizen.locator("h1")).to_contain_text("12345")
    shot(citizen, "portal-home")
    citizen.click("a.button.primary")
    citizen.fill("#id_title", "餐馆后厨卫生脏乱")
    citizen.fill("#id_content", "东风路12号餐馆后厨老鼠出没，食材随地堆放。")
    pick(citizen, "id_cat1", city.cat_trade.name)
    pick(citizen, "id_cat2", city.cat_market.name)
    pick(citizen, "id_cat3", city.cat_food.name)
    pick(citizen, "id_district", city.d1.name)
    pick(citizen, "id_street", city.s11.name)
    citizen.fill("#id_address", "东风路12号")
    citizen.set_input_files("#id_photos", files=[{"name": "kitchen.png", "mimeType": "image/png", "buffer": PNG}])
    citizen.fill("#id_citizen_name", "王五")
    citizen.fill("#id_citizen_phone", PHONE)
    shot(citizen, "portal-submit")
    citizen.click("form#portal-form button[type=submit].primary")
    number = citizen.get_by_test_id("number").inner_text().strip()
    code = citizen.get_by_test_id("code").inner_text().strip()
    assert re.fullmatch(r"\d{13}", number) and re.fullmatch(r"\d{6}", code)
    shot(citizen, "portal-done")
    portal_case = Case.objects.get(number=number)
    assert portal_case.lead_unit == city.market and portal_case.attachments.count() == 1

    # 2. The same citizen calls; the agent sees the earlier case, answers from the knowledge
    #    base, registers the call and dispatches it in one click.
    agent = new_page()
    agent.goto("/accounts/login/")
    shot(agent, "staff-login")
    sign_in(agent, "agent")
    expect(agent).to_have_url(re.compile(r"/agent/$"))
    agent.fill("#id_citizen_phone", PHONE)
    expect(agent.locator("#caller-history")).to_contain_text(number)
    agent.fill("#kb-q", "餐馆卫生")
    expect(agent.locator("#kb-hits")).to_contain_text("餐馆卫生投诉受理范围")
    agent.click("#kb-hits [data-use-answer]")
    expect(agent.locator("#id_reply")).to_have_value(re.compile("市场监管部门"))
    agent.fill("#id_title", "餐馆后厨有老鼠")
    agent.fill("#id_content", "来电人再次反映东风路12号餐馆后厨卫生问题。")
    pick(agent, "id_cat1", city.cat_trade.name)
    pick(agent, "id_cat2", city.cat_market.name)
    pick(agent, "id_cat3", city.cat_food.name)
    pick(agent, "id_district", city.d1.name)
    pick(agent, "id_street", city.s11.name)
    expect(agent.get_by_test_id("suggested-unit")).to_have_text(city.market.name)
    expect(agent.locator("#duplicates")).to_contain_text(number)
    agent.fill("#id_reply", "")
    shot(agent, "agent-console")
    shot(agent, "agent-console-routing", at="#suggestion")
    agent.click("button[name=action][value=dispatch]")
    expect(agent.locator(".messages")).to_contain_text(city.market.name)
    phone_case = Case.objects.exclude(number=number).get()
    assert phone_case.channel == "phone" and phone_case.status == "dispatched"

    # 3. The unit signs for the portal case from its queue and replies.
    unit = new_page()
    sign_in(unit, "market_handler")
    expect(unit).to_have_url(re.compile(r"/workbench/$"))
    row = unit.locator(f"tr[data-case='{number}']")
    expect(row).to_contain_text("136****6666")
    expect(unit.locator("body")).not_to_contain_text(PHONE)
    shot(unit, "unit-workbench")
    row.get_by_role("button").click()
    expect(unit.locator(".messages")).to_contain_text("签收")
    unit.goto(f"/cases/{number}/")
    unit.fill("#f-reply-reply", "已现场检查，责令该餐馆停业整顿并消杀，三日后复查合格。")
    unit.set_input_files("#f-reply-files", files=[{"name": "check.png", "mimeType": "image/png", "buffer": PNG}])
    unit.click("#act-reply button[type=submit]")
    expect(unit.locator(".messages")).to_contain_text("答复")
    expect(unit.locator("[data-verb=reply]")).to_be_visible()
    expect(unit.locator("body")).to_contain_text("check.png")
    shot(unit, "case-detail")

    # 4. The centre reads the reply out on the callback and records the satisfaction.
    desk = new_page()
    sign_in(desk, "dispatcher")
    callback = desk.locator(f"#callbacks [data-case='{number}']")
    expect(callback.locator(".readout")).to_contain_text("停业整顿")
    callback.locator("select[name=satisfaction]").select_option("satisfied")
    callback.locator("select[name=resolved]").select_option("yes")
    shot(desk, "centre-desk")
    callback.get_by_role("button").click()
    expect(desk.locator(".messages")).to_contain_text("回访")
    portal_case.refresh_from_db()
    assert portal_case.status == "closed" and portal_case.satisfaction == "satisfied"

    # 5. The citizen follows the request with the number and code and sees the result.
    citizen.goto("/portal/")
    citizen.fill("#t-number", number)
    citizen.fill("#t-code", code)
    citizen.click("#track button[type=submit]")
    expect(citizen.get_by_test_id("status")).to_have_text("已办结")
    timeline = citizen.locator(".timeline")
    expect(timeline).to_contain_text("停业整顿")
    expect(timeline).to_contain_text(city.market.name)
    expect(citizen.locator("body")).not_to_contain_text("王五")
    expect(citizen.locator("body")).not_to_contain_text(PHONE)
    shot(citizen, "portal-progress")

    # Both languages: the switch in the header.
    citizen.click("form.lang button")
    expect(citizen.locator("html")).to_have_attribute("lang", "en")
    expect(citizen.locator(".timeline")).to_contain_text("We received your request.")
    expect(citizen.get_by_test_id("status")).to_have_text("Closed")
    shot(citizen, "portal-progress-en")
    unit.click("form.lang button")
    unit.goto("/workbench/")
    expect(unit.locator("h1")).to_contain_text("Workbench")
    desk.click("form.lang button")
    expect(desk.locator("h1")).to_have_text("Centre desk")
    shot(desk, "centre-desk-en")

    csp = [p for p in new_page.problems if "Content Security Policy" in p or "Refused" in p]
    assert csp == []
