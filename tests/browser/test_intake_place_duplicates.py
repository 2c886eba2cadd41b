"""The agent types a call: the place read in the address is shown and picked with one
click, the open case about the same problem is flagged, and "register and merge into"
folds the call into it."""

import pytest
from playwright.sync_api import expect

from hotline.cases.choices import Status
from hotline.cases.models import Case
from hotline.testing import build_city, new_case

from .pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_sees_the_place_and_merges_a_duplicate(new_page, shot):
    city = build_city()
    page = new_page()
    page.set_default_timeout(60_000)  # a loaded machine: the live server can be slow
    first = new_case(city, category=city.cat_lights, street=city.s11, title="东风社区3栋门口路灯不亮",
                     content="东风社区3栋门口的路灯坏了一个星期，晚上一片漆黑。")
    sign_in(page, city.agent.username)
    page.goto("/agent/")
    page.fill("#id_title", "东风社区路灯坏了")
    page.fill("#id_content", "3栋门口路灯坏了好几天了，晚上漆黑一片，请尽快修好。")
    page.fill("#id_address", "A1区东风街道东风社区3栋")
    panel = page.get_by_test_id("place-found")
    expect(panel).to_contain_text("A1区东风街道东风社区")
    panel.get_by_test_id("use-place").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#id_street")).to_have_value(str(city.s11.pk))
    expect(page.locator("#id_community")).to_have_value(str(city.c111.pk))
    for select, category in (("#id_cat1", city.cat_build), ("#id_cat2", city.cat_municipal), ("#id_cat3", city.cat_lights)):
        expect(page.locator(f"{select} option[value='{category.pk}']")).to_have_count(1)
        page.select_option(select, str(category.pk))
        page.wait_for_load_state("networkidle")
    warning = page.get_by_test_id("duplicates")
    expect(warning.locator(f"[data-duplicate='{first.number}']")).to_contain_text("同一街道")
    shot(page, "agent-place-and-duplicate", at="#duplicates")
    warning.get_by_test_id("merge-into").click()
    page.wait_for_url(f"**/cases/{first.number}/")
    merged = Case.objects.get(title="东风社区路灯坏了")
    assert merged.status == Status.MERGED and merged.merged_into_id == first.pk
    assert merged.community_id == city.c111.pk
    expect(page.locator("li[data-verb=merged_in]")).to_contain_text(merged.number)
    assert not new_page.problems
