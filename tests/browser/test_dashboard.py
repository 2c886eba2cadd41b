"""The leaders' dashboard in Chromium: ECharts draws every chart under the strict CSP, in Chinese."""

import pytest
from playwright.sync_api import expect

from hotline import clock
from hotline.cases.choices import CaseType, Channel
from hotline.testing import build_city, new_case

from .pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHANNELS = [Channel.PHONE, Channel.PHONE, Channel.PORTAL, Channel.APP, Channel.PHONE, Channel.GRID]


def test_dashboard_draws_its_charts_in_chinese(new_page, shot):
    city = build_city()
    places = [(city.cat_food, None), (city.cat_lights, city.s11), (city.cat_noise, city.s21),
              (city.cat_lights, city.s12), (city.cat_noise, city.s11)]
    for day in range(1, 20):
        for i in range(1 + day % 4):
            category, street = places[(day + i) % len(places)]
            clock.set_now(clock.local(2026, 11, day, 9 + i))
            new_case(city, category=category, street=street, channel=CHANNELS[(day * 3 + i) % len(CHANNELS)],
                     case_type=CaseType.COMPLAINT if i % 2 == 0 else CaseType.HELP)
    clock.set_now(clock.local(2026, 11, 20, 10))

    page = new_page()
    sign_in(page, "leader")
    page.goto("/analytics/")
    expect(page.locator("h1")).to_have_text("领导驾驶舱")
    for chart in ["volume", "category-trend", "category", "channel", "heat"]:
        expect(page.locator(f"#chart-{chart} canvas").first).to_be_visible()
    expect(page.locator("#fig-total")).not_to_have_text("0")
    expect(page.locator("#rankings table").first).to_be_visible()  # fetched after the page (HTMX)
    page.wait_for_timeout(800)  # let the entry animations settle for the picture
    shot(page, "dashboard")
    assert new_page.problems == []


def test_problem_of_the_month_draws_its_trend(new_page):
    import datetime as dt

    from hotline.analytics import problems

    city = build_city()
    for month, count in [(9, 3), (10, 2), (11, 1)]:
        for i in range(count):
            clock.set_now(clock.local(2026, month, 2 + i, 9))
            new_case(city, category=city.cat_noise, street=city.s21)
    clock.set_now(clock.local(2026, 11, 20, 10))
    problem = problems.create(actor=city.leader, month=dt.date(2026, 10, 1), baseline_month=dt.date(2026, 9, 1),
                              title="噪音扰民", lead_unit=city.urban, category=city.cat_noise)
    page = new_page()
    sign_in(page, "leader")
    page.goto(f"/analytics/problems/{problem.pk}/")
    expect(page.locator("#chart-trend canvas").first).to_be_visible()
    expect(page.locator("#trend tbody tr")).to_have_count(3)
    expect(page.locator("#trend tbody tr").nth(2)).to_contain_text("已下降")
    assert new_page.problems == []
