import datetime as dt

import pyotp
import pytest
from django.test import Client

from hotline import clock
from hotline.security import twofactor
from hotline.security.models import TOTPDevice

pytestmark = pytest.mark.django_db


def code_at(device, at):
    return pyotp.TOTP(device.secret).at(at)


def test_enrolment_confirms_with_a_valid_code_and_refuses_replay(city):
    clock.set_now(clock.local(2026, 11, 23, 9))
    device = twofactor.start_enrolment(city.dispatcher)
    assert not device.confirmed
    assert not twofactor.verify(device, "12345")
    code = code_at(device, clock.now())
    assert twofactor.verify(device, code)
    device.refresh_from_db()
    assert device.confirmed
    assert not twofactor.verify(device, code), "a code is accepted once"
    clock.advance(dt.timedelta(seconds=30))
    assert twofactor.verify(device, code_at(device, clock.now()))


def test_secret_is_encrypted_at_rest(city):
    device = twofactor.start_enrolment(city.dispatcher)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT secret FROM security_totpdevice WHERE id = %s", [device.pk])
        assert cur.fetchone()[0].startswith("enc1:")


def test_staff_pages_wait_for_the_second_factor(city):
    clock.set_now(clock.local(2026, 11, 23, 9))
    device = twofactor.start_enrolment(city.dispatcher)
    assert twofactor.verify(device, code_at(device, clock.now()))
    client = Client()
    client.force_login(city.dispatcher)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/verify/")
    clock.advance(dt.timedelta(seconds=30))
    ok = client.post("/accounts/2fa/verify/", {"code": code_at(device, clock.now()), "next": "/admin/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/"
    assert client.get("/admin/").status_code != 302 or "/2fa/" not in client.get("/admin/")["Location"]


def test_wrong_code_keeps_the_door_shut(city):
    device = twofactor.start_enrolment(city.dispatcher)
    assert twofactor.verify(device, code_at(device, clock.now()))
    client = Client()
    client.force_login(city.dispatcher)
    client.post("/accounts/2fa/verify/", {"code": "123456", "next": "/"})
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/verify/")


def test_required_roles_must_enrol(city, settings):
    settings.HOTLINE_REQUIRE_2FA_ROLES = ["auditor"]
    client = Client()
    client.force_login(city.auditor)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/setup/"
    other = Client()
    other.force_login(city.agent)
    assert other.get("/admin/").get("Location", "") != "/accounts/2fa/setup/"
    assert not TOTPDevice.objects.filter(user=city.agent).exists()


def test_setup_page_shows_a_qr_code_and_key(city):
    client = Client()
    client.force_login(city.agent)
    page = client.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user=city.agent)
    assert page.status_code == 200
    assert "<svg" in page.content.decode() and device.secret in page.content.decode()
    assert "unsafe-inline" not in page["Content-Security-Policy"]
