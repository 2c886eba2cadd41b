"""The incident board in Chromium: the centre watches it while a unit acknowledges elsewhere."""

import pytest
from playwright.sync_api import expect

from hotline.cases.actors import Actor
from hotline.emergency import actions
from hotline.emergency.models import IncidentType, Plan, PlanUnit
from hotline.testing import build_city

from .pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_shows_an_acknowledgement_made_by_another_user(new_page, shot):
    city = build_city()
    plan = Plan.objects.create(name="燃气泄漏应急预案", incident_type=IncidentType.GAS_LEAK)
    for order, (unit, task) in enumerate([(city.water, "关阀抢修"), (city.s11, "疏散群众"), (city.urban, "封闭道路"),
                                          (city.market, "排查周边餐饮燃气"), (city.police, "现场警戒")]):
        PlanUnit.objects.create(plan=plan, unit=unit, task=task, ack_minutes=5, arrive_minutes=30, order=order)
    incident = actions.start_incident(plan, actor=Actor.staff(city.dispatcher), title="东风路燃气泄漏",
                                      address="东风路88号")

    centre = new_page()
    sign_in(centre, "dispatcher")
    centre.goto(f"/emergency/incidents/{incident.pk}/")
    expect(centre.locator("#count-dispatched")).to_have_text("5")
    water_row = centre.locator("tr[data-unit=water]")
    expect(water_row.locator(".state")).to_have_class("badge state state-dispatched")

    unit = new_page()
    sign_in(unit, "water_handler")
    unit.goto(f"/emergency/incidents/{incident.pk}/")
    rows = unit.locator("tr.unit-row button")
    expect(rows).to_have_count(2)  # only their own unit's row offers actions
    unit.locator("tr[data-unit=water] button", has_text="确认接警").click()
    expect(unit.locator("tr[data-unit=water] .state")).to_have_class("badge state state-acknowledged")

    # The centre's board updates by itself (HTMX polling), no reload.
    expect(water_row.locator(".state")).to_have_class("badge state state-acknowledged", timeout=8000)
    expect(centre.locator("#count-dispatched")).to_have_text("4")
    expect(water_row).to_contain_text("water_handler")
    shot(centre, "emergency_board")
    assert new_page.problems == []
