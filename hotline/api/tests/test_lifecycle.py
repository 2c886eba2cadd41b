"""A case's whole life through the HTTP API, and the answers each kind of refusal gets."""

import pytest

from hotline import clock
from hotline.cases.models import Case, Extension
from hotline.privacy.models import RevealLog

pytestmark = pytest.mark.django_db

FOOD = {
    "case_type": "complaint", "title": "小区门口餐馆后厨卫生脏乱",
    "content": "东风路12号餐馆后厨老鼠出没，食材随地堆放。",
    "citizen": {"name": "张三丰", "phone": "13812341234", "id_number": "430102199001011234"},
}


def register(api, city, **extra):
    response = api.as_(city.agent).post("/cases", {**FOOD, "category": city.cat_food.pk, **extra})
    assert response.status_code == 201, response.json()
    return response.json()


def act(api, user, number, verb, body=None, **headers):
    return api.as_(user, **headers).post(f"/cases/{number}/actions/{verb}", body)


def test_register_dispatch_sign_reply_callback_closed(api, city):
    clock.set_now(clock.local(2026, 11, 23, 9, 30))  # a Monday
    created = register(api, city)
    assert created["number"] == "2026112300001"
    assert created["status"] == "dispatched"
    assert created["category"] == {"id": city.cat_food.pk, "name": "食品安全"}
    assert created["lead_unit"]["id"] == city.market.pk
    assert created["due_at"] == "2026-12-07T23:59:59+08:00"  # 10 working days by the category rule
    assert len(created["query_code"]) == 6
    assert created["routing"]["found"] is True and created["routing"]["reason"]
    number = created["number"]

    signed = act(api, city.market_handler, number, "sign", {"version": created["version"]})
    assert signed.status_code == 200, signed.json()
    assert signed.json()["status"] == "handling"
    replied = act(api, city.market_handler, number, "reply", {"reply": "已现场检查，责令整改。"})
    assert replied.json()["status"] == "replied"
    closed = act(api, city.agent, number, "callback", {"satisfaction": "satisfied", "resolved": True})
    assert closed.status_code == 200
    body = closed.json()
    assert body["status"] == "closed" and body["satisfaction"] == "satisfied" and body["resolved"] is True
    assert [e["verb"] for e in body["events"]] == ["register", "dispatch", "sign", "reply", "callback"]
    assert body["assignments"][0]["status"] == "replied"
    assert body["version"] == 5


def test_manual_dispatch_by_unit_code(api, city):
    created = register(api, city, dispatch=False)
    assert created["status"] == "registered" and created["lead_unit"] is None
    assert created["routing"]["lead_unit"]["id"] == city.market.pk  # what the catalogue would do
    response = act(api, city.dispatcher, created["number"], "dispatch",
                   {"lead_unit": "market", "co_units": [city.s11.pk], "instructions": "请尽快核查"})
    assert response.status_code == 200, response.json()
    units = {(a["unit"]["id"], a["role"]) for a in response.json()["assignments"]}
    assert units == {(city.market.pk, "lead"), (city.s11.pk, "co")}


def test_return_then_arbitration(api, city):
    number = register(api, city)["number"]
    returned = act(api, city.market_handler, number, "return", {"reason": "not_our_matter", "note": "应由城管处理"})
    assert returned.json()["status"] == "returned"
    ruled = act(api, city.dispatcher, number, "arbitrate", {"ruling": "unjustified", "note": "食品安全属市场监管职责"})
    assert ruled.status_code == 200, ruled.json()
    body = ruled.json()
    assert body["status"] == "dispatched" and body["lead_unit"]["id"] == city.market.pk
    assert body["events"][-1]["verb"] == "arbitrate" and body["events"][-1]["data"]["ruling"] == "unjustified"
    assert [a["round"] for a in body["assignments"] if a["status"] == "pending"] == [2]


def test_extension_requested_and_approved(api, city):
    clock.set_now(clock.local(2026, 11, 23, 9, 30))
    created = register(api, city)
    number = created["number"]
    act(api, city.market_handler, number, "sign")
    asked = act(api, city.market_handler, number, "request_extension", {"days": 5, "reason": "需要检测报告"})
    assert asked.status_code == 200 and asked.json()["extension_pending"] is True
    approved = act(api, city.dispatcher, number, "approve_extension", {"note": "同意"})
    assert approved.status_code == 200, approved.json()
    body = approved.json()
    assert body["extension_pending"] is False
    assert body["due_at"] == "2026-12-14T23:59:59+08:00"  # five more working days
    assert Extension.objects.get(case__number=number).status == "approved"


