"""Supervision orders (督办单): issue, answer, review, escalate — time driven by the clock."""

import datetime as dt

import pytest

from hotline import clock
from hotline.cases.choices import Status
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition
from hotline.supervision import actions
from hotline.supervision.choices import EscalationReason, EventKind, ItemStatus, Level
from hotline.supervision.models import SupervisionEvent, SupervisionItem
from hotline.supervision.selection import Selection
from hotline.testing import new_case

from .helpers import act, staff, timeline

pytestmark = pytest.mark.django_db

MONDAY = clock.local(2026, 11, 23, 9, 30)


def _order_on_market_case(city, **kw):
    clock.set_now(MONDAY)
    case = new_case(city)
    order = actions.issue(case, actor=staff(city.supervisor), level=kw.pop("level", Level.GENERAL),
                          reason="市民多次反映，请从严查处", **kw)
    return case, order, order.items.get()


def test_issue_then_answer_on_time_then_accept(city):
    case, order, item = _order_on_market_case(city)
    # general: 5 working days, to the end of Monday 30 November
    assert order.due_at == item.due_at == clock.local(2026, 11, 30, 23, 59).replace(second=59)
    assert (item.unit, item.level, item.status) == (city.market, Level.GENERAL, ItemStatus.PENDING)
    assert order.number.startswith("DB20261123-")

    clock.set_now(clock.local(2026, 11, 27, 16))  # Friday, in time
    item = actions.answer(item, actor=staff(city.market_handler), text="已约谈店主，责令停业整改，三日后复查。")
    assert (item.status, item.answered_late, item.escalations) == (ItemStatus.ANSWERED, False, 0)
    item = actions.accept(item, actor=staff(city.supervisor), note="整改到位")
    assert item.status == ItemStatus.ACCEPTED
    order.refresh_from_db()
    assert order.closed_at == clock.now()

    case.refresh_from_db()
    assert case.status == Status.DISPATCHED  # supervision never moves the case
    assert timeline(case) == ["register", "dispatch", "supervision_issued", "supervision_answered",
                              "supervision_accepted"]
    kinds = list(SupervisionEvent.objects.filter(item=item).values_list("kind", flat=True))
    assert kinds == [EventKind.ISSUED, EventKind.ANSWERED, EventKind.ACCEPTED]
    issued = case.events.get(verb="supervision_issued")
    assert issued.actor == city.supervisor and issued.data["order"] == order.pk
    assert issued.data["unit"] == city.market.pk and issued.data["level"] == "general"
    assert SupervisionEvent.objects.get(item=item, kind=EventKind.ISSUED).case_event == issued
    # The case workflow carries on with the version the notes moved on.
    case = act(case, "sign", city.market_handler, version=case.version)
    assert case.status == Status.HANDLING


def test_late_answer_is_kept_and_escalates_with_a_new_deadline(city):
    case, order, item = _order_on_market_case(city)
    clock.set_now(clock.local(2026, 12, 1, 10))  # Tuesday, the day after the deadline
    item = actions.answer(item, actor=staff(city.market_leader), text="已处理。")
    assert item.answered_late is True and item.answer == "已处理。"
    assert (item.level, item.status, item.escalations) == (Level.KEY, ItemStatus.PENDING, 1)
    # key: 3 working days from Tuesday → Friday 4 December
    assert item.due_at == clock.local(2026, 12, 4, 23, 59).replace(second=59)
    escalated = SupervisionEvent.objects.get(item=item, kind=EventKind.ESCALATED)
    assert escalated.data["reason"] == EscalationReason.LATE_ANSWER
    assert (escalated.data["from_level"], escalated.data["to_level"]) == ("general", "key")
    assert escalated.actor is None and escalated.actor_role == "system"
    assert timeline(case)[-2:] == ["supervision_answered", "supervision_escalated"]
    assert case.events.get(verb="supervision_answered").data["late"] is True


def test_perfunctory_answer_rejected_escalates_until_the_top_level(city):
    case, order, item = _order_on_market_case(city, level=Level.KEY)
    clock.set_now(clock.local(2026, 11, 24, 9))
    actions.answer(item, actor=staff(city.market_handler), text="已处理")
    item = actions.reject(item, actor=staff(city.supervisor), reason="答复敷衍，未说明处理结果和整改措施")
    assert (item.level, item.status, item.escalations) == (Level.LEADER, ItemStatus.PENDING, 1)
    assert item.due_at == clock.local(2026, 11, 26, 23, 59).replace(second=59)  # leader: 2 working days
    rejected = SupervisionEvent.objects.get(item=item, kind=EventKind.REJECTED)
    assert rejected.data == {"reason": "答复敷衍，未说明处理结果和整改措施", "answer": "已处理"}
    assert rejected.actor == city.supervisor

    # At the top the level stays, the deadline moves again and it is recorded.
    actions.answer(item, actor=staff(city.market_handler), text="仍在处理")
    item = actions.reject(item, actor=staff(city.leader), reason="仍未答复处理结果")
    assert (item.level, item.escalations) == (Level.LEADER, 2)
    assert timeline(case)[2:] == [
        "supervision_issued", "supervision_answered", "supervision_rejected", "supervision_escalated",
        "supervision_answered", "supervision_rejected", "supervision_escalated",
    ]


