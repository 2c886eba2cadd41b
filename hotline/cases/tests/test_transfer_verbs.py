"""The two verbs behind platform-to-platform transfers (hotline.exchange)."""

import pytest

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import AssignmentStatus, Status
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def test_transfer_out_closes_a_registered_case_and_names_the_peer(city):
    case = new_case(city, dispatch=False)
    case = workflow.perform(case, "transfer_out", actor=Actor.staff(city.dispatcher), to="city",
                            peer_name="市级平台", transfer_id="abc", reason="属市级事权")
    assert case.status == Status.CLOSED and case.closed_at is not None
    event = case.events.order_by("-seq").first()
    assert (event.verb, event.from_status, event.to_status) == ("transfer_out", "registered", "closed")
    assert event.data == {"transferred_to": "city", "peer_name": "市级平台", "transfer_id": "abc",
                          "reason": "属市级事权"}


def test_transfer_out_of_a_returned_case_cancels_what_is_left_of_the_round(city):
    case = new_case(city)
    case = workflow.perform(case, "return", actor=Actor.staff(city.market_handler), reason="not_our_territory")
    case = workflow.perform(case, "transfer_out", actor=Actor.staff(city.agent), to="city")
    assert case.status == Status.CLOSED
    assert not case.assignments.filter(status__in=AssignmentStatus.active()).exists()


def test_transfer_out_needs_a_destination_a_centre_role_and_an_undispatched_case(city):
    case = new_case(city, dispatch=False)
    with pytest.raises(Invalid):
        workflow.perform(case, "transfer_out", actor=Actor.staff(city.dispatcher), to="")
    with pytest.raises(Forbidden):
        workflow.perform(case, "transfer_out", actor=Actor.staff(city.market_handler), to="city")
    dispatched = new_case(city)
    with pytest.raises(InvalidTransition):
        workflow.perform(dispatched, "transfer_out", actor=Actor.staff(city.dispatcher), to="city")


def test_peer_update_records_the_remote_progress_without_moving_the_case(city):
    case = new_case(city, dispatch=False)
    case = workflow.perform(case, "transfer_out", actor=Actor.staff(city.dispatcher), to="city")
    case = workflow.perform(case, "peer_update", actor=Actor.system(), peer="city", remote_number="2026010100001",
                            remote_status="handling", remote_verb="sign")
    assert case.status == Status.CLOSED
    event = case.events.order_by("-seq").first()
    assert event.verb == "peer_update" and event.to_status == "closed"
    assert event.data["remote_status"] == "handling" and event.data["remote_number"] == "2026010100001"


def test_peer_update_refuses_a_peer_the_case_was_not_transferred_to_and_non_system_actors(city):
    case = new_case(city, dispatch=False)
    case = workflow.perform(case, "transfer_out", actor=Actor.staff(city.dispatcher), to="city")
    with pytest.raises(InvalidTransition):
        workflow.perform(case, "peer_update", actor=Actor.system(), peer="d2", remote_status="handling")
    with pytest.raises(Forbidden):
        workflow.perform(case, "peer_update", actor=Actor.staff(city.dispatcher), peer="city", remote_status="x")
    open_case = new_case(city)
    with pytest.raises(InvalidTransition):
        workflow.perform(open_case, "peer_update", actor=Actor.system(), peer="city", remote_status="handling")
