"""Supervision orders reach the unit that must answer: on issue and on each escalation, once."""

import pytest

from hotline import clock
from hotline.notifications import outbox
from hotline.notifications.models import InboxMessage, Notification
from hotline.supervision import actions
from hotline.supervision.choices import Level
from hotline.testing import new_case

from .helpers import staff

pytestmark = pytest.mark.django_db

MONDAY = clock.local(2026, 11, 23, 9, 30)


def _inbox(user) -> list[str]:
    return list(InboxMessage.objects.filter(user=user).order_by("pk").values_list("subject", flat=True))


def test_issue_notifies_every_handler_of_the_unit_once(city):
    clock.set_now(MONDAY)
    case = new_case(city)
    order = actions.issue(case, actor=staff(city.supervisor), reason="市民多次反映，请从严查处")
    unit_staff = {city.market_handler.pk, city.market_handler2.pk, city.market_leader.pk}
    notified = set(Notification.objects.filter(data__order=order.number).values_list("recipient_id", flat=True))
    assert notified == unit_staff and len(unit_staff) >= 2
    assert not Notification.objects.filter(recipient=city.urban_handler).exists()  # another unit

    assert outbox.drain().sent == len(unit_staff)
    assert outbox.drain().sent == 0  # sent once
    (subject,) = _inbox(city.market_handler)
    assert order.number in subject and case.number in subject
    message = InboxMessage.objects.get(user=city.market_handler)
    assert message.link == f"/supervision/items/{order.items.get().pk}/"
    assert "市民多次反映" in message.body


def test_escalation_notifies_the_unit_leaders_again_and_a_rerun_does_not(city):
    clock.set_now(MONDAY)
    case = new_case(city)
    order = actions.issue(case, actor=staff(city.supervisor), reason="请限期答复")
    before = Notification.objects.count()
    clock.set_now(clock.local(2026, 12, 2, 9))  # past the general deadline, nobody answered
    assert actions.escalate_overdue() == 1
    assert actions.escalate_overdue() == 0
    new = Notification.objects.order_by("pk")[before:]
    assert {n.recipient_id for n in new} == {city.market_leader.pk}  # key level: the unit's leader
    assert all(n.data["level"] == Level.KEY for n in new)
    outbox.drain()
    assert len(_inbox(city.market_leader)) == 2
    assert len(_inbox(city.market_handler)) == 1
    assert order.number in _inbox(city.market_leader)[-1]
