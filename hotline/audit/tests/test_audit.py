from decimal import Decimal

import pytest
from django.test import Client

from hotline.audit.models import AuditAction, AuditEntry
from hotline.catalog.models import Category
from hotline.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_reference_data_changes_are_logged_with_before_and_after(city):
    cat = Category.objects.get(pk=city.cat_food.pk)
    cat.complexity = 3
    cat.save()
    entry = AuditEntry.objects.filter(object_type="catalog.Category", object_id=str(cat.pk)).first()
    assert entry.action == AuditAction.UPDATE
    assert entry.before == {"complexity": "2.00"}
    assert Decimal(str(entry.after["complexity"])) == 3
    cat_id = cat.pk
    Category.objects.create(name="新类别")
    created = AuditEntry.objects.filter(object_type="catalog.Category", action=AuditAction.CREATE).first()
    assert created.after["name"] == "新类别"
    assert AuditEntry.objects.filter(object_id=str(cat_id), action=AuditAction.UPDATE).count() == 1


def test_unchanged_save_writes_nothing(city):
    before = AuditEntry.objects.count()
    city.market.save()
    assert AuditEntry.objects.count() == before


def test_password_is_never_in_the_log(city):
    city.agent.set_password("another-pass-456")
    city.agent.save()
    entry = AuditEntry.objects.filter(object_type="orgs.User", object_id=str(city.agent.pk)).first()
    assert entry.after["password"] == "(hidden)"
    assert "another" not in str(entry.before) + str(entry.after)


def test_sign_ins_and_failures_are_logged_with_the_source_address(city):
    client = Client(REMOTE_ADDR="10.1.2.3")
    assert client.login(username="agent", password=PASSWORD)
    assert not client.login(username="agent", password="wrong")
    ok = AuditEntry.objects.filter(action=AuditAction.LOGIN, username="agent").first()
    failed = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, username="agent").first()
    assert ok is not None and failed is not None


def test_admin_change_through_http_records_actor_and_ip(city):
    from hotline.orgs.models import User

    User.objects.filter(pk=city.admin.pk).update(is_staff=True, is_superuser=True)
    client = Client(REMOTE_ADDR="10.9.8.7")
    client.force_login(city.admin)
    url = "/admin/sla/calendarday/add/"
    response = client.post(url, {"date": "2027-01-01", "kind": "off", "name": "元旦"})
    assert response.status_code == 302, response.content[:500]
    entry = AuditEntry.objects.get(object_type="sla.CalendarDay")
    assert entry.actor_id == city.admin.pk and entry.source_ip == "10.9.8.7"
    assert entry.after["date"] == "2027-01-01"


def test_every_audited_label_that_exists_is_connected():
    from django.db.models.signals import post_save

    from hotline.audit.recorders import audited_models

    models = list(audited_models())
    assert len(models) >= 15
    for model in models:
        assert post_save.has_listeners(model), model


def test_secret_fields_of_audited_models_are_hidden(city):
    from hotline.exchange.models import Peer

    fields = {f.name for f in Peer._meta.concrete_fields}
    from hotline.audit.recorders import SECRET_FIELDS

    assert fields & SECRET_FIELDS, "the peer's shared key must be hidden in the log"
