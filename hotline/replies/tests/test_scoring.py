"""The scorer on real replies: substance beats formula, the calendar decides timeliness."""

import datetime as dt

from django.utils import translation

from hotline.clock import LOCAL_TZ
from hotline.replies import calibration, scoring
from hotline.replies.reasons import Reason
from hotline.sla.workdays import WorkCalendar

from .helpers import GOOD, GOOD_TOO, RECEIPT_ONLY, row

CAL = WorkCalendar()


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


def request_of(number: str) -> scoring.Request:
    r = row(number)
    return scoring.Request(r["留言主题"], r["留言详情"], dt.datetime.fromisoformat(r["留言时间"]).replace(tzinfo=LOCAL_TZ))


def real_reply(number: str) -> scoring.Reply:
    r = row(number)
    return scoring.Reply(r["答复意见"], dt.datetime.fromisoformat(r["答复时间"]).replace(tzinfo=LOCAL_TZ))


def codes(score: scoring.Score) -> set[str]:
    return {r.code for r in score.reasons}


def test_a_reply_citing_the_rule_scores_above_a_one_line_forward():
    request = request_of(GOOD)
    good = scoring.score(request, real_reply(GOOD), calendar=CAL)
    forward = scoring.score(request, scoring.Reply("已转相关部门处理", real_reply(GOOD).at), calendar=CAL)
    assert "cites_law" in codes(good) and not good.perfunctory
    assert good.interpretability >= 0.5 and good.relevance > forward.relevance
    assert forward.perfunctory and "forwarded_only" in codes(forward)
    assert forward.overall <= scoring.PERFUNCTORY_CAP < good.overall
    assert good.overall - forward.overall > 0.4


def test_real_good_replies_beat_a_real_receipt_only_reply():
    receipt = scoring.score(request_of(RECEIPT_ONLY), real_reply(RECEIPT_ONLY), calendar=CAL)
    assert receipt.perfunctory and "receipt_only" in codes(receipt)
    for number in (GOOD, GOOD_TOO):
        good = scoring.score(request_of(number), real_reply(number), calendar=CAL)
        assert good.overall > 0.7 > receipt.overall
        assert all(0 <= v <= 1 for v in (good.relevance, good.completeness, good.interpretability, good.timeliness))


def test_the_same_answer_loses_timeliness_when_late_across_the_national_day_holiday():
    # 2019: 1-7 October off, Sunday 29 September and Saturday 12 October make-up working days.
    asked = scoring.Request(row(GOOD)["留言主题"], row(GOOD)["留言详情"], at(2019, 9, 30, 10))
    answer = row(GOOD)["答复意见"]
    in_time = scoring.score(asked, scoring.Reply(answer, at(2019, 10, 9, 16)), calendar=CAL, reply_days=3)
    late = scoring.score(asked, scoring.Reply(answer, at(2019, 10, 14, 9)), calendar=CAL, reply_days=3)
    # Nine calendar days but two working days: the holiday does not count against the unit.
    assert (in_time.working_days, in_time.late_days) == (2, 0)
    assert in_time.timeliness >= 0.8 and "on_time" in codes(in_time)
    # 8, 9, 10 October are the three days allowed; 11, 12 (make-up) and 14 October are late.
    assert (late.working_days, late.late_days) == (6, 3)
    assert late.timeliness < 0.6 and "late" in codes(late)
    assert late.overall < in_time.overall
    assert (late.relevance, late.completeness, late.interpretability) == (
        in_time.relevance, in_time.completeness, in_time.interpretability)


def test_the_case_deadline_wins_over_the_default_limit():
    asked = request_of(GOOD)
    reply = real_reply(GOOD)  # 24 April → 9 May 2019: May Day 1-4 off, Sundays 28 April and 5 May worked
    by_default = scoring.score(asked, reply, calendar=CAL)
    strict = scoring.score(asked, reply, calendar=CAL, due_at=at(2019, 4, 26, 23, 59, 59))
    assert by_default.late_days == 0 and by_default.working_days == 10
    assert strict.late_days == 8 and strict.timeliness < by_default.timeliness


def test_reasons_are_read_in_the_readers_language():
    forward = scoring.score(request_of(GOOD), scoring.Reply("已转相关部门处理", real_reply(GOOD).at), calendar=CAL)
    first = forward.reasons[0]
    with translation.override("en"):
        assert str(first) == "The reply only says the matter was passed on to other departments."
    with translation.override("zh-hans"):
        assert str(first) == "答复仅称已转相关部门，未说明处理结果。"
    stored = Reason.from_dict(first.as_dict())
    assert stored == first


def test_calibration_chooses_the_low_percentile_and_flags_the_formula_replies():
    rows = list(calibration.read_rows(calibration.default_source()))[:150]
    result = calibration.calibrate(rows, at_percentile=10)
    overall = sorted(scoring.score(r.request, r.reply, calendar=CAL).overall for r in rows)
    assert result.rows == 150
    assert result.threshold == round(calibration.percentile(overall, 10), 3)
    assert result.distribution["overall"]["p50"] > result.threshold
    assert sum(result.distribution["histogram"]) == 150
    assert 0 < result.distribution["perfunctory_share"] < 0.5
    assert result.distribution["flagged_share"] >= result.distribution["perfunctory_share"]
