"""110 linkage both ways, and the first-receiver rule when responsibility is unclear."""

import json

import pytest

from hotline.cases.actors import Actor
from hotline.cases.choices import Channel, Status
from hotline.cases.models import Case
from hotline.emergency import linkage
from hotline.emergency.models import Direction, ExternalTransfer, TransferOutcome
from hotline.orgs.choices import Role
from hotline.orgs.models import ApiToken, User
from hotline.testing import PASSWORD, new_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(city):
    city.police.short_name = "110"
    city.police.save()
    return city.police


def test_a_police_matter_goes_to_110_in_one_action_with_the_record(city, police):
    case = new_case(city, title="楼下有人持刀斗殴", content="东风路夜市有人持刀打架")
    transfer = linkage.transfer_to_external(case, actor=Actor.staff(city.agent), matter="police", reason="治安案件")
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert (transfer.direction, transfer.outcome, transfer.platform, transfer.unit) == (
        Direction.OUT, TransferOutcome.TRANSFERRED, "110", police)
    assert transfer.record["number"] == case.number and transfer.record["content"] == case.content
    assert "13812341234" in transfer.caller_contact  # encrypted at rest, for 110 to call back
    event = case.events.order_by("-seq").first()
    assert (event.verb, event.data["to"], event.data["unit"]) == ("transfer_external", "110", police.pk)


def test_unclear_responsibility_stays_with_the_first_platform(city, police):
    case = new_case(city)
    with pytest.raises(linkage.Kept) as kept:
        linkage.transfer_to_external(case, actor=Actor.staff(city.agent), matter="unclear")
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED
    assert kept.value.transfer.outcome == TransferOutcome.KEPT and kept.value.transfer.reason
    assert case.events.order_by("-seq").first().verb == "external_transfer_refused"


def test_a_handover_from_110_arrives_as_a_case_once(city, police):
    officer = User.objects.create_user("desk110", password=PASSWORD, role=Role.HANDLER, unit=police)
    args = dict(external_ref="110-20250708-0042", title="噪音扰民非警务事项", content="楼上装修噪音，110转12345",
                caller_phone="13900001111", street_id=city.s11.pk, category_id=city.cat_noise.pk)
    transfer, created = linkage.receive_from_110(actor=Actor.staff(officer), **args)
    assert created and transfer.outcome == TransferOutcome.RECEIVED
    case = transfer.case
    assert case.channel == Channel.POLICE_110 and case.status == Status.DISPATCHED and case.lead_unit == city.s11
    assert list(case.events.values_list("verb", flat=True)) == ["register", "dispatch", "received_from_external"]
    again, created = linkage.receive_from_110(actor=Actor.staff(officer), **args)
    assert not created and again.pk == transfer.pk and Case.objects.count() == 1


def test_110_endpoint_authenticates_and_refuses_unclear(client, city, police):
    officer = User.objects.create_user("desk110", password=PASSWORD, role=Role.HANDLER, unit=police)
    token = ApiToken.issue(officer)
    url = "/emergency/external/110/cases"
    body = {"external_ref": "R1", "title": "路灯不亮", "content": "东风路路灯不亮一周", "caller_phone": "13900001111"}
    assert client.post(url, json.dumps(body), content_type="application/json").status_code == 401
    outsider = ApiToken.issue(city.market_handler)
    assert client.post(url, json.dumps(body), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {outsider}").status_code == 403
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = client.post(url, json.dumps(body), content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    number = response.json()["case"]
    assert Case.objects.get(number=number).channel == "110"
    assert client.post(url, json.dumps(body), content_type="application/json", **auth).status_code == 200
    bad = client.post(url, json.dumps({**body, "external_ref": "R2", "evil": 1}), content_type="application/json", **auth)
    assert bad.status_code == 400
    unclear = client.post(url, json.dumps({**body, "external_ref": "R3", "responsibility": "unclear"}),
                          content_type="application/json", **auth)
    assert unclear.status_code == 409 and unclear.json()["outcome"] == "refused"
    assert ExternalTransfer.objects.get(external_ref="R3").case is None


def test_transfer_screen(client, city, police):
    case = new_case(city)
    client.force_login(city.market_handler)
    assert client.get(f"/emergency/cases/{case.number}/transfer").status_code == 403
    client.force_login(city.agent)
    assert client.get(f"/emergency/cases/{case.number}/transfer").status_code == 200
    response = client.post(f"/emergency/cases/{case.number}/transfer",
                           {"matter": "traffic", "reason": "交通事故", "version": case.version})
    assert response.status_code == 200  # the form again, saying there is no 122 unit
    assert ExternalTransfer.objects.filter(case=case, outcome="transferred").count() == 0  # no 122 unit here
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED
    response = client.post(f"/emergency/cases/{case.number}/transfer",
                           {"matter": "police", "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED
