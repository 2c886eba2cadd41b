"""A leader reads the hotspots of the shared message board and opens one, in both languages."""

import pytest
from playwright.sync_api import expect

from hotline.hotspots import actions, sources
from hotline.hotspots.models import Source
from hotline.testing import build_city

from .pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KNOWN = ("丽发新城", "伊景园", "58车贷")


def test_leader_reads_the_board_hotspots_and_the_messages_behind_one(new_page, shot):
    path = sources.board_file()
    if not path.exists():
        pytest.skip(f"shared data missing: {path}")
    build_city()
    items = sources.from_board(path)
    about = [i for i in items if any(k in i.title + i.text[:300] for k in KNOWN)]
    others = [i for i in items if i not in about][:300]
    actions.scan(Source.BOARD, items=about + others)

    page = new_page()
    sign_in(page, "leader")
    page.goto("/hotspots/?source=teddy2020")
    expect(page.locator("h1")).to_have_text("热点")
    rows = page.get_by_test_id("hotspots").locator("tbody tr")
    expect(rows.first).to_be_visible()
    top = page.get_by_test_id("hotspots").locator("tbody").inner_text()
    assert sum(k in top for k in ("丽发新城", "伊景园", "车贷")) >= 2
    shot(page, "hotspots")

    rows.first.locator("a").first.click()
    expect(page.get_by_test_id("members").locator("tbody tr").first).to_be_visible()
    assert page.get_by_test_id("members").locator("tbody tr").count() >= 10
    expect(page.get_by_text("相关诉求")).to_be_visible()

    page.click("form.lang button")  # the header's language switch
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Messages behind it")).to_be_visible()
    page.goto("/hotspots/?source=teddy2020")
    expect(page.locator("h1")).to_have_text("Hotspots")
    expect(page.locator("th", has_text="Heat index")).to_be_visible()
    assert not new_page.problems
