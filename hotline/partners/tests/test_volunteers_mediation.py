"""Volunteers matched by skill and area, hours recorded; mediation outcomes flow back to the case."""

import datetime as dt
from decimal import Decimal

import pytest

from hotline import clock
from hotline.cases.actors import Actor
from hotline.cases.choices import Status
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition
from hotline.partners import mediation, volunteers
from hotline.partners.models import MediationStatus, VolunteerTask
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def test_volunteers_are_matched_by_skill_and_area(city, team):
    _team, people = team
    found = volunteers.match(skills=["助老", "水电维修"], place=city.c111)
    assert [(m.volunteer.name, m.score, m.in_area) for m in found] == [("王师傅", 5, True), ("李医生", 2, False)]
    assert [m.volunteer.name for m in volunteers.match(skills="助老", place=city.c211)] == ["李医生", "王师傅"]
    assert volunteers.match(skills=["厨艺"], place=city.c111) == []


def test_dispatch_and_hours(city, team):
    team_unit, people = team
    case = new_case(city, dispatch=False, title="独居老人家中灯坏了")
    tasks = volunteers.dispatch(case, [people["wang"]], actor=Actor.staff(city.agent))
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED and case.lead_unit == team_unit
    # A busy volunteer is not offered again until the task is done.
    assert [m.volunteer.name for m in volunteers.match(skills="助老", place=city.c111)] == ["李医生"]
    with pytest.raises(Invalid):
        volunteers.record_hours(tasks[0], "30", by=city.dispatcher)
    with pytest.raises(Forbidden):
        volunteers.record_hours(tasks[0], "2", by=city.market_handler)
    volunteers.record_hours(tasks[0], "2.5", by=city.dispatcher)
    assert volunteers.hours_of(people["wang"]) == Decimal("2.5")
    with pytest.raises(InvalidTransition):
        volunteers.record_hours(tasks[0], "1", by=city.dispatcher)


def test_disputes_are_routed_by_kind_and_place(city, mediators):
    general, local, labour = mediators
    assert mediation.route("neighbour", city.c111) == local
    assert mediation.route("neighbour", city.c211) == general
    assert mediation.route("labour", city.c111) == labour
    assert mediation.route("consumer", city.c111) == general  # any mediation organisation


def test_mediation_outcome_flows_back_to_the_case(city, mediators):
    _general, local, _labour = mediators
    case = new_case(city, dispatch=False, street=city.s11, title="楼上漏水邻里纠纷")
    m = mediation.open_mediation(case, kind="neighbour", actor=Actor.staff(city.dispatcher), parties="张某、李某")
    case.refresh_from_db()
    assert m.organisation == local and case.lead_unit == local
    clock.set_now(clock.local(2025, 5, 6, 15))
    mediation.add_session(m, by=city.dispatcher, at=clock.now(), place="社区调解室", notes="双方陈述")
    m.refresh_from_db()
    assert m.status == MediationStatus.IN_PROGRESS
    with pytest.raises(Forbidden):
        mediation.record_outcome(m, by=city.market_handler, status="settled", outcome="x")
    m = mediation.record_outcome(m, by=city.dispatcher, status="settled", outcome="楼上住户承担维修费用",
                                 amount=Decimal("1500"))
    event = case.events.order_by("-seq").first()
    assert event.verb == "mediation_outcome"
    assert (event.data["status"], event.data["outcome"], event.data["sessions"], event.data["amount"]) == (
        "settled", "楼上住户承担维修费用", 1, "1500")
    with pytest.raises(InvalidTransition):
        mediation.add_session(m, by=city.dispatcher, at=clock.now() + dt.timedelta(days=1))


def test_busy_volunteers_and_second_mediations_are_refused(city, team, mediators):
    _team_unit, people = team
    dispatcher = Actor.staff(city.dispatcher)
    first = new_case(city, dispatch=False, street=city.s11)
    volunteers.dispatch(first, [people["wang"]], actor=dispatcher)
    with pytest.raises(InvalidTransition):  # busy elsewhere
        volunteers.dispatch(new_case(city, dispatch=False), [people["wang"], people["li"]], actor=dispatcher)
    with pytest.raises(InvalidTransition):  # not active
        volunteers.dispatch(new_case(city, dispatch=False), [people["away"]], actor=dispatcher)
    assert VolunteerTask.objects.count() == 1
    m = mediation.open_mediation(first, kind="neighbour", actor=dispatcher)
    with pytest.raises(InvalidTransition):
        mediation.open_mediation(first, kind="labour", actor=dispatcher)
    mediation.record_outcome(m, by=city.dispatcher, status="withdrawn", outcome="当事人撤回")
    mediation.open_mediation(first, kind="neighbour", actor=dispatcher)  # a new one once the first is over
    with pytest.raises(Invalid):
        mediation.record_outcome(m, by=city.dispatcher, status="settled", outcome="x", amount="1.234")
