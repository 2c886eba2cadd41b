"""Repeated complaints: the same caller or the same problem back after closure."""

import datetime as dt

import pytest
from django.test import override_settings

from hotline import clock
from hotline.supervision.choices import RepeatReason
from hotline.supervision.models import RepeatLink
from hotline.supervision.repeats import detect_repeats, repeat_counts, similarity
from hotline.testing import new_case

from .helpers import act, timeline

pytestmark = pytest.mark.django_db

NOISE = dict(category=None, street=None, title="东风社区广场舞噪音扰民",
             content="东风社区中心广场每晚八点到十点广场舞音响声音很大，严重影响休息，请处理。")


def _closed_noise_case(city, phone="13700001111", **kw):
    """A noise complaint in 东风社区 handled by 东风街道 and closed after a callback."""
    data = {**NOISE, "category": city.cat_noise, "community_id": city.c111.pk, "citizen_phone": phone, **kw}
    data.pop("street")
    case = new_case(city, **data)
    assert case.lead_unit == city.s11
    case = act(case, "sign", city.s11_handler)
    case = act(case, "reply", city.s11_handler, reply="已协调广场舞队降低音量并提前结束。")
    return act(case, "callback", city.agent, satisfaction="satisfied", resolved=True)


def test_similarity_is_high_for_restated_problems_and_low_otherwise():
    a = "东风社区广场舞噪音扰民 每晚八点到十点广场舞音响声音很大"
    assert similarity(a, "东风社区广场舞音响太吵，晚上八点到十点噪音扰民") > 0.5
    assert similarity(a, "西湖路餐馆后厨卫生脏乱，老鼠出没") < 0.1
    assert similarity("", a) == 0.0


def test_same_caller_coming_back_is_linked_and_counts_against_the_closing_unit(city):
    clock.set_now(clock.local(2026, 11, 2, 9))
    earlier = _closed_noise_case(city)
    clock.set_now(clock.local(2026, 11, 20, 9))
    case = new_case(city, category=city.cat_noise, community_id=city.c111.pk, citizen_phone="137 0000 1111",
                    title="广场舞又开始吵了", content="上次反映的问题又出现了，音响还是很大声。")
    links = list(RepeatLink.objects.filter(case=case))  # intake linked it already
    assert [(lk.earlier_id, lk.reason, lk.unit_id) for lk in links] == [
        (earlier.pk, RepeatReason.SAME_CALLER, city.s11.pk),
    ]
    assert links[0].days_after_close == pytest.approx(18.0, abs=0.01)
    note = case.events.get(verb="repeat_of")
    assert note.data["earlier"] == earlier.number and note.data["reason"] == "same_caller"
    assert links[0].case_event == note
    assert timeline(earlier)[-1] == "repeated_by"
    case.refresh_from_db()
    assert case.status == "dispatched"
    # Idempotent: detecting again adds nothing.
    assert detect_repeats(case) == []
    assert RepeatLink.objects.count() == 1
    start, end = clock.local(2026, 11, 1), clock.local(2026, 12, 1)
    assert repeat_counts(start, end) == {city.s11.pk: 1}
    assert repeat_counts(start, end, unit=city.d1) == {city.s11.pk: 1}
    assert repeat_counts(start, end, unit=city.market) == {}


def test_same_problem_at_the_same_place_from_another_caller(city):
    clock.set_now(clock.local(2026, 11, 2, 9))
    earlier = _closed_noise_case(city)
    clock.set_now(clock.local(2026, 11, 16, 20, 30))
    case = new_case(city, category=city.cat_noise, community_id=city.c111.pk, citizen_phone="13911112222",
                    title="东风社区广场舞音响噪音太大", content="东风社区中心广场晚上八点到十点广场舞音响声音很大，影响休息。")
    other_place = new_case(city, category=city.cat_noise, street=city.s12, citizen_phone="13911113333",
                           title=NOISE["title"], content=NOISE["content"])
    links = list(RepeatLink.objects.filter(case=case))  # intake linked it already
    assert [(lk.earlier_id, lk.reason) for lk in links] == [(earlier.pk, RepeatReason.SAME_PROBLEM)]
    assert links[0].score >= 0.5
    assert detect_repeats(other_place) == []  # the same words, another street
    assert not RepeatLink.objects.filter(case=other_place).exists()


