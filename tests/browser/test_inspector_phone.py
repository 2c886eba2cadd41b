"""The inspector's phone page in Chromium: 375×812, location from the phone, a photo, submit."""

import base64

import pytest
from playwright.sync_api import expect

from hotline.grids.models import GridReport, ItemKind, UrbanItem
from hotline.orgs.choices import Role, UnitKind
from hotline.orgs.models import Unit, User
from hotline.testing import PASSWORD, build_city

from .pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def test_inspector_reports_a_broken_manhole_from_a_phone(new_page, shot):
    city = build_city()
    grid = Unit.objects.create(code="c111-g1", name="东风社区第1网格", kind=UnitKind.GRID, parent=city.c111)
    User.objects.create_user("grid1", password=PASSWORD, role=Role.INSPECTOR, unit=grid, display_name="网格员小周")
    UrbanItem.objects.create(kind=ItemKind.COMPONENT, code="manhole", name="井盖", owner=city.water, hazard=True)
    UrbanItem.objects.create(kind=ItemKind.EVENT, code="parking", name="违章停车")

    page = new_page(phone=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 28.1941, "longitude": 112.9823})
    sign_in(page, "grid1")
    page.goto("/grids/report")
    expect(page.locator("#geo-status")).to_have_attribute("data-located", "1")
    expect(page.locator("#id_latitude")).to_have_value("28.194100")
    page.select_option("#id_item", label="井盖 ⚠")
    page.set_input_files("#id_photos", files=[{"name": "manhole.png", "mimeType": "image/png", "buffer": PNG}])
    page.fill("#id_description", "井盖破损下陷，行人易踩空")
    page.fill("#id_address", "东风路12号门口")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    shot(page, "inspector_phone")
    page.click("#grid-report button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已上报")
    report = GridReport.objects.get()
    assert report.routed_to == city.water and report.case.attachments.count() == 1
    assert str(report.case.latitude) == "28.194100"
    expect(page.locator(".reports")).to_contain_text(report.case.number)
    assert new_page.problems == []
