"""Duplicates at intake (intake.duplicates): open cases about the same problem and place."""

import csv
import datetime as dt

import pytest
from django.conf import settings as django_settings

from hotline import clock
from hotline.cases import workflow
from hotline.cases.access import visible_cases
from hotline.cases.actors import Actor
from hotline.intake import duplicates
from hotline.intake.duplicates import Probe, duplicates_of, find, similarity
from hotline.testing import new_case

pytestmark = pytest.mark.django_db

LIGHT = {"title": "东风社区3栋门口路灯不亮", "content": "东风社区3栋门口的路灯坏了一个星期，晚上一片漆黑，老人出门容易摔倒。"}
LIGHT_AGAIN = {"title": "东风社区路灯坏了", "content": "3栋门口路灯坏了好几天了，晚上漆黑一片，请尽快修好。"}
NOISE = {"title": "东风社区广场舞噪音扰民", "content": "每天晚上广场舞音响声音太大，影响休息。"}


def lights(city, **kw):
    return new_case(city, category=city.cat_lights, street=city.s11, **{**LIGHT, **kw})


def probe(city, text=LIGHT_AGAIN, **kw):
    base = {"category_id": city.cat_lights.pk, "street_id": city.s11.pk, "phone": "13900000000"}
    return Probe(**{**base, **text, **kw})


def test_the_same_problem_at_the_same_place_is_found_with_its_reasons(city):
    first = lights(city)
    lights(city, **NOISE)  # same street and category, another problem
    found = find(probe(city))
    assert [d.case for d in found] == [first]
    d = found[0]
    assert 0.3 <= d.similarity < 1 and d.score == pytest.approx(d.similarity + 0.15, abs=0.002)
    assert len(d.reasons) == 3 and str(d.percent) in d.reasons[0]


def test_a_different_street_or_community_is_another_problem(city):
    lights(city)
    assert find(probe(city, street_id=city.s12.pk, category_id=city.cat_lights.pk)) == []


def test_the_same_caller_needs_less_alike_text(city, settings):
    first = lights(city, citizen_phone="13912345678")
    text = {"title": "还是那个路灯", "content": "东风社区门口路灯的问题还没有人来看"}
    score = similarity(text["title"], text["content"], LIGHT["title"], LIGHT["content"])
    assert duplicates.caller_threshold() <= score < duplicates.threshold()
    assert find(probe(city, text, phone="13912345678"))[0].case == first
    assert find(probe(city, text)) == []


def test_threshold_and_window_come_from_settings(city, settings):
    lights(city)
    settings.HOTLINE_DUPLICATE_SIMILARITY = 0.99
    assert find(probe(city)) == []
    settings.HOTLINE_DUPLICATE_SIMILARITY = 0.3
    clock.advance(dt.timedelta(days=django_settings.HOTLINE_DUPLICATE_WINDOW_DAYS + 1))
    assert find(probe(city)) == []
    settings.HOTLINE_DUPLICATE_WINDOW_DAYS = 60
    assert len(find(probe(city))) == 1


def test_only_open_cases_are_offered(city):
    first = lights(city)
    target = lights(city, title="别的路灯", content="西边的路灯")
    workflow.perform(first, "merge", actor=Actor.staff(city.agent), into=target.number)
    assert find(probe(city)) == []
    again = lights(city)
    handler = Actor.staff(city.s11_handler)
    workflow.perform(again, "sign", actor=handler)
    workflow.perform(again, "reply", actor=handler, reply="已修好")
    assert [d.case for d in find(probe(city))] == [again]  # replied is still open
    workflow.perform(again, "close", actor=Actor.staff(city.dispatcher), note="已处理")
    assert find(probe(city)) == []


def test_a_registered_case_finds_the_earlier_open_one_not_itself(city):
    first = lights(city)
    clock.advance(dt.timedelta(hours=2))
    second = lights(city, **LIGHT_AGAIN)
    assert [d.case for d in duplicates_of(second)] == [first]
    assert duplicates_of(first) == []  # the later one is merged into the earlier, not the reverse


def test_what_a_person_may_not_see_is_not_offered(city):
    lights(city)  # territorial: goes to the street office s11
    assert len(find(probe(city), base=visible_cases(city.s11_handler))) == 1
    assert find(probe(city), base=visible_cases(city.market_handler)) == []


def test_without_category_place_or_caller_a_title_word_narrows_the_search(city):
    first = lights(city)
    assert [d.case for d in find(Probe(title="东风社区路灯不亮", content="路灯坏了"))] == [first]
    assert find(Probe(title="", content="")) == []


def _messages(*words):
    path = django_settings.SHARED_DATA_DIR / "teddy2020" / "hot_messages.csv"
    with open(path, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if all(w in r["留言主题"] + r["留言详情"] for w in words)]
    return [(r["留言主题"][:200], r["留言详情"][:5000]) for r in rows]


def test_real_messages_about_one_problem_are_found_and_others_are_not(city):
    """Citizens' messages about the mixing plant near 丽发新城 (shared data) against other messages."""
    same = _messages("丽发新城", "搅拌站")[:6]
    others = _messages("噪音")[:40]
    assert len(same) == 6 and len(others) == 40
    plant = new_case(city, category=city.cat_noise, street=city.s11, title=same[0][0], content=same[0][1])
    for title, content in others:
        if "搅拌" not in title + content:
            new_case(city, category=city.cat_noise, street=city.s11, title=title, content=content)
    hits = 0
    for title, content in same[1:]:
        found = find(Probe(title=title, content=content, category_id=city.cat_noise.pk, street_id=city.s11.pk))
        assert all(d.case == plant for d in found), [d.case.title for d in found]
        hits += bool(found)
    assert hits >= 3  # most of the other citizens' messages about it point to the open case
