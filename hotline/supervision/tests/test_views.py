"""The staff screens: a unit answers, the centre reviews; outsiders see nothing."""

import pytest
from django.test import Client

from hotline import clock
from hotline.supervision import actions
from hotline.supervision.choices import ItemStatus, Level
from hotline.testing import PASSWORD, new_case

from .helpers import staff

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_unit_answers_and_supervisor_rejects_through_the_screens(city):
    clock.set_now(clock.local(2026, 11, 23, 9, 30))
    case = new_case(city)
    order = actions.issue(case, actor=staff(city.supervisor), reason="群众反映强烈", subject="后厨卫生")
    item = order.items.get()

    handler = _client(city.market_handler)
    page = handler.get("/supervision/")
    assert page.status_code == 200 and order.number in page.content.decode()
    page = handler.get(f"/supervision/items/{item.pk}/")
    assert 'name="text"' in page.content.decode() and 'name="reason"' not in page.content.decode()
    response = handler.post(f"/supervision/items/{item.pk}/answer", {"text": "已处理"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.ANSWERED and item.answer == "已处理"

    outsider = _client(city.urban_handler)
    assert order.number not in outsider.get("/supervision/").content.decode()
    assert outsider.get(f"/supervision/items/{item.pk}/").status_code == 404
    assert outsider.post(f"/supervision/items/{item.pk}/accept").status_code == 404
    assert _client(city.agent).get("/supervision/").status_code == 404

    supervisor = _client(city.supervisor)
    page = supervisor.get(f"/supervision/items/{item.pk}/").content.decode()
    assert 'name="reason"' in page
    supervisor.post(f"/supervision/items/{item.pk}/reject", {"reason": "答复过于简单"})
    item.refresh_from_db()
    assert (item.status, item.level) == (ItemStatus.PENDING, Level.KEY)
    # An empty reason is refused with a message, nothing changes.
    handler.post(f"/supervision/items/{item.pk}/answer", {"text": "已查处并罚款五千元，附整改报告"})
    response = supervisor.post(f"/supervision/items/{item.pk}/reject", {"reason": ""}, follow=True)
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == ItemStatus.ANSWERED
