"""Callbacks the handling unit cannot coerce: centre-only ratings, an independent second callback."""

import datetime as dt

import pytest

from hotline import clock
from hotline.assessment import callbacks
from hotline.assessment.models import AssignmentFact, ScoreWeights, SecondCallback
from hotline.cases.actors import Actor
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition
from hotline.cases.transitions import TRANSITIONS
from hotline.orgs.choices import Role

from .helpers import MONDAY, act, handled, new_case

pytestmark = pytest.mark.django_db
NOV, DEC = dt.date(2026, 11, 1), dt.date(2026, 12, 1)


def _share(percent: int, seed: str = "12345") -> ScoreWeights:
    scheme = ScoreWeights.current()
    scheme.second_callback_share, scheme.sample_salt = percent, seed
    scheme.save()
    return scheme


def test_handling_units_can_never_record_the_rating(city):
    assert not {Role.HANDLER, Role.UNIT_LEADER} & TRANSITIONS["callback"].roles
    clock.set_now(MONDAY)
    case = act(act(new_case(city), "sign", city.market_handler), "reply", city.market_handler, reply="已处理")
    for user in (city.market_handler, city.market_leader):
        with pytest.raises(Forbidden):
            act(case, "callback", user, satisfaction="satisfied", resolved=True)
    assert not case.events.filter(verb="callback").exists()


def test_the_draw_is_deterministic_reproducible_and_near_the_share():
    numbers = [f"20261123{n:05d}" for n in range(2000)]
    first = [n for n in numbers if callbacks.is_drawn(n, 10, "seed-a")]
    assert first == [n for n in numbers if callbacks.is_drawn(n, 10, "seed-a")]
    assert 150 < len(first) < 250
    assert first != [n for n in numbers if callbacks.is_drawn(n, 10, "seed-b")]
    assert not any(callbacks.is_drawn(n, 0, "seed-a") for n in numbers)
    assert all(callbacks.is_drawn(n, 100, "seed-a") for n in numbers)


def test_a_case_is_sampled_once_even_when_closed_twice(city):
    _share(100)
    clock.set_now(MONDAY)
    case = handled(city)
    assert SecondCallback.objects.filter(case=case).count() == 1
    case = act(case, "reopen", city.dispatcher, reason="群众再次来电")
    case = act(act(case, "sign", city.market_handler), "reply", city.market_handler, reply="再次处理")
    act(case, "callback", city.agent2, satisfaction="satisfied", resolved=True)
    callbacks.sample_case(case.events.filter(verb="callback").last())  # a retried draw
    assert SecondCallback.objects.filter(case=case).count() == 1
    _share(0)
    assert handled(city) and SecondCallback.objects.count() == 1


def test_second_callback_by_another_agent_and_only_once(city):
    _share(100)
    clock.set_now(MONDAY)
    case = handled(city, callback_by=city.agent)
    sample = SecondCallback.objects.get(case=case)
    assert sample.first_agent == city.agent and sample.first_satisfied is True
    with pytest.raises(Forbidden):
        callbacks.record_second_callback(sample, actor=Actor.staff(city.agent), satisfaction="satisfied", resolved=True)
    with pytest.raises(Forbidden):
        callbacks.record_second_callback(sample, actor=Actor.staff(city.market_handler), satisfaction="satisfied",
                                         resolved=True)
    with pytest.raises(Invalid):
        callbacks.record_second_callback(sample, actor=Actor.staff(city.agent2), satisfaction="maybe", resolved=True)
    assert list(callbacks.queue()) == [sample]

    done = callbacks.record_second_callback(sample, actor=Actor.staff(city.agent2), satisfaction="unsatisfied",
                                            resolved=False, note="路面仍有油污")
    again = callbacks.record_second_callback(sample, actor=Actor.staff(city.agent2), satisfaction="unsatisfied",
                                             resolved=False)
    assert done.pk == again.pk and case.events.filter(verb="second_callback").count() == 1
    with pytest.raises(InvalidTransition):
        callbacks.record_second_callback(sample, actor=Actor.staff(city.agent2), satisfaction="satisfied", resolved=True)
    assert list(callbacks.queue()) == []
    assert AssignmentFact.objects.get(case=case).fake_closure  # "done" was not done


def test_a_unit_whose_ratings_disagree_with_the_sample_is_flagged(city):
    _share(100)
    clock.set_now(MONDAY)
    for i in range(4):  # market: first callbacks all satisfied, the re-check says otherwise for 3
        case = handled(city)
        callbacks.record_second_callback(SecondCallback.objects.get(case=case), actor=Actor.staff(city.agent2),
                                         satisfaction="satisfied" if i == 0 else "unsatisfied", resolved=True)
    for _ in range(3):  # water: the re-check agrees
        case = handled(city, category=city.cat_water, unit_user=city.water_handler)
        callbacks.record_second_callback(SecondCallback.objects.get(case=case), actor=Actor.staff(city.agent2),
                                         satisfaction="basic", resolved=True)
    found = callbacks.disagreements(NOV, DEC)
    market, water = found[city.market.pk], found[city.water.pk]
    assert (market.sampled, market.first_rate, market.second_rate, market.flagged) == (4, 1.0, 0.25, True)
    assert (water.sampled, water.gap, water.flagged) == (3, 0.0, False)


def test_the_handling_unit_never_sees_the_code_a_citizen_rates_with(city, client):
    """The portal lets the citizen rate with number + query code; the unit must not hold that code."""
    from hotline.cases.models import Case
    from hotline.testing import PASSWORD

    clock.set_now(MONDAY)
    case = act(new_case(city), "sign", city.market_handler)
    Case.objects.filter(pk=case.pk).update(query_code="987654")
    client.login(username="market_handler", password=PASSWORD)
    page = client.get(f"/cases/{case.number}/")
    assert page.status_code == 200 and case.number in page.content.decode()
    assert "987654" not in page.content.decode()
    api = client.get(f"/api/v1/cases/{case.number}")
    assert api.status_code in (200, 401, 403) and "987654" not in api.content.decode()
