"""A case from intake to a closed, rated case through the domain functions."""

import pytest

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import AssignmentStatus, Satisfaction, Status
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition, StaleVersion
from hotline.cases.models import CaseEvent
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def act(case, verb, user, **data):
    return workflow.perform(case, verb, actor=Actor.staff(user), **data)


def test_full_lifecycle_from_intake_to_closed_and_rated(city):
    clock.set_now(clock.local(2026, 11, 23, 9, 30))  # a Monday
    case = new_case(city)
    assert case.number == "2026112300001"
    assert case.status == Status.DISPATCHED
    assert case.lead_unit == city.market
    # complaint about food safety: 10 working days by the category rule
    assert case.due_at == clock.local(2026, 12, 7, 23, 59).replace(second=59)

    case = act(case, "sign", city.market_handler)
    assert case.status == Status.HANDLING
    case = act(case, "reply", city.market_handler, reply="已现场检查，责令整改并立案调查。")
    assert case.status == Status.REPLIED
    case = act(case, "callback", city.agent, satisfaction=Satisfaction.SATISFIED, resolved=True)
    assert case.status == Status.CLOSED
    assert case.satisfaction == Satisfaction.SATISFIED and case.resolved is True

    verbs = list(CaseEvent.objects.filter(case=case).values_list("verb", flat=True))
    assert verbs == ["register", "dispatch", "sign", "reply", "callback"]
    statuses = list(CaseEvent.objects.filter(case=case).values_list("from_status", "to_status"))
    assert statuses[-1] == ("replied", "closed")
    assert case.version == 5


def test_unsatisfied_callback_reopens_to_the_same_lead(city):
    case = new_case(city)
    case = act(case, "sign", city.market_handler)
    case = act(case, "reply", city.market_handler, reply="已处理。")
    case = act(case, "callback", city.agent, satisfaction=Satisfaction.UNSATISFIED, resolved=False)
    assert case.status == Status.DISPATCHED
    assert case.reopen_count == 1
    active = case.assignments.filter(status=AssignmentStatus.PENDING)
    assert [(a.unit_id, a.round) for a in active] == [(city.market.pk, 2)]
    assert list(case.events.values_list("verb", flat=True))[-2:] == ["callback", "reopen"]


def test_return_then_arbitration_records_the_ruling(city):
    case = new_case(city)
    case = act(case, "return", city.market_handler, reason="not_our_matter", note="应由城管处理")
    assert case.status == Status.RETURNED
    case = act(case, "arbitrate", city.dispatcher, ruling="unjustified", note="食品安全属市场监管职责")
    assert case.status == Status.DISPATCHED
    assert case.lead_unit == city.market
    event = case.events.get(verb="arbitrate")
    assert event.data["ruling"] == "unjustified" and event.data["returned_by"] == city.market.pk


def test_redispatch_after_return_moves_the_case(city):
    case = new_case(city)
    case = act(case, "return", city.market_handler, reason="not_our_matter")
    case = act(case, "redispatch", city.dispatcher, lead_unit=city.urban.pk)
    assert case.lead_unit == city.urban
    with pytest.raises(Forbidden):
        act(case, "sign", city.market_handler)
    case = act(case, "sign", city.urban_handler)
    assert case.status == Status.HANDLING


def test_extension_moves_deadline_by_working_days(city):
    clock.set_now(clock.local(2026, 9, 21, 10))
    case = new_case(city)
    case = act(case, "sign", city.market_handler)
    old_due = case.due_at
    case = act(case, "request_extension", city.market_handler, days=5, reason="需要检测报告")
    assert case.extension_pending
    with pytest.raises(InvalidTransition):
        act(case, "request_extension", city.market_handler, days=3, reason="again")
    case = act(case, "approve_extension", city.dispatcher)
    assert not case.extension_pending
    assert case.due_at > old_due
    # old due: 2026-10-09 (10 working days from 9-21 across National Day; 9-27 is not a make-up day in 2026)
    assert case.events.filter(verb="approve_extension").count() == 1


def test_stale_version_is_refused(city):
    case = new_case(city)
    with pytest.raises(StaleVersion):
        act(case, "sign", city.market_handler, version=case.version - 1)
    act(case, "sign", city.market_handler, version=case.version)


def test_bad_input_changes_nothing(city):
    case = new_case(city)
    version = case.version
    with pytest.raises(Invalid) as err:
        act(case, "return", city.market_handler, reason="because")
    assert err.value.field == "reason"
    case.refresh_from_db()
    assert case.version == version and case.status == Status.DISPATCHED
    assert not case.events.filter(verb="return").exists()


def test_co_handler_signs_and_replies_without_moving_the_case(city):
    case = new_case(city, category=city.cat_noise, street=city.s11,
                    title="夜间施工噪音", content="东风街道工地夜间施工噪音扰民")
    assert case.lead_unit == city.s11
    assert set(case.assignments.values_list("unit_id", "role")) == {(city.s11.pk, "lead"), (city.urban.pk, "co")}
    case = act(case, "sign", city.urban_handler)
    assert case.status == Status.DISPATCHED
    case = act(case, "sign", city.s11_handler)
    case = act(case, "reply", city.urban_handler, reply="已联合执法，责令停工。")
    assert case.status == Status.HANDLING
    case = act(case, "reply", city.s11_handler, reply="街道已督促整改。")
    assert case.status == Status.REPLIED


def test_merge_keeps_both_timelines(city):
    first = new_case(city)
    second = new_case(city)
    second = act(second, "merge", city.agent, into=first.number)
    assert second.status == Status.MERGED and second.merged_into == first
    assert first.events.filter(verb="merged_in", data__from=second.number).exists()
    assert second.events.filter(verb="merge").exists()
    with pytest.raises(Invalid):
        act(first, "merge", city.agent, into=first.number)


def test_answer_on_spot_then_close(city):
    case = new_case(city, dispatch=False, case_type="consultation")
    assert case.status == Status.REGISTERED
    case = act(case, "answer_on_spot", city.agent, reply="办理营业执照请携带身份证到政务中心。")
    assert case.status == Status.REPLIED
    case = act(case, "close", city.dispatcher, note="咨询类已答复")
    assert case.status == Status.CLOSED
