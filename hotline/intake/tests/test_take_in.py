import datetime as dt

import pytest

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.errors import Invalid
from hotline.intake.services import Draft, take_in
from hotline.supervision.models import RepeatLink
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def test_place_is_made_consistent_and_routed_to_the_street(city):
    draft = Draft(channel="phone", case_type="complaint", title="路灯不亮", content="东风社区门口路灯坏了",
                  category_id=city.cat_lights.pk, community_id=city.c111.pk)
    case, decision = take_in(Actor.staff(city.agent), draft)
    assert (case.district, case.street, case.community) == (city.d1, city.s11, city.c111)
    assert case.lead_unit == city.s11
    assert decision.rule_id is not None and city.cat_municipal.name in decision.reason


def test_inconsistent_place_is_refused_and_nothing_is_written(city):
    draft = Draft(channel="phone", case_type="complaint", title="t", content="c",
                  category_id=city.cat_lights.pk, street_id=city.s21.pk, community_id=city.c111.pk)
    with pytest.raises(Invalid) as err:
        take_in(Actor.staff(city.agent), draft)
    assert err.value.field == "community"


def test_the_same_caller_back_after_closure_is_linked_as_a_repeat(city):
    clock.set_now(clock.local(2026, 11, 2, 9))
    first = new_case(city)
    h = Actor.staff(city.market_handler)
    workflow.perform(first, "sign", actor=h)
    workflow.perform(first, "reply", actor=h, reply="已处理")
    workflow.perform(first, "callback", actor=Actor.staff(city.agent), satisfaction="basic", resolved=True)
    clock.advance(dt.timedelta(days=5))
    again = new_case(city, title="餐馆后厨卫生问题又出现了")
    link = RepeatLink.objects.get(case=again)
    assert link.earlier == first
    assert again.events.filter(verb="repeat_of").exists()
