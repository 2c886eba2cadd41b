"""Open311 GeoReport v2 over HTTP, JSON and XML, with the spec's names and errors."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET  # noqa: S405 - parses our own output

import pytest

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Channel, Status
from hotline.cases.models import Case
from hotline.open311.models import OpenApiKey, ServiceRequest
from hotline.testing import new_case

pytestmark = pytest.mark.django_db
BASE = "/open311/v2/"
REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
    "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url", "notes",
}


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def api_key(city):
    return OpenApiKey.issue("city app")[1]


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314


def post(client, fmt="json", **data):
    return client.post(f"{BASE}requests.{fmt}", data)


def test_discovery_and_services_list_leaf_categories(client, city):
    d = client.get(f"{BASE}discovery.json").json()
    assert d["endpoints"][0]["url"].endswith("/open311/v2/")
    services = client.get(f"{BASE}services.json").json()
    names = {s["service_name"] for s in services}
    assert {"食品安全", "路灯照明", "供水", "噪音污染"} <= names
    assert "市场监管" not in names and "商贸旅游" not in names  # not leaves
    food = next(s for s in services if s["service_name"] == "食品安全")
    assert food == {"service_code": str(city.cat_food.pk), "service_name": "食品安全",
                    "description": "商贸旅游 / 市场监管 / 食品安全", "metadata": True, "type": "realtime",
                    "keywords": "商贸旅游,市场监管", "group": "商贸旅游"}
    root = parse(client.get(f"{BASE}services.xml").content)
    assert root.tag == "services" and root[0].tag == "service"
    assert root.find("service/metadata").text == "true"


def test_service_definition_in_json_and_xml(client, city):
    d = client.get(f"{BASE}services/{city.cat_food.pk}.json").json()
    assert d["service_code"] == str(city.cat_food.pk)
    codes = [a["code"] for a in d["attributes"]]
    assert codes == ["case_type", "urgency", "confidential"]
    assert {v["key"] for v in d["attributes"][1]["values"]} == {"normal", "urgent"}
    root = parse(client.get(f"{BASE}services/{city.cat_food.pk}.xml").content)
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key").text == "help"
    missing = client.get(f"{BASE}services/{city.cat_market.pk}.json")  # not a leaf
    assert missing.status_code == 404 and missing.json() == [{"code": 404, "description": "service_code not found"}]


def test_post_request_makes_an_ordinary_dispatched_case(client, city, api_key):
    r = post(client, api_key=api_key, service_code=city.cat_food.pk, lat="28.2282", long="112.9388",
             address_string="东风路12号", description="餐馆后厨老鼠出没，联系我13812341234",
             first_name="三", last_name="张", phone="13812341234", email="zs@example.com",
             account_id="u-42", device_id="dev-1", media_url="https://img.example.com/1.jpg",
             **{"attribute[case_type]": "complaint", "attribute[urgency]": "urgent"})
    assert r.status_code == 200, r.content
    [body] = r.json()
    case = Case.objects.get(number=body["service_request_id"])
    assert body["account_id"] == "u-42" and body["token"]
    assert case.query_code in body["service_notice"]
    assert case.channel == Channel.OPEN311 and case.case_type == "complaint" and case.urgency == "urgent"
    assert case.status == Status.DISPATCHED and case.lead_unit == city.market
    assert case.citizen_name == "张三" and case.citizen_phone == "13812341234"
    assert str(case.latitude) == "28.228200"
    sr = ServiceRequest.objects.get(case=case)
    assert sr.email == "zs@example.com" and sr.media_url.endswith("1.jpg")

    # Reading it back never shows personal data.
    [got] = client.get(f"{BASE}requests/{case.number}.json").json()
    assert set(got) == REQUEST_FIELDS
    assert got["status"] == "open" and got["agency_responsible"] == city.market.name
    text = client.get(f"{BASE}requests/{case.number}.json").content.decode()
    assert "13812341234" not in text and "张三" not in text and "zs@example.com" not in text
    assert "138****1234" in got["description"]
    assert got["lat"] == 28.2282 and got["media_url"] == "https://img.example.com/1.jpg"
    assert [n["description"] for n in got["notes"]] == [
        "Request received.", f"Sent to {city.market.name} for handling."]

    tok = client.get(f"{BASE}tokens/{body['token']}.json").json()
    assert tok == [{"service_request_id": case.number, "token": body["token"]}]


def test_post_request_errors_follow_the_spec(client, city, api_key):
    r = post(client, service_code=city.cat_food.pk, lat="1", long="1")
    assert r.status_code == 400 and r.json() == [{"code": 400, "description": "api_key is required"}]
    r = post(client, api_key="nope", service_code=city.cat_food.pk, lat="1", long="1")
    assert r.status_code == 403
    r = post(client, "xml", api_key=api_key, service_code=city.cat_food.pk, description="x")
    assert r.status_code == 400
    root = parse(r.content)
    assert root.tag == "errors" and root.find("error/code").text == "400"
    assert "location" in root.find("error/description").text
    r = post(client, api_key=api_key, service_code=city.cat_food.pk, lat="100", long="1")
    assert r.status_code == 400
    r = post(client, api_key=api_key, service_code=city.cat_food.pk, address_id="nowhere")
    assert r.status_code == 400
    r = post(client, api_key=api_key, service_code=city.cat_food.pk, address_id="c111",
             **{"attribute[urgency]": "emergency"})
    assert r.status_code == 400 and "attribute[urgency]" in r.json()[0]["description"]
    r = post(client, api_key=api_key, service_code=city.cat_food.pk, address_id="c111", jurisdiction_id="other")
    assert r.status_code == 404
    assert Case.objects.count() == 0


def test_post_with_address_id_places_a_territorial_matter(client, city, api_key):
    r = post(client, "xml", api_key=api_key, service_code=city.cat_noise.pk, address_id="c111",
             description="夜间施工噪音扰民")
    assert r.status_code == 200
    number = parse(r.content).find("request/service_request_id").text
    case = Case.objects.get(number=number)
    assert case.community == city.c111 and case.street == city.s11 and case.lead_unit == city.s11
    assert case.anonymous is True


def test_get_requests_filters_status_dates_codes_and_pages(client, city):
    clock.set_now(clock.local(2026, 3, 2, 9))
    old = new_case(city)
    clock.set_now(clock.local(2026, 6, 1, 9))
    food = new_case(city)
    lights = new_case(city, category=city.cat_lights, street=city.s11)
    workflow.perform(lights, "merge", actor=Actor.staff(city.agent), into=food.number)
    secret = new_case(city, confidential=True)
    clock.set_now(clock.local(2026, 6, 2, 9))

    def ids(**params):
        r = client.get(f"{BASE}requests.json", params)
        assert r.status_code == 200, r.content
        return [x["service_request_id"] for x in r.json()]

    assert ids() == [lights.number, food.number]  # last 90 days, newest first, no confidential case
    assert ids(status="closed") == [lights.number]
    assert ids(status="open") == [food.number]
    assert ids(service_code=str(city.cat_lights.pk)) == [lights.number]
    assert ids(start_date="2026-03-01T00:00:00+08:00", end_date="2026-03-03T00:00:00+08:00") == [old.number]
    assert ids(service_request_id=f"{old.number},{secret.number}") == [old.number]
    assert ids(page_size="1", page="2") == [food.number]
    assert client.get(f"{BASE}requests.json", {"status": "pending"}).status_code == 400
    assert client.get(f"{BASE}requests.json", {"start_date": "yesterday"}).status_code == 400
    assert client.get(f"{BASE}requests/{secret.number}.json").status_code == 404
    xml = parse(client.get(f"{BASE}requests.xml").content)
    assert xml.tag == "service_requests" and xml.find("request/status").text == "closed"
    assert xml.find("request/notes/note/description") is not None


def test_status_notes_and_updates_follow_the_timeline(client, city):
    clock.set_now(clock.local(2026, 6, 1, 9))
    case = new_case(city)
    clock.set_now(clock.local(2026, 6, 1, 10))
    workflow.perform(case, "sign", actor=Actor.staff(city.market_handler))
    clock.set_now(clock.local(2026, 6, 2, 10))
    workflow.perform(case, "reply", actor=Actor.staff(city.market_handler), reply="已检查，责令整改。")
    workflow.perform(case, "callback", actor=Actor.staff(city.agent), satisfaction="satisfied", resolved=True)
    [got] = client.get(f"{BASE}requests/{case.number}.json").json()
    assert got["status"] == "closed"
    descriptions = [n["description"] for n in got["notes"]]
    assert "已检查，责令整改。" in descriptions
    assert [n["status"] for n in got["notes"]][-1] == "closed"

    r = client.get(f"{BASE}servicerequestupdates.json", {"start_date": "2026-06-02T00:00:00+08:00",
                                                        "end_date": "2026-06-03T00:00:00+08:00"})
    updates = r.json()
    assert [u["description"] for u in updates] == ["已检查，责令整改。", "Closed after a call back to the citizen."]
    assert updates[0]["service_request_id"] == case.number and updates[0]["status"] == "open"
    assert set(updates[0]) == {"update_id", "service_request_id", "status", "updated_datetime", "description",
                               "media_url"}
    assert updates[1]["updated_datetime"] == "2026-06-02T10:00:00+08:00"
    xml = parse(client.get(f"{BASE}servicerequestupdates.xml", {"start_date": "2026-06-02T00:00:00"}).content)
    assert xml.tag == "service_request_updates" and len(xml.findall("request_update")) == 2


def test_window_defaults_to_ninety_days_before_end():
    from hotline.open311.views import _window

    end = clock.local(2026, 6, 1)
    start, got_end = _window({"end_date": end.isoformat()})
    assert got_end == end and end - start == dt.timedelta(days=90)
