"""A supervisor issues orders in Chromium: one from a case's page, one over a street's cases."""

import pytest
from playwright.sync_api import expect

from hotline.supervision.models import SupervisionOrder
from hotline.testing import build_city, new_case

from .pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_issues_from_the_case_page_and_over_a_group(new_page):
    city = build_city()
    case = new_case(city)
    lights = [new_case(city, category=city.cat_lights, street=city.s11, title=f"东风路{n}号路灯不亮",
                       citizen_phone=f"1390000000{n}") for n in range(2)]
    page = new_page()
    sign_in(page, "supervisor")

    page.goto(f"/cases/{case.number}/")
    page.click("text=下发督办单")
    expect(page.locator("h1")).to_have_text("下发督办单")
    page.check("input[name=level][value=key]")
    page.fill("#id_reason", "群众多次反映，请三日内答复")
    page.dblclick("button[type=submit].primary")  # an impatient double click
    page.wait_for_url("**/supervision/items/*/")
    expect(page.locator(".messages")).to_contain_text("已下发")
    assert SupervisionOrder.objects.filter(items__case=case).count() == 1

    page.goto("/supervision/")
    page.click("text=批量督办")
    page.select_option("#id_street", label="A1区 · 东风街道")
    page.select_option("#id_category", label="— 城市建设和市政管理")
    page.click("text=查找工单")
    expect(page.locator("#matched h2")).to_have_text("2 件工单符合条件")
    for item in lights:
        expect(page.locator(f'tr[data-case="{item.number}"]')).to_be_visible()
    page.fill("#id_subject", "东风街道路灯集中整治")
    page.fill("#id_reason", "近期路灯投诉集中")
    page.click("text=对 2 件工单下发督办单")
    expect(page.locator(".messages")).to_contain_text("涉及 2 件工单")
    order = SupervisionOrder.objects.exclude(selection={}).get()
    assert sorted(order.items.values_list("case_id", flat=True)) == sorted(c.pk for c in lights)
    assert page.locator("table.queue tbody tr").count() == 2
    assert not new_page.problems, new_page.problems
