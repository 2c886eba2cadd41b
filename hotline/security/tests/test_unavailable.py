"""A database that cannot be reached answers 503 with a clear message (pages and API)."""

import json

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler
from django.test import RequestFactory
from django.utils import translation

from hotline.api.errors import on_unexpected
from hotline.security.unavailable import server_error

pytestmark = pytest.mark.django_db


def real_outage() -> OperationalError:
    """Connect to a port where no database listens: the error a restart produces."""
    handler = ConnectionHandler({"default": {
        "ENGINE": "django.db.backends.postgresql", "NAME": "nothing", "USER": "nobody",
        "HOST": "127.0.0.1", "PORT": "1", "OPTIONS": {"connect_timeout": 2},
    }})
    try:
        handler["default"].ensure_connection()
    except OperationalError as exc:
        return exc
    finally:
        handler.close_all()
    pytest.fail("a connection to port 1 succeeded")


def test_a_page_answers_503_with_retry_after_in_chinese():
    exc = real_outage()
    request = RequestFactory().get("/workbench/")
    with translation.override("zh-hans"):
        try:
            raise exc
        except OperationalError:
            response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.content.decode() == "服务暂时不可用，请稍后再试。"


def test_the_api_answers_503_in_its_error_shape():
    request = RequestFactory().post("/api/v1/cases")
    with translation.override("en"):
        response = on_unexpected(request, real_outage())
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["error"]["code"] == "unavailable"
    assert "briefly unavailable" in body["error"]["message"]


def test_a_bug_is_still_a_plain_500():
    request = RequestFactory().get("/workbench/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    with translation.override("en"):
        assert on_unexpected(RequestFactory().get("/api/v1/cases"), ValueError("x")).status_code == 500
