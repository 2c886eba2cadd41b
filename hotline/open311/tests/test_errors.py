"""Whatever goes wrong under /open311/v2/ is answered in GeoReport v2's error format."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET  # noqa: S405 - parses our own output

import pytest

pytestmark = pytest.mark.django_db
BASE = "/open311/v2/"


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def json_errors(response, status: int) -> list[dict]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert isinstance(body, list) and len(body) == 1 and set(body[0]) == {"code", "description"}
    assert body[0]["code"] == status and body[0]["description"]
    return body


def xml_error(response, status: int) -> ET.Element:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == "errors" and [e.tag for e in root] == ["error"]
    assert root.find("error/code").text == str(status) and root.find("error/description").text
    return root


@pytest.mark.parametrize("path", ["services.html", "services", "requests.csv", "nothing.json", "requests/",
                                  "services/not a code!.json", "discovery.JSON", ""])
def test_unknown_paths_and_formats_are_404_in_json(client, city, path):
    json_errors(client.get(BASE + path), 404)


@pytest.mark.parametrize("path", ["nothing.xml", "requests/x/y.xml", "tokens/.xml"])
def test_unknown_paths_ending_in_xml_are_404_in_xml(client, city, path):
    xml_error(client.get(BASE + path), 404)


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_a_method_an_endpoint_does_not_take_is_405_with_allow(client, city, method):
    response = getattr(client, method)(BASE + "services.json")
    json_errors(response, 405)
    assert response["Allow"] == "GET"
    xml_error(getattr(client, method)(BASE + "discovery.xml"), 405)


def test_requests_takes_get_and_post_only(client, city):
    response = client.delete(BASE + "requests.xml")
    xml_error(response, 405)
    assert response["Allow"] == "GET, POST"
    assert "GET, POST" in json_errors(client.put(BASE + "requests.json"), 405)[0]["description"]
    one = client.post(BASE + "requests/2026112300001.json")  # a single request is read-only
    json_errors(one, 405)
    assert one["Allow"] == "GET"


def test_a_post_to_an_unknown_path_is_not_a_csrf_page(client, city):
    json_errors(client.post(BASE + "requests.html", {"service_code": "1"}), 404)
