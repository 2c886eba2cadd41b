"""The signed inbox: who may send, replay window, processing each message once."""

from __future__ import annotations

import json
import uuid

import pytest

from hotline import clock
from hotline.cases.models import Case
from hotline.exchange import signing
from hotline.exchange.delivery import backoff
from hotline.exchange.models import Direction, InboxMessage, Peer, Transfer

pytestmark = pytest.mark.django_db
KEY = "k" * 32


@pytest.fixture
def peer(city):
    return Peer.objects.create(name="二区热线", code="d2", our_code="city", base_url="http://127.0.0.1:9/",
                               shared_key=KEY)


def transfer_message(city, **over):
    return {
        "message_id": str(uuid.uuid4()), "kind": "transfer", "transfer_id": str(uuid.uuid4()), "reason": "属市级",
        "case": {"number": "2026060100007", "case_type": "complaint", "urgency": "normal",
                 "category_path": ["商贸旅游", "市场监管", "食品安全"], "title": "餐馆卫生", "content": "后厨脏乱",
                 "citizen_name": "李四", "citizen_phone": "13900001111", "place_codes": {}},
        "timeline": [{"seq": 1, "verb": "register"}], **over,
    }


def deliver(client, message: dict, *, key=KEY, code="d2", shift=0, tamper=False):
    body = json.dumps(message).encode()
    ts = int(clock.now().timestamp()) + shift
    sig = signing.sign(key, ts, body)
    return client.post("/exchange/inbox/", data=body + (b" " if tamper else b""), content_type="application/json",
                       headers={signing.PEER_HEADER: code, signing.TIMESTAMP_HEADER: str(ts),
                                signing.SIGNATURE_HEADER: sig})


def test_a_signed_transfer_becomes_a_platform_case_once(client, city, peer):
    message = transfer_message(city)
    first = deliver(client, message)
    assert first.status_code == 200, first.content
    answer = first.json()
    assert answer["ack"] == message["message_id"]
    case = Case.objects.get(number=answer["case"])
    assert case.channel == "platform" and case.category == city.cat_food and case.lead_unit == city.market
    assert case.citizen_phone == "13900001111"
    transfer = Transfer.objects.get(case=case)
    assert transfer.direction == Direction.IN and transfer.remote_number == "2026060100007"
    # The same message again (a lost ack), and the same transfer under a new message id.
    assert deliver(client, message).json() == answer
    again = deliver(client, {**message, "message_id": str(uuid.uuid4())}).json()
    assert again["case"] == case.number
    assert Case.objects.count() == 1 and InboxMessage.objects.count() == 2


@pytest.mark.parametrize("kwargs", [{"key": "wrong"}, {"code": "nobody"}, {"shift": -400}, {"shift": 400},
                                    {"tamper": True}])
def test_unsigned_stale_or_unknown_messages_are_refused(client, city, peer, kwargs):
    r = deliver(client, transfer_message(city), **kwargs)
    assert r.status_code == 401
    assert Case.objects.count() == 0


def test_inactive_peer_and_malformed_messages(client, city, peer):
    assert deliver(client, {"message_id": "x", "kind": "transfer"}).status_code == 400
    assert deliver(client, {"message_id": str(uuid.uuid4()), "kind": "gossip"}).status_code == 400
    assert deliver(client, transfer_message(city, case={"title": "no content"})).status_code == 400
    status = {"message_id": str(uuid.uuid4()), "kind": "status", "transfer_id": str(uuid.uuid4()), "status": "x"}
    assert deliver(client, status).status_code == 404
    peer.active = False
    peer.save()
    assert deliver(client, transfer_message(city)).status_code == 401


def test_backoff_doubles_up_to_an_hour():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]
