"""No input gives a 5xx: every malformed, missing, oversize or wrong-typed field is a 4xx
naming the field, in one error shape, in Chinese by default and English on request."""

import pytest
from django.test import override_settings

from hotline.api.models import IdempotencyRecord
from hotline.cases.models import Case, CaseEvent
from hotline.testing import new_case

pytestmark = pytest.mark.django_db

GOOD = {"case_type": "complaint", "title": "路灯不亮", "content": "东风路路灯连续三晚不亮。"}
JUNK_VALUES = [None, True, 0, -1, 10**30, -(10**30), 1.5, 1e308, "", " ", "\x00", "\ud800", "💩" * 3,
               "a\u202eb", "x" * 6000, [], [1, 2], {}, {"a": {"b": []}}]
FIELDS = ["channel", "case_type", "urgency", "category", "title", "content", "address", "district",
          "street", "community", "latitude", "longitude", "citizen", "dispatch"]


def assert_error_shape(response, status=None):
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:500])
    if status is not None:
        assert response.status_code == status, response.json()
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def fields_of(response):
    return [f["field"] for f in response.json()["error"]["fields"]]


@pytest.mark.parametrize("field", FIELDS)
def test_junk_in_each_field_of_a_new_case(api, city, field):
    agent = api.as_(city.agent)
    for value in JUNK_VALUES:
        response = agent.post("/cases", {**GOOD, field: value})
        if response.status_code == 201:
            continue  # some junk is a fine value for some fields (e.g. a 0-length address)
        error = assert_error_shape(response)
        assert error["fields"] and error["fields"][0]["field"].split(".")[0] == field, (field, value, error)


@pytest.mark.parametrize("value", JUNK_VALUES)
def test_junk_in_citizen_fields(api, city, value):
    agent = api.as_(city.agent)
    for name in ["name", "phone", "id_number", "anonymous", "confidential"]:
        response = agent.post("/cases", {**GOOD, "citizen": {name: value}})
        if response.status_code != 201:
            assert assert_error_shape(response)["fields"][0]["field"] == f"citizen.{name}"


RAW_BODIES = [b"", b"{", b"null", b"[]", b"[{}]", b"\"text\"", b"123", b"true", b"\xff\xfe\x00",
              b'{"title": "\\ud800"}', b"{" * 5000 + b"}" * 5000, b'{"title": 1e999}',
              b"NaN", b'{"case_type": "complaint", "title": "t", "content": "c", "content": 5}']


@pytest.mark.parametrize("raw", RAW_BODIES)
@pytest.mark.parametrize("path", ["/cases", "/public/cases"])
def test_malformed_bodies(api, city, raw, path):
    client = api.as_(city.agent) if path == "/cases" else api
    response = client.post(path, raw=raw)
    assert_error_shape(response)
    assert not Case.objects.exists()


def test_oversize_title_and_content_name_the_field(api, city):
    agent = api.as_(city.agent)
    response = agent.post("/cases", {**GOOD, "title": "灯" * 201})
    assert fields_of(response) == ["title"]
    assert agent.post("/cases", {**GOOD, "title": "灯" * 200}).status_code == 201
    from django.conf import settings

    response = agent.post("/cases", {**GOOD, "content": "灯" * (settings.HOTLINE_MAX_TEXT + 1)})
    assert_error_shape(response, 422)
    assert fields_of(response) == ["content"]


def test_missing_fields_are_all_named(api, city):
    response = api.as_(city.agent).post("/cases", {})
    assert_error_shape(response, 422)
    assert sorted(fields_of(response)) == ["case_type", "content", "title"]


def test_whitespace_only_title_is_refused_by_the_workflow(api, city):
    response = api.as_(city.agent).post("/cases", {**GOOD, "title": "   "})
    assert_error_shape(response, 422)
    assert fields_of(response) == ["title"]


def test_place_that_does_not_fit_is_named(api, city):
    agent = api.as_(city.agent)
    assert fields_of(agent.post("/cases", {**GOOD, "street": city.s11.pk, "community": city.c211.pk})) == ["community"]
    assert fields_of(agent.post("/cases", {**GOOD, "district": city.s11.pk})) == ["district"]
    assert fields_of(agent.post("/cases", {**GOOD, "category": 2**63})) == ["category"]


@pytest.mark.parametrize("verb", ["sign", "return", "reply", "callback", "dispatch", "arbitrate", "merge",
                                  "request_extension", "approve_extension", "supplement", "close", "reopen",
                                  "transfer_out", "peer_update", "redispatch", "refuse_extension",
                                  "answer_on_spot"])
def test_junk_in_action_bodies(api, city, verb):
    case = new_case(city)
    events = CaseEvent.objects.filter(case=case).count()
    users = [city.market_handler, city.dispatcher, city.agent]
    keys = ["version", "reason", "note", "reply", "lead_unit", "co_units", "days", "satisfaction",
            "resolved", "into", "text", "ruling", "actor", "verb", "case", "to", "peer", "remote_status"]
    for user in users:
        client = api.as_(user)
        for key in keys:
            for value in [None, 10**30, -1, "\x00", "\ud800", [], {"x": 1}, "x" * 20000, 1.5, True]:
                response = client.post(f"/cases/{case.number}/actions/{verb}", {key: value})
                assert response.status_code < 500, (verb, key, value, response.content[:300])
                if response.status_code >= 400:
                    assert_error_shape(response)
        for raw in [b"", b"[]", b"{", b"null", b"\"x\"", b"1"]:
            response = client.post(f"/cases/{case.number}/actions/{verb}", raw=raw)
            assert response.status_code < 500, (verb, raw, response.content[:300])
    # junk may be refused or, for the odd valid combination, accepted; never half-written
    case.refresh_from_db()
    assert CaseEvent.objects.filter(case=case).count() >= events


