import pytest
from django.core.cache import cache
from django.test import Client

from hotline import clock
from hotline.testing import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_strict_csp_and_security_headers_on_our_pages(city):
    response = Client().get("/api/v1/openapi.json")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_lockout_after_repeated_failures_even_with_the_right_password(city, settings):
    settings.HOTLINE_LOCKOUT_ATTEMPTS = 3
    client = Client()
    for _ in range(3):
        assert not client.login(username="agent", password="wrong")
    assert not client.login(username="agent", password=PASSWORD)
    # Another account is unaffected.
    assert client.login(username="dispatcher", password=PASSWORD)


def test_lock_expires_after_the_window(city, settings):
    import datetime as dt

    settings.HOTLINE_LOCKOUT_ATTEMPTS = 2
    start = clock.local(2026, 11, 23, 9)
    clock.set_now(start)
    client = Client()
    client.login(username="agent", password="x")
    client.login(username="agent", password="y")
    assert not client.login(username="agent", password=PASSWORD)
    clock.set_now(start + dt.timedelta(minutes=settings.HOTLINE_LOCKOUT_MINUTES + 1))
    assert client.login(username="agent", password=PASSWORD)


def test_public_writes_are_rate_limited_per_address(settings):
    settings.HOTLINE_RATE_LIMITS = [("t", "/api/v1/public/", ("POST",), 3, 60)]
    one, other = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    codes = [one.post("/api/v1/public/cases", data="{}", content_type="application/json").status_code
             for _ in range(4)]
    assert codes[:3] != [429, 429, 429] and codes[3] == 429
    refused = one.post("/api/v1/public/cases", data="{}", content_type="application/json")
    assert refused.json()["error"]["code"] == "rate_limited" and int(refused["Retry-After"]) > 0
    assert other.post("/api/v1/public/cases", data="{}", content_type="application/json").status_code != 429
