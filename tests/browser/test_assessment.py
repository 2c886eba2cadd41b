"""Assessment screens in Chromium: the ranking with a drill-down, and the public colour board without login."""

import pytest
from playwright.sync_api import expect

from hotline import clock
from hotline.assessment.models import ScoreWeights
from hotline.assessment.tests.helpers import handled
from hotline.testing import build_city

from .pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ranking_drilldown_and_public_colours(new_page, shot):
    city = build_city()
    ScoreWeights.objects.update(min_sample=3)
    clock.set_now(clock.local(2026, 11, 23, 9, 30))
    for i in range(4):
        handled(city, satisfaction="satisfied" if i else "unsatisfied", resolved=bool(i))
        handled(city, category=city.cat_water, unit_user=city.water_handler)

    page = new_page()
    sign_in(page, "leader")
    page.click("nav.menu >> text=考核评价")
    expect(page.locator("h1")).to_have_text("考核评价")
    expect(page.locator("table.as-table").first).to_contain_text(city.market.name)
    expect(page.locator("text=未排名（案件过少）").first).to_be_visible()
    shot(page, "assessment")
    page.locator(f"a[href*='metric=unsatisfied'][href*='unit={city.market.pk}&']").click()
    expect(page.locator("table.as-table tbody tr")).to_have_count(1)

    public = new_page()
    public.goto("/assessment/public/")
    expect(public.locator("h1")).to_contain_text("分色预警")
    expect(public.locator("td", has_text=city.c111.name)).to_be_visible()
    expect(public.locator(".dot-green").first).to_be_visible()
    shot(public, "colour-board")
    assert new_page.problems == []
