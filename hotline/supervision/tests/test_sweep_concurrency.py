"""Races: two sweepers escalate each overdue item once; one form submitted twice at once issues once."""

import pytest

from hotline import clock
from hotline.supervision import actions
from hotline.supervision.choices import EventKind, Level
from hotline.supervision.models import SupervisionEvent, SupervisionItem
from hotline.supervision.selection import Selection
from hotline.testing import new_case, race

from .helpers import staff


@pytest.mark.django_db(transaction=True)
def test_two_sweepers_escalate_each_overdue_item_once(city):
    clock.set_now(clock.local(2026, 11, 23, 9, 30))
    for n in range(24):
        new_case(city, category=city.cat_lights, street=city.s11, title=f"路灯{n}不亮", content=f"东风路{n}号路灯不亮",
                 citizen_phone=f"1390000{n:04d}")
    order = actions.issue_group(Selection(street_id=city.s11.pk), actor=staff(city.supervisor),
                                reason="集中督办", subject="路灯", days=1)
    assert order.items.count() == 24
    clock.set_now(clock.local(2026, 11, 25, 9))

    results = race(2, lambda _i: actions.escalate_overdue(batch=5))

    assert not any(isinstance(r, Exception) for r in results), results
    assert sum(results) == 24, results
    assert set(SupervisionItem.objects.values_list("level", "escalations")) == {(Level.KEY, 1)}
    assert SupervisionEvent.objects.filter(kind=EventKind.ESCALATED).count() == 24
    assert actions.escalate_overdue() == 0


@pytest.mark.django_db(transaction=True)
def test_the_same_form_submitted_twice_at_once_issues_one_order(city):
    clock.set_now(clock.local(2026, 11, 23, 9, 30))
    case = new_case(city)

    results = race(2, lambda _i: actions.issue(case, actor=staff(city.supervisor), reason="请尽快处理",
                                             token="f3b0c44298fc1c149afbf4c8996fb924"))

    assert not any(isinstance(r, Exception) for r in results), results
    assert results[0].pk == results[1].pk
    assert SupervisionItem.objects.filter(case=case).count() == 1
    assert case.events.filter(verb="supervision_issued").count() == 1
