"""Accountability records derived from the timeline, with evidence; idempotent; exported."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from hotline import clock
from hotline.cases.errors import Forbidden, Invalid
from hotline.supervision import accountability
from hotline.supervision.choices import AccountabilityKind as K
from hotline.supervision.choices import Decision
from hotline.supervision.export import export_accountability
from hotline.supervision.models import AccountabilityRecord, RepeatLink
from hotline.supervision.repeats import detect_repeats
from hotline.testing import new_case

from .helpers import act, staff

pytestmark = pytest.mark.django_db

MONDAY = clock.local(2026, 11, 23, 9, 30)


def _late_case(city):
    """Food complaint: signed two days late, replied a day after its 10-working-day limit."""
    clock.set_now(MONDAY)
    case = new_case(city)
    clock.set_now(clock.local(2026, 11, 25, 10))  # sign-for was due Tuesday 09:30
    case = act(case, "sign", city.market_handler)
    clock.set_now(clock.local(2026, 12, 8, 11))  # reply was due Monday 7 December
    return act(case, "reply", city.market_handler, reply="已责令整改。")


def test_late_sign_and_late_reply_become_records_with_evidence(city):
    case = _late_case(city)
    on_time = new_case(city)
    on_time = act(on_time, "sign", city.market_handler)
    act(on_time, "reply", city.market_handler, reply="已处理。")

    result = accountability.scan()
    assert result.created == {K.LATE_SIGN: 1, K.LATE_REPLY: 1}
    sign = AccountabilityRecord.objects.get(kind=K.LATE_SIGN)
    assert (sign.unit, sign.case, sign.event.verb) == (city.market, case, "sign")
    assert sign.occurred_at == clock.local(2026, 11, 25, 10)
    dispatched, late = sign.evidence
    assert dispatched["verb"] == "dispatch" and dispatched["event"] == case.events.get(verb="dispatch").pk
    assert late["event"] == sign.event_id and late["late_by_hours"] == 24.5
    assert late["due_at"] == clock.local(2026, 11, 24, 9, 30).isoformat()
    reply = AccountabilityRecord.objects.get(kind=K.LATE_REPLY)
    assert reply.evidence[-1]["text"] == "已责令整改。"
    assert reply.evidence[-1]["due_at"].startswith("2026-12-07T23:59:59")


def test_unjustified_return_is_buck_passing_against_the_returning_unit(city):
    clock.set_now(MONDAY)
    case = new_case(city)
    case = act(case, "return", city.market_handler, reason="not_our_matter", note="应由城管处理")
    act(case, "arbitrate", city.dispatcher, ruling="unjustified", note="食品安全属市场监管职责")
    fair = new_case(city)
    fair = act(fair, "return", city.market_handler, reason="not_our_matter", note="属供水问题")
    act(fair, "arbitrate", city.dispatcher, ruling="justified", lead_unit=city.water.pk, note="改派自来水公司")

    assert accountability.scan().created == {K.BUCK_PASSING: 1}
    record = AccountabilityRecord.objects.get()
    assert (record.kind, record.unit, record.case) == (K.BUCK_PASSING, city.market, case)
    returned, ruling = record.evidence
    assert returned["verb"] == "return" and returned["text"] == "not_our_matter 应由城管处理"
    assert ruling["verb"] == "arbitrate" and ruling["event"] == record.event_id
    assert "食品安全属市场监管职责" in ruling["text"]


def test_reply_then_unresolved_at_callback_is_a_fake_closure(city):
    clock.set_now(MONDAY)
    case = new_case(city)
    case = act(case, "sign", city.market_handler)
    case = act(case, "reply", city.market_handler, reply="已整改到位。")
    act(case, "callback", city.agent, satisfaction="basic", resolved=False, note="市民称餐馆仍在违规经营")

    assert accountability.scan().created == {K.FAKE_CLOSURE: 1}
    record = AccountabilityRecord.objects.get()
    assert (record.unit, record.event.verb) == (city.market, "callback")
    reply, callback = record.evidence
    assert reply["text"] == "已整改到位。"
    assert callback["text"] == "basic unresolved 市民称餐馆仍在违规经营"


def test_same_problem_back_after_closure_is_a_fake_closure_of_the_earlier_case(city):
    clock.set_now(clock.local(2026, 11, 2, 9))
    title, content = "东风社区广场舞噪音扰民", "东风社区中心广场每晚广场舞音响声音很大，严重影响休息。"
    earlier = new_case(city, category=city.cat_noise, community_id=city.c111.pk, title=title, content=content)
    earlier = act(earlier, "sign", city.s11_handler)
    earlier = act(earlier, "reply", city.s11_handler, reply="已劝导，问题已解决。")
    earlier = act(earlier, "callback", city.agent, satisfaction="satisfied", resolved=True)
    clock.set_now(clock.local(2026, 11, 12, 21))
    case = new_case(city, category=city.cat_noise, community_id=city.c111.pk, citizen_phone="13900002222",
                    title=title, content="东风社区中心广场广场舞音响声音很大，根本没有解决。")
    (link,) = RepeatLink.objects.filter(case=case)  # linked by intake
    assert detect_repeats(case) == []

    assert accountability.scan().created == {K.FAKE_CLOSURE: 1}
    record = AccountabilityRecord.objects.get()
    assert (record.unit, record.case, record.repeat_link) == (city.s11, earlier, link)
    assert record.event == link.case_event
    assert [e["role"] for e in record.evidence] == ["reply", "closed", "came_back", "repeat"]
    assert record.evidence[0]["text"] == "已劝导，问题已解决。"
    assert record.evidence[2]["case"] == case.number and "根本没有解决" in record.evidence[2]["text"]


def test_rescan_is_idempotent_and_counts_feed_assessment(city):
    _late_case(city)
    clock.set_now(clock.local(2026, 12, 9, 9))
    case = new_case(city)
    case = act(case, "return", city.market_handler, reason="not_our_matter")
    act(case, "arbitrate", city.dispatcher, ruling="unjustified", note="本单位职责")
    assert accountability.scan().total == 3
    again = accountability.scan()
    assert again.total == 0 and again.seen == 3
    assert AccountabilityRecord.objects.count() == 3
    # A window scan over part of the timeline finds only what happened there.
    assert accountability.scan(since=clock.local(2026, 12, 9), until=clock.local(2026, 12, 10)).seen == 1

    counts = accountability.counts_by_unit(clock.local(2026, 11, 1), clock.local(2027, 1, 1))
    assert counts == {city.market.pk: {K.LATE_SIGN: 1, K.LATE_REPLY: 1, K.BUCK_PASSING: 1}}
    december = accountability.counts_by_unit(clock.local(2026, 12, 1), clock.local(2027, 1, 1), unit=city.city)
    assert december == {city.market.pk: {K.LATE_REPLY: 1, K.BUCK_PASSING: 1}}
    assert accountability.counts_by_unit(clock.local(2026, 11, 1), clock.local(2027, 1, 1), unit=city.d1) == {}


def test_a_supervisor_records_a_decision(city):
    _late_case(city)
    accountability.scan()
    record = AccountabilityRecord.objects.get(kind=K.LATE_REPLY)
    with pytest.raises(Forbidden):
        accountability.decide(record, actor=staff(city.market_leader), decision=Decision.WARNING)
    with pytest.raises(Invalid):
        accountability.decide(record, actor=staff(city.supervisor), decision="fine")
    record = accountability.decide(record, actor=staff(city.supervisor), decision=Decision.CRITICISM,
                                   note="超期办理，通报批评")
    assert (record.decision, record.decided_by, record.decided_at) == (Decision.CRITICISM, city.supervisor, clock.now())


def _sheet_rows(data: bytes, name: str) -> list[tuple]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [tuple(row) for row in book[name].iter_rows(values_only=True)]


def test_excel_export_holds_the_records_and_their_evidence(city, tmp_path):
    case = _late_case(city)
    accountability.scan()
    record = AccountabilityRecord.objects.get(kind=K.LATE_REPLY)
    accountability.decide(record, actor=staff(city.supervisor), decision=Decision.WARNING, note="=警示")

    with translation.override("en"):
        data = export_accountability(dt.date(2026, 11, 1), dt.date(2026, 12, 31))
    records = _sheet_rows(data, "Records")
    assert records[0][:4] == ("Record", "Kind", "Unit", "Case number")
    assert [(r[1], r[2], r[3]) for r in records[1:]] == [
        ("Late sign-for", city.market.name, case.number), ("Late reply", city.market.name, case.number),
    ]
    assert records[2][7:9] == ("Warning", "'=警示")  # a formula is never written
    evidence = _sheet_rows(data, "Evidence")
    assert len(evidence) == 1 + 4
    assert evidence[-1][0] == record.pk and evidence[-1][4] == "reply" and evidence[-1][8] == "已责令整改。"
    assert evidence[-1][5] == "2026-12-08 11:00" and evidence[-1][9] == "2026-12-07 23:59"

    # Another period or another unit: headers only.
    with translation.override("en"):
        assert len(_sheet_rows(export_accountability(dt.date(2026, 10, 1), dt.date(2026, 10, 31)), "Records")) == 1
        assert len(_sheet_rows(export_accountability(dt.date(2026, 11, 1), dt.date(2026, 12, 31), unit=city.urban),
                               "Records")) == 1

    out = tmp_path / "wenze.xlsx"
    AccountabilityRecord.objects.all().delete()
    call_command("accountability_export", "--from", "2026-11-01", "--to", "2026-12-31", "--out", str(out),
                 "--unit", "market")
    book = load_workbook(out, read_only=True)
    assert len(list(book.worksheets[0].iter_rows(values_only=True))) == 3  # the command scans first


def test_export_speaks_chinese_by_default(city):
    _late_case(city)
    accountability.scan()
    with translation.override("zh-hans"):
        data = export_accountability(dt.date(2026, 11, 1), dt.date(2026, 12, 31))
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["问责记录", "证据"]
    rows = list(book["问责记录"].iter_rows(values_only=True))
    assert rows[0][:2] == ("记录编号", "类型")
    assert {r[1] for r in rows[1:]} == {"签收超时", "办理超时"}