def test_same_caller_about_something_else_is_not_a_repeat(city):
    clock.set_now(clock.local(2026, 11, 2, 9))
    _closed_noise_case(city)
    clock.set_now(clock.local(2026, 11, 10, 9))
    case = new_case(city, citizen_phone="13700001111")  # a food complaint, the market's business
    assert detect_repeats(case) == []


def test_not_a_repeat_after_the_window(city):
    clock.set_now(clock.local(2026, 10, 8, 9))
    _closed_noise_case(city)
    clock.set_now(clock.local(2026, 11, 8, 9, 30))  # 31 days after closure
    data = {**NOISE, "category": city.cat_noise, "community_id": city.c111.pk, "citizen_phone": "13700001111"}
    data.pop("street")
    case = new_case(city, **data)
    assert detect_repeats(case) == []
    with override_settings(HOTLINE_REPEAT_WINDOW_DAYS=45):
        assert {lk.reason for lk in detect_repeats(case)} == {RepeatReason.SAME_CALLER, RepeatReason.SAME_PROBLEM}


def test_an_open_earlier_case_is_a_duplicate_not_a_repeat(city):
    clock.set_now(clock.local(2026, 11, 2, 9))
    data = {**NOISE, "category": city.cat_noise, "community_id": city.c111.pk, "citizen_phone": "13700001111"}
    data.pop("street")
    earlier = new_case(city, **data)
    earlier = act(earlier, "sign", city.s11_handler)
    earlier = act(earlier, "reply", city.s11_handler, reply="处理中")  # replied, not yet closed
    clock.advance(dt.timedelta(days=3))
    case = new_case(city, **data)
    assert detect_repeats(case) == []
    assert not RepeatLink.objects.exists()


def _reference_cosine(a: str, b: str) -> float:
    """The definition, spelled out: cosine of character-bigram counts (letters and digits)."""
    import math
    import unicodedata
    from collections import Counter

    def grams(text):
        chars = [c for c in unicodedata.normalize("NFKC", text).lower() if c.isalnum()]
        return Counter(x + y for x, y in zip(chars, chars[1:], strict=False))

    ga, gb = grams(a), grams(b)
    dot = sum(n * gb[g] for g, n in ga.items())
    norm = math.sqrt(sum(n * n for n in ga.values())) * math.sqrt(sum(n * n for n in gb.values()))
    return dot / norm if norm else 0.0


def test_batched_scores_equal_the_definition_for_every_candidate():
    from hotline.supervision.repeats import _Vector, _vector

    query = "东风社区广场舞噪音扰民，每晚八点到十点音响声音很大，ＡＢＣ１２３"
    texts = [NOISE["title"] + "\n" + NOISE["content"], "西湖路餐馆后厨卫生脏乱，老鼠出没", "", "！！！",
             "广场舞广场舞广场舞 噪音噪音", "abc123 东风", query]
    scores = _Vector(query).cosines([_vector(t) for t in texts])
    assert list(scores) == pytest.approx([_reference_cosine(query, t) for t in texts], abs=1e-9)
    assert scores[-1] == pytest.approx(1.0)
    assert _Vector("").cosines([_vector(t) for t in texts]).tolist() == [0.0] * len(texts)
    # Remembered by the text itself: another text is another vector, the same text the same one.
    assert _vector(texts[0]) is _vector(NOISE["title"] + "\n" + NOISE["content"])
    assert _vector(texts[1]) is not _vector(texts[1] + "。")


def test_the_most_recently_closed_match_wins(city):
    clock.set_now(clock.local(2026, 11, 2, 9))
    older = _closed_noise_case(city, phone="13700002222")
    clock.set_now(clock.local(2026, 11, 3, 9))
    newer = _closed_noise_case(city, phone="13700003333")
    clock.set_now(clock.local(2026, 11, 10, 9))
    case = new_case(city, category=city.cat_noise, community_id=city.c111.pk, citizen_phone="13911114444",
                    title=NOISE["title"], content=NOISE["content"])
    assert [(lk.earlier_id, lk.reason) for lk in RepeatLink.objects.filter(case=case)] == [
        (newer.pk, RepeatReason.SAME_PROBLEM)]
    assert older.pk != newer.pk
