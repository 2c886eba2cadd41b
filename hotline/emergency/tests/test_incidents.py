"""A plan dispatches all its units at once; silence escalates, once per stage; closing reports."""

import datetime as dt

import pytest

from hotline import clock
from hotline.cases.actors import Actor
from hotline.cases.choices import AssignmentRole, Status, Urgency
from hotline.cases.errors import Forbidden, InvalidTransition
from hotline.emergency import actions
from hotline.emergency.models import IncidentEvent, IncidentStatus, UnitState
from hotline.notifications.models import Notification
from hotline.testing import new_case

from .conftest import T0

pytestmark = pytest.mark.django_db


def minutes(n):
    return T0 + dt.timedelta(minutes=n)


def rows_by_code(incident):
    return {r.unit.code: r for r in incident.units.select_related("unit")}


def test_five_units_one_stays_silent_and_only_it_escalates_once_per_stage(city, plan):
    clock.set_now(T0)
    incident = actions.start_incident(plan, actor=Actor.staff(city.dispatcher), title="东风路燃气泄漏",
                                      address="东风路88号")
    rows = rows_by_code(incident)
    assert len(rows) == 5 and {r.state for r in rows.values()} == {UnitState.DISPATCHED}
    assert {r.dispatched_at for r in rows.values()} == {T0}
    # The duty officer on the roster is told; a unit without a roster entry reaches its leaders.
    assert rows["water"].duty_officers == [city.duty_water.pk]
    assert Notification.objects.filter(recipient=city.duty_water, dedupe_key__contains=":dispatch:").exists()
    assert rows["urban"].duty_officers == [city.urban_leader.pk]

    # Four units answer in time, to the minute; the street office stays silent.
    clock.set_now(minutes(2))
    for code, user in [("water", city.duty_water), ("urban", city.urban_handler)]:
        actions.acknowledge(rows[code].pk, user=user)
    for code in ("police110", "ext119"):  # external platforms acknowledge by phone, the centre records it
        actions.acknowledge(rows[code].pk, user=city.dispatcher, note="电话确认")
    clock.set_now(minutes(4))
    assert actions.escalate_silent(minutes(4)).escalated == []

    # Five minutes: the street office is past its acknowledgement time → its leader.
    first = actions.escalate_silent(minutes(5))
    assert first.escalated == [(rows["s11"].pk, "ack", 1)]
    assert Notification.objects.filter(recipient=city.s11_leader, dedupe_key__contains=":escalate:").exists()
    # Running the sweep again (or twice at once) does not escalate it again.
    assert actions.escalate_silent(minutes(6)).escalated == []
    # Ten minutes (as long again): the centre.
    second = actions.escalate_silent(minutes(10))
    assert second.escalated == [(rows["s11"].pk, "ack", 2)]
    assert Notification.objects.filter(recipient=city.dispatcher, dedupe_key__contains=f":{city.s11.pk}:ack:2").exists()
    assert actions.escalate_silent(minutes(11)).escalated == []
    escalations = IncidentEvent.objects.filter(incident=incident, verb="escalate")
    assert [(e.unit_id, e.data["kind"], e.data["stage"], e.data["to"]) for e in escalations] == [
        (city.s11.pk, "ack", 1, "unit_leader"), (city.s11.pk, "ack", 2, "centre")]

    # Arrivals: the fire brigade arrives at 12', the others are late for arrival and escalate on their own.
    clock.set_now(minutes(12))
    actions.arrive(rows["ext119"].pk, user=city.dispatcher)
    late = actions.escalate_silent(minutes(15))
    assert sorted(late.escalated) == sorted([(rows["police110"].pk, "arrive", 1)])
    assert actions.escalate_silent(minutes(15)).escalated == []


def test_an_emergency_case_dispatches_its_units_and_signs_on_acknowledgement(city, plan):
    clock.set_now(T0)
    case = new_case(city, dispatch=False, urgency=Urgency.EMERGENCY, title="小区燃气泄漏", content="闻到浓烈燃气味")
    incident = actions.start_incident(plan, actor=Actor.staff(city.agent), case=case)
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED and case.lead_unit == city.water
    co = set(case.assignments.filter(role=AssignmentRole.CO).values_list("unit__code", flat=True))
    assert co == {"s11", "urban"}  # external platforms are tracked on the board, not assigned
    assert list(case.events.values_list("verb", flat=True)) == ["register", "dispatch", "incident_start"]
    with pytest.raises(InvalidTransition):
        actions.start_incident(plan, actor=Actor.staff(city.agent), case=case)

    rows = rows_by_code(incident)
    actions.acknowledge(rows["water"].pk, user=city.duty_water)
    case.refresh_from_db()
    assert case.status == Status.HANDLING  # the lead's acknowledgement signs for the case
    with pytest.raises(Forbidden):
        actions.acknowledge(rows["s11"].pk, user=city.market_handler)  # not their unit
    with pytest.raises(InvalidTransition):
        actions.acknowledge(rows["water"].pk, user=city.duty_water)


