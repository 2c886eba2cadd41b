"""Screens colour deadlines by the SLA sweep's rule, so `HOTLINE_SLA_APPROACHING` moves amber."""

import pytest

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.console.timestatus import AMBER, GREEN, RED, time_status
from hotline.sla import calendar
from hotline.sla.status import TimeStatus, approaching_at, status_of
from hotline.testing import PASSWORD, new_case

pytestmark = pytest.mark.django_db


def test_changing_the_setting_changes_the_colour_on_the_workbench(client, city, settings):
    clock.set_now(clock.local(2026, 11, 23, 9, 30))
    case = workflow.perform(new_case(city), "sign", actor=Actor.staff(city.market_handler))
    part = case.assignments.get()
    cal = calendar.current()
    clock.set_now(approaching_at(part.dispatched_at, part.due_at, cal, 0.6))  # 60 % of the working time used
    assert client.login(username="market_handler", password=PASSWORD)
    row = f'<tr class="ts-row-{{}}" data-case="{case.number}">'

    settings.HOTLINE_SLA_APPROACHING = 0.75
    page = client.get("/workbench/").content.decode()
    assert row.format(GREEN) in page and "已用时限 75%" in page

    settings.HOTLINE_SLA_APPROACHING = 0.5
    page = client.get("/workbench/").content.decode()
    assert row.format(AMBER) in page and "已用时限 50%" in page
    # The sweep reads the same setting: it says "approaching" exactly when the screen shows amber.
    assert status_of(part.dispatched_at, part.due_at, clock.now(), cal) == TimeStatus.APPROACHING


def test_colour_matches_the_sweep_at_the_boundaries(settings):
    settings.HOTLINE_SLA_APPROACHING = 0.4
    cal = calendar.current()
    start, due = clock.local(2026, 11, 23, 9), clock.local(2026, 11, 27, 9)
    turn = approaching_at(start, due, cal)
    for now, colour in [(start, GREEN), (turn, AMBER), (due, AMBER), (clock.local(2026, 11, 27, 9, 1), RED)]:
        assert time_status(start, due, now, cal) == colour
        assert status_of(start, due, now, cal) == {GREEN: TimeStatus.ON_TIME, AMBER: TimeStatus.APPROACHING,
                                                   RED: TimeStatus.OVERDUE}[colour]
    assert time_status(start, None, start, cal) == GREEN
