"""Transfers through the API: to a peer platform (recorded and queued) and to 110/119/120/122."""

import pytest

from hotline.cases.models import Case
from hotline.emergency.models import ExternalTransfer, TransferOutcome
from hotline.exchange.models import Direction, OutboxMessage, Peer, Transfer
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def peer(city):
    return Peer.objects.create(name="A2区热线", code="d2", our_code="city", base_url="http://127.0.0.1:9/",
                               shared_key="k" * 32)


def act(api, user, number, verb, body):
    return api.as_(user).post(f"/cases/{number}/actions/{verb}", body)


def test_transfer_out_records_the_transfer_and_queues_it_for_the_peer(api, city, peer):
    case = new_case(city, dispatch=False)
    response = act(api, city.dispatcher, case.number, "transfer_out",
                   {"to": "d2", "reason": "属A2区管辖", "version": case.version})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "closed" and body["events"][-1]["verb"] == "transfer_out"
    transfer = Transfer.objects.get(case=case)
    assert (transfer.direction, transfer.peer, transfer.reason) == (Direction.OUT, peer, "属A2区管辖")
    event = case.events.order_by("-seq").first()
    assert event.data["transferred_to"] == "d2" and event.data["transfer_id"] == str(transfer.transfer_id)
    message = OutboxMessage.objects.get(transfer=transfer)
    assert message.kind == "transfer" and message.body["case"]["number"] == case.number
    assert message.delivered_at is None  # `hotline jobs` / `exchange_deliver` sends it


@pytest.mark.parametrize("code", ["nowhere", "d2-off"])
def test_transfer_out_to_an_unknown_or_inactive_peer_is_refused_and_the_case_stays(api, city, peer, code):
    Peer.objects.create(name="停用", code="d2-off", our_code="city", base_url="http://127.0.0.1:9/",
                        shared_key="k" * 32, active=False)
    case = new_case(city, dispatch=False)
    response = act(api, city.dispatcher, case.number, "transfer_out", {"to": code})
    assert response.status_code == 422, response.json()
    error = response.json()["error"]
    assert error["code"] == "unknown_peer" and [f["field"] for f in error["fields"]] == ["to"]
    case.refresh_from_db()
    assert case.status == "registered" and not Transfer.objects.exists() and not OutboxMessage.objects.exists()


def test_transfer_out_keeps_the_workflow_rules(api, city, peer):
    dispatched = new_case(city)
    assert act(api, city.dispatcher, dispatched.number, "transfer_out", {"to": "d2"}).status_code == 409
    case = new_case(city, dispatch=False)
    assert act(api, city.market_handler, case.number, "transfer_out", {"to": "d2"}).status_code == 404  # not theirs
    stale = act(api, city.dispatcher, case.number, "transfer_out", {"to": "d2", "version": case.version + 1})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    # What the action fills in itself is not taken from the caller.
    forged = act(api, city.dispatcher, case.number, "transfer_out", {"to": "d2", "transfer_id": "mine"})
    assert forged.status_code == 422
    assert not Transfer.objects.exists()


def test_transfer_external_hands_a_police_matter_to_110_with_its_record(api, city):
    case = new_case(city, title="楼下有人持刀斗殴", content="东风路夜市有人持刀打架")
    response = act(api, city.agent, case.number, "transfer_external", {"matter": "police", "reason": "治安案件"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "closed"
    transfer = ExternalTransfer.objects.get(case=case)
    assert (transfer.outcome, transfer.platform, transfer.unit) == (TransferOutcome.TRANSFERRED, "110", city.police)
    assert transfer.record["number"] == case.number
    event = case.events.order_by("-seq").first()
    assert (event.verb, event.data["to"], event.data["unit"]) == ("transfer_external", "110", city.police.pk)


def test_unclear_responsibility_is_kept_here_on_record(api, city):
    case = new_case(city)
    response = act(api, city.agent, case.number, "transfer_external", {"matter": "unclear"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "kept_by_first_receiver"
    case.refresh_from_db()
    assert case.status == "dispatched"
    assert ExternalTransfer.objects.get(case=case).outcome == TransferOutcome.KEPT  # not rolled back
    assert case.events.order_by("-seq").first().verb == "external_transfer_refused"


def test_transfer_external_refusals(api, city):
    case = new_case(city)
    # A unit may not hand a case over, not even to have it kept.
    for matter in ("police", "unclear"):
        assert act(api, city.market_handler, case.number, "transfer_external", {"matter": matter}).status_code == 403
    # No 119 unit is set up in this city: named, not guessed.
    fire = act(api, city.agent, case.number, "transfer_external", {"matter": "fire"})
    assert fire.status_code == 422 and fire.json()["error"]["fields"][0]["field"] == "matter"
    unknown = act(api, city.agent, case.number, "transfer_external", {"matter": "aliens"})
    assert unknown.status_code == 422
    assert not ExternalTransfer.objects.exists() and Case.objects.get(pk=case.pk).status == "dispatched"