@pytest.mark.parametrize("role", ["market_handler", "leader", "auditor", "supervisor", "admin"])
def test_only_registering_roles_may_register(api, city, role):
    response = api.as_(getattr(city, role)).post("/cases", {**FOOD, "category": city.cat_food.pk})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert not Case.objects.exists()


def test_inspector_registers_from_the_street(api, city):
    response = api.as_(city.inspector).post("/cases", {
        **FOOD, "channel": "grid", "category": city.cat_lights.pk, "community": city.c111.pk,
        "latitude": 28.1234567, "longitude": 112.9876543,
    })
    assert response.status_code == 201, response.json()
    case = Case.objects.get(number=response.json()["number"])
    assert (case.street, case.district, case.lead_unit) == (city.s11, city.d1, city.s11)
    assert str(case.latitude) == "28.123457"


def test_refusals_map_to_statuses(api, city):
    created = register(api, city)
    number, version = created["number"], created["version"]
    # a role the table refuses
    response = act(api, city.agent, number, "sign")
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    # the wrong state: replying before signing for it
    response = act(api, city.dispatcher, number, "close", {"note": "结束"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"
    # an unknown verb
    response = act(api, city.market_handler, number, "teleport", {})
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_verb"
    # an invalid field, named
    response = act(api, city.market_handler, number, "return", {"reason": "bored"})
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["reason"]
    # a field the workflow refuses, named
    response = act(api, city.market_handler, number, "return", {"reason": "other"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "note"
    # a stale version
    assert act(api, city.market_handler, number, "sign", {"version": version}).status_code == 200
    response = act(api, city.market_handler2, number, "reply", {"reply": "已处理", "version": version})
    assert response.status_code == 409 and response.json()["error"]["code"] == "stale_version"
    # nothing of the refused attempts reached the timeline
    assert list(Case.objects.get(number=number).events.values_list("verb", flat=True)) == [
        "register", "dispatch", "sign"]


def test_a_case_outside_your_scope_is_a_404_like_a_missing_one(api, city):
    number = register(api, city)["number"]
    outsider = api.as_(city.urban_handler)
    hidden = outsider.get(f"/cases/{number}")
    missing = outsider.get("/cases/2099010100001")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert outsider.post(f"/cases/{number}/actions/sign").json() == missing.json()
    assert outsider.get("/cases/..%2F..%2Fetc").status_code == 404


def test_detail_masks_the_citizen_and_reveal_is_logged(api, city):
    number = register(api, city)["number"]
    body = api.as_(city.market_handler).get(f"/cases/{number}").json()
    assert body["citizen"]["name"] == "张**"
    assert body["citizen"]["phone"] == "138****1234"
    assert body["citizen"]["id_number"] == "4301**********1234"
    assert "13812341234" not in str(body) and "张三丰" not in str(body)

    refused = api.as_(city.market_handler).post(f"/cases/{number}/reveal", {"reason": ""})
    assert refused.status_code == 422 and refused.json()["error"]["fields"][0]["field"] == "reason"
    revealed = api.as_(city.agent).post(f"/cases/{number}/reveal", {"reason": "回访核实身份", "fields": ["name", "phone"]})
    assert revealed.status_code == 200, revealed.json()
    assert revealed.json() == {"name": "张三丰", "phone": "13812341234", "id_number": "4301**********1234"}
    assert revealed["Cache-Control"] == "no-store"
    log = RevealLog.objects.get()
    assert (log.actor, log.case.number, log.reason) == (city.agent, number, "回访核实身份")
    # a unit that is not the lead may not see it at all
    assert api.as_(city.urban_handler).post(f"/cases/{number}/reveal", {"reason": "想看看"}).status_code == 404


def test_confidential_case_hides_the_citizen_from_the_unit(api, city):
    number = register(api, city, citizen={"name": "李四", "phone": "13900001111", "confidential": True})["number"]
    body = api.as_(city.market_handler).get(f"/cases/{number}").json()
    assert body["citizen"]["hidden"] is True and body["citizen"]["phone"] == "***"
    assert api.as_(city.market_handler).post(f"/cases/{number}/reveal", {"reason": "联系"}).status_code == 403


def test_bearer_token_required(api, city):
    assert api.get("/cases").status_code == 401
    assert api.get("/cases").json()["error"]["code"] == "unauthorized"
    bad = api.get("/cases", Authorization="Bearer htl_nope")
    assert bad.status_code == 401 and bad["WWW-Authenticate"].startswith("Bearer")
    city.agent.is_active = False
    city.agent.save()
    assert api.as_(city.agent).get("/cases").status_code == 401