def test_unanswered_items_escalate_once_per_deadline(city):
    case, order, item = _order_on_market_case(city)
    clock.set_now(clock.local(2026, 11, 30, 23, 0))
    assert actions.escalate_overdue() == 0
    clock.set_now(clock.local(2026, 12, 1, 0, 5))
    assert actions.escalate_overdue() == 1
    assert actions.escalate_overdue() == 0  # a re-run finds nothing new
    item.refresh_from_db()
    assert (item.level, item.escalations, item.status) == (Level.KEY, 1, ItemStatus.PENDING)
    assert SupervisionEvent.objects.get(item=item, kind=EventKind.ESCALATED).data["reason"] == "no_answer"
    clock.set_now(clock.local(2026, 12, 10, 9))
    assert actions.escalate_overdue() == 1
    item.refresh_from_db()
    assert item.level == Level.LEADER


def test_weekend_and_holiday_do_not_count_towards_the_deadline(city):
    clock.set_now(clock.local(2026, 9, 30, 10))  # the eve of National Day
    case = new_case(city)
    order = actions.issue(case, actor=staff(city.dispatcher), reason="节前督办", days=2)
    # 1-7 October are holidays; 10 October (Saturday) is a make-up working day
    assert order.due_at.astimezone(clock.LOCAL_TZ).date() == dt.date(2026, 10, 9)


def test_who_may_issue_answer_and_review(city):
    case, order, item = _order_on_market_case(city)
    with pytest.raises(Forbidden):
        actions.issue(case, actor=staff(city.market_handler), reason="x")
    with pytest.raises(Forbidden):
        actions.answer(item, actor=staff(city.urban_handler), text="不是我们的")  # the outsider
    with pytest.raises(Forbidden):
        actions.answer(item, actor=staff(city.dispatcher), text="x")
    with pytest.raises(InvalidTransition):
        actions.accept(item, actor=staff(city.supervisor))  # nothing to review yet
    with pytest.raises(Invalid):
        actions.answer(item, actor=staff(city.market_handler), text="  ")
    actions.answer(item, actor=staff(city.market_handler), text="已处理完毕，详见附件。")
    with pytest.raises(Forbidden):
        actions.reject(item, actor=staff(city.market_leader), reason="x")
    with pytest.raises(Invalid):
        actions.reject(item, actor=staff(city.supervisor), reason="")
    with pytest.raises(InvalidTransition):
        actions.answer(item, actor=staff(city.market_handler), text="再答一次")
    with pytest.raises(Invalid):
        actions.issue(case, actor=staff(city.supervisor), reason="x", level="urgent")


def test_group_order_over_the_open_cases_of_one_street(city):
    clock.set_now(MONDAY)
    lights = [
        new_case(city, category=city.cat_lights, street=city.s11, title=f"东风路{n}号路灯不亮",
                 content=f"东风路{n}号附近路灯连续多晚不亮", citizen_phone=f"1390000000{n}")
        for n in range(3)
    ]
    elsewhere = new_case(city, category=city.cat_lights, street=city.s12, title="西湖路路灯不亮",
                         content="西湖路路灯坏了")
    food = new_case(city, street=city.s11)  # same street, another matter and another lead
    done = lights[2]
    done = act(done, "sign", city.s11_handler)
    done = act(done, "reply", city.s11_handler, reply="已修复")
    act(done, "callback", city.agent, satisfaction="satisfied", resolved=True)

    selection = Selection(street_id=city.s11.pk, category_id=city.cat_municipal.pk)
    order = actions.issue_group(selection, actor=staff(city.leader), level=Level.LEADER,
                                subject="东风街道路灯集中整治", reason="近期东风街道路灯投诉集中")
    items = list(order.items.order_by("case_id"))
    assert [i.case_id for i in items] == [lights[0].pk, lights[1].pk]  # open ones only
    assert {i.unit_id for i in items} == {city.s11.pk}
    assert order.selection == {"street_id": city.s11.pk, "category_id": city.cat_municipal.pk, "open_only": True}
    assert order.is_group and order.level == Level.LEADER
    for case in (elsewhere, food, lights[2]):
        assert not SupervisionItem.objects.filter(case=case).exists()
        assert "supervision_issued" not in timeline(case)
    assert timeline(lights[0])[-1] == "supervision_issued"

    # One street handler answers each case; the order closes when every item is accepted.
    for item in items:
        actions.answer(item, actor=staff(city.s11_handler), text="已全部更换灯具")
        actions.accept(item, actor=staff(city.leader))
    order.refresh_from_db()
    assert order.closed_at is not None

    with pytest.raises(Invalid):
        actions.issue_group(Selection(street_id=city.s21.pk), actor=staff(city.leader), reason="x", subject="y")
    with pytest.raises(Invalid):
        actions.issue_group(Selection(), actor=staff(city.leader), reason="x", subject="y")


def test_group_order_for_a_category_in_a_period(city):
    clock.set_now(clock.local(2026, 11, 2, 10))
    october = new_case(city)
    clock.set_now(MONDAY)
    november = new_case(city)
    selection = Selection(category_id=city.cat_market.pk, registered_from=dt.date(2026, 11, 20),
                          registered_to=dt.date(2026, 11, 23))
    order = actions.issue_group(selection, actor=staff(city.supervisor), reason="食品安全专项", subject="食品安全")
    assert list(order.items.values_list("case_id", flat=True)) == [november.pk]
    assert order.selection["registered_to"] == "2026-11-23"
    assert not october.supervision_items.exists()
