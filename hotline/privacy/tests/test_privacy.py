import datetime as dt

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.errors import Forbidden, Invalid
from hotline.cases.models import Case
from hotline.privacy import crypto, reveal
from hotline.privacy.masking import mask_id_number, mask_name, mask_phone
from hotline.privacy.models import RevealLog
from hotline.privacy.retention import purge, rotate_keys
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def raw_column(case, column):
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM cases_case WHERE id = %s", [case.pk])  # noqa: S608
        return cur.fetchone()[0]


def test_masks():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_name("张三") == "张*" and mask_name("欧阳小明") == "欧***"
    assert mask_id_number("110101199003071234") == "1101**********1234"


def test_personal_data_is_encrypted_at_rest(city):
    case = new_case(city)
    stored = raw_column(case, "citizen_phone")
    assert stored.startswith("enc1:") and "13812341234" not in stored
    assert "张三" not in raw_column(case, "citizen_name")
    assert Case.objects.get(pk=case.pk).citizen_phone == "13812341234"
    assert case.phone_digest == crypto.phone_digest("+86 138-1234-1234")


def test_handlers_see_masked_and_reveals_are_logged(city):
    case = new_case(city)
    view = reveal.masked(case, city.market_handler)
    assert view.phone == "138****1234" and view.name == "张*"
    with pytest.raises(Forbidden):
        reveal.reveal(case, city.urban_handler, reason="想看看")
    with pytest.raises(Invalid):
        reveal.reveal(case, city.agent, reason="")
    plain = reveal.reveal(case, city.agent, reason="回访需要联系市民", source_ip="10.0.0.5")
    assert plain.phone == "13812341234"
    log = RevealLog.objects.get()
    assert log.actor == city.agent and log.case == case and log.source_ip == "10.0.0.5"


def test_confidential_case_hides_the_citizen_from_handlers(city):
    case = new_case(city, confidential=True)
    assert reveal.masked(case, city.market_handler).hidden
    assert not reveal.may_reveal(case, city.market_handler)
    assert not reveal.masked(case, city.agent).hidden


def test_retention_purges_old_closed_cases_and_keeps_the_case(city, settings):
    settings.HOTLINE_PII_RETENTION_DAYS = 30
    clock.set_now(clock.local(2026, 1, 5, 10))
    old = new_case(city)
    h = Actor.staff(city.market_handler)
    workflow.perform(old, "sign", actor=h)
    workflow.perform(old, "reply", actor=h, reply="已处理")
    workflow.perform(old, "callback", actor=Actor.staff(city.agent), satisfaction="satisfied", resolved=True)
    recent_open = new_case(city)
    clock.set_now(clock.local(2026, 3, 1, 10))
    assert purge() == 1
    old = Case.objects.get(pk=old.pk)
    assert old.citizen_phone == "" and old.phone_digest == "" and old.personal_data_purged_at is not None
    # register, dispatch, sign, reply, callback — and the same caller's new case noted as a repeat
    assert old.title and list(old.events.values_list("verb", flat=True))[:5] == [
        "register", "dispatch", "sign", "reply", "callback"]
    assert Case.objects.get(pk=recent_open.pk).citizen_phone == "13812341234"
    assert purge() == 0


def test_key_rotation_reencrypts_with_the_new_key(city, settings):
    case = new_case(city)
    old_key = crypto._keys()[0].decode()
    new_key = Fernet.generate_key().decode()
    settings.HOTLINE_DATA_KEYS = [new_key, old_key]
    crypto.reset_keys()
    try:
        assert rotate_keys() == 1
        settings.HOTLINE_DATA_KEYS = [new_key]
        crypto.reset_keys()
        assert Case.objects.get(pk=case.pk).citizen_phone == "13812341234"
        assert crypto.phone_digest("13812341234") == case.phone_digest  # lookups survive rotation
    finally:
        settings.HOTLINE_DATA_KEYS = []
        crypto.reset_keys()


def test_purge_cutoff_respects_the_period(city, settings):
    settings.HOTLINE_PII_RETENTION_DAYS = 30
    clock.set_now(clock.local(2026, 3, 2, 9))
    case = new_case(city, dispatch=False, case_type="consultation")
    workflow.perform(case, "answer_on_spot", actor=Actor.staff(city.agent), reply="已解答")
    workflow.perform(case, "close", actor=Actor.staff(city.dispatcher), note="咨询")
    clock.advance(dt.timedelta(days=29))
    assert purge() == 0
    clock.advance(dt.timedelta(days=2))
    assert purge() == 1