def test_closing_writes_the_report_with_the_timeline(city, plan):
    clock.set_now(T0)
    case = new_case(city, dispatch=False, urgency=Urgency.EMERGENCY)
    incident = actions.start_incident(plan, actor=Actor.staff(city.dispatcher), case=case)
    rows = rows_by_code(incident)
    clock.set_now(minutes(3))
    actions.acknowledge(rows["water"].pk, user=city.duty_water)
    clock.set_now(minutes(25))
    actions.arrive(rows["water"].pk, user=city.duty_water)
    actions.escalate_silent(minutes(25))
    clock.set_now(minutes(90))
    with pytest.raises(Forbidden):
        actions.close_incident(incident, actor=Actor.staff(city.water_handler), summary="x")
    incident = actions.close_incident(incident, actor=Actor.staff(city.dispatcher), summary="管线已修复，恢复供气")
    assert incident.status == IncidentStatus.CLOSED
    report = incident.report
    assert report["duration_minutes"] == 90 and report["case"] == case.number
    water = next(u for u in report["units"] if u["unit"] == city.water.name)
    assert (water["ack_minutes"], water["arrive_minutes"], water["ack_late"], water["arrive_late"]) == (3, 25, False, False)
    silent = next(u for u in report["units"] if u["unit"] == city.s11.name)
    assert silent["ack_minutes"] is None and silent["ack_late"] and silent["escalations"] == 2
    verbs = [e["verb"] for e in report["timeline"]]
    assert verbs[0] == "start" and verbs[-1] == "close" and "escalate" in verbs and "arrive" in verbs
    assert case.events.order_by("-seq").first().verb == "incident_close"
    with pytest.raises(InvalidTransition):
        actions.acknowledge(rows["s11"].pk, user=city.s11_handler)


def test_plan_suggested_by_category_and_pending_emergencies(city, plan):
    plan.categories.add(city.cat_municipal)
    case = new_case(city, dispatch=False, urgency=Urgency.EMERGENCY, category=city.cat_water)
    assert actions.suggest_plan(case) == plan
    assert list(actions.emergencies_without_incident()) == [case]
    other = new_case(city, dispatch=False, urgency=Urgency.EMERGENCY, category=city.cat_food)  # no plan covers it
    started = actions.start_suggested()
    assert [i.case for i in started] == [case] and started[0].started_by is None
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED and case.lead_unit == city.water
    assert list(actions.emergencies_without_incident()) == [other]
    assert actions.start_suggested() == []


def test_a_stale_sweeper_does_not_escalate_twice(city, plan):
    clock.set_now(T0)
    incident = actions.start_incident(plan, actor=Actor.staff(city.dispatcher), title="燃气泄漏")
    stale = incident.units.select_related("incident", "unit").get(unit=city.s11)  # read before the other sweep
    assert (stale.pk, "ack", 1) in actions.escalate_silent(minutes(5)).escalated
    result = actions.SweepResult()
    assert actions._escalate(stale, "ack", 1, "ack_escalation", minutes(5), result) == 0
    assert result.escalated == []
    assert IncidentEvent.objects.filter(incident=incident, verb="escalate", unit=city.s11).count() == 1


def test_sweep_command_escalates_and_drains(city, plan):
    import json
    from io import StringIO

    from django.core.management import call_command

    from hotline.notifications.models import InboxMessage

    clock.set_now(T0)
    actions.start_incident(plan, actor=Actor.staff(city.dispatcher), title="燃气泄漏")
    clock.set_now(minutes(6))
    out = StringIO()
    call_command("emergency_sweep", stdout=out)
    report = json.loads(out.getvalue())
    # Past acknowledgement: water, s11, 110 (5 min) to their leaders; 119 (3 min) to its leader and,
    # silent as long again, to the centre. Urban (10 min) not yet.
    assert report["escalated"] == 5
    assert InboxMessage.objects.filter(user=city.s11_leader).exists()
    out = StringIO()
    call_command("emergency_sweep", stdout=out)
    assert json.loads(out.getvalue())["escalated"] == 0


def test_incident_numbers_count_up_within_the_local_day(city, plan):
    clock.set_now(clock.local(2026, 11, 23, 23, 50))
    first = actions.start_incident(plan, actor=Actor.staff(city.dispatcher), title="燃气泄漏一")
    second = actions.start_incident(plan, actor=Actor.staff(city.dispatcher), title="燃气泄漏二")
    clock.set_now(clock.local(2026, 11, 24, 0, 10))
    third = actions.start_incident(plan, actor=Actor.staff(city.dispatcher), title="燃气泄漏三")
    assert [i.number for i in (first, second, third)] == ["E20261123001", "E20261123002", "E20261124001"]