def test_junk_in_query_strings_and_paths(api, city):
    case = new_case(city)
    agent = api.as_(city.agent)
    for params in [{"page": "0"}, {"page": "-1"}, {"page": "abc"}, {"page": str(10**40)}, {"page_size": "1000"},
                   {"page_size": "0"}, {"status": "nope"}, {"unit": "abc"}, {"unit": str(10**30)},
                   {"overdue": "maybe"}, {"status": "\x00"}]:
        response = agent.get("/cases", params)
        error = assert_error_shape(response, 422)
        assert error["fields"][0]["field"] == next(iter(params))
    for path in ["/cases/%00", "/cases/" + "9" * 500, "/cases/%E4%B8%AD", "/cases/%ED%A0%80",
                 f"/cases/{case.number}%00", "/nowhere", "/cases/x/actions/sign/extra"]:
        response = agent.get(path)
        assert_error_shape(response, 404)
    for path in ["/public/cases/%00", "/public/cases/" + "9" * 500]:
        assert_error_shape(api.get(path, {"code": "\x00" * 10}), 404)


def test_garbage_headers(api, city):
    for auth in ["Bearer", "Bearer ", "Bearer \x00", "Basic abc", "Bearer " + "x" * 10000, "Bearer 中文"]:
        assert_error_shape(api.get("/cases", Authorization=auth), 401)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_too_large_is_413(api, city):
    response = api.as_(city.agent).post("/cases", {**GOOD, "content": "x" * 2000})
    assert_error_shape(response, 413)


def test_nothing_half_written_when_dispatch_fails(api, city):
    # a valid case whose manual dispatch target is invalid: the case exists, the dispatch does not
    case = new_case(city, dispatch=False)
    response = api.as_(city.dispatcher).post(f"/cases/{case.number}/actions/dispatch",
                                             {"lead_unit": "police110"}, **{"Idempotency-Key": "d-1"})
    assert_error_shape(response, 422)
    assert fields_of(response) == ["lead_unit"]
    case.refresh_from_db()
    assert case.status == "registered" and case.version == 1 and not case.assignments.exists()
    assert not IdempotencyRecord.objects.exists()


# --------------------------------------------------------------------------- languages


def test_errors_are_chinese_by_default_and_english_on_request(api, city):
    agent = api.as_(city.agent)
    zh = agent.post("/cases", {**GOOD, "title": "x" * 300}).json()["error"]
    assert zh["message"] == "部分字段填写有误。"
    assert zh["fields"] == [{"field": "title", "message": "最多200个字符。"}]

    en = agent.post("/cases", {**GOOD, "title": "x" * 300}, **{"Accept-Language": "en"}).json()["error"]
    assert en["message"] == "Some fields are invalid."
    assert en["fields"] == [{"field": "title", "message": "Ensure this value has at most 200 characters."}]

    en = api.as_(city.agent).client.post("/api/v1/cases?lang=en", {}, content_type="application/json",
                                         headers={"Authorization": f"Bearer {agent.token}"})
    assert en.json()["error"]["message"] == "Some fields are invalid."
    assert en["Content-Language"] == "en"


def test_workflow_errors_follow_the_language(api, city):
    case = new_case(city)
    zh = api.as_(city.agent).post(f"/cases/{case.number}/actions/sign").json()["error"]
    en = api.as_(city.agent, **{"Accept-Language": "en"}).post(f"/cases/{case.number}/actions/sign").json()["error"]
    assert zh["code"] == en["code"] == "forbidden"
    assert en["message"] == "You may not do this."
    assert zh["message"] != en["message"]
    missing = api.get("/public/cases/1", {"lang": "en"}).json()["error"]
    assert missing["message"] == "No such case."


def test_ids_in_json_are_strict(api, city):
    agent = api.as_(city.agent)
    for value in [True, 1.0, "1", "market"]:
        assert fields_of(agent.post("/cases", {**GOOD, "category": value})) == ["category"]


def test_an_empty_body_is_an_empty_object(api, city):
    case = new_case(city)
    handler = api.as_(city.market_handler)
    response = handler.post(f"/cases/{case.number}/actions/reply", raw=b"")
    assert_error_shape(response, 422)
    assert fields_of(response) == ["reply"]
    assert handler.post(f"/cases/{case.number}/actions/sign", raw=b"").status_code == 200


def test_wrong_method_is_405_in_the_same_shape(api, city):
    case = new_case(city)
    response = api.as_(city.agent).get(f"/cases/{case.number}/actions/sign")
    assert_error_shape(response, 405)
    assert response["Allow"] == "POST"
    response = api.as_(city.agent).client.delete("/api/v1/cases")
    assert_error_shape(response, 405)


def test_public_post_needs_no_csrf_token(city):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/public/cases", {"case_type": "help", "title": "求助", "content": "内容"},
                           content_type="application/json")
    assert response.status_code == 201
