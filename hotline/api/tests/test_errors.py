"""A genuine bug is logged and answered with a clean 500 in the API's shape."""

import datetime as dt
import logging

import pytest

from hotline import clock
from hotline.api import idempotency, present
from hotline.api.models import IdempotencyRecord
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def test_a_bug_is_a_clean_logged_500(api, city, monkeypatch, caplog):
    case = new_case(city)

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(present, "detail", broken)
    with caplog.at_level(logging.ERROR, logger="hotline.api"):
        response = api.as_(city.agent).get(f"/cases/{case.number}")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert "secret internals" not in response.content.decode()
    assert any("secret internals" in (r.exc_text or "") for r in caplog.records)


def test_old_idempotency_records_are_purged(api, city):
    clock.set_now(clock.local(2026, 11, 1, 9, 0))
    api.post("/public/cases", {"case_type": "help", "title": "求助", "content": "内容"}, **{"Idempotency-Key": "old"})
    clock.set_now(clock.local(2026, 11, 20, 9, 0))
    api.post("/public/cases", {"case_type": "help", "title": "求助", "content": "内容"}, **{"Idempotency-Key": "new"})
    assert idempotency.purge(clock.now() - dt.timedelta(days=7)) == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
