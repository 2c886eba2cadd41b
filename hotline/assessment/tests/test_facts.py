"""Facts kept live by the workflow equal facts rebuilt from the timeline."""

import pytest

from hotline import clock
from hotline.assessment import actions, facts
from hotline.assessment.models import AssignmentFact
from hotline.cases.actors import Actor
from hotline.supervision import actions as supervision

from .helpers import MONDAY, act, new_case

pytestmark = pytest.mark.django_db


def _story(city):
    """Several cases through returns, arbitration, extension, reopen, exclusion, supervision."""
    clock.set_now(MONDAY)
    a = new_case(city)  # food → market
    a = act(a, "sign", city.market_handler)
    a = act(a, "request_extension", city.market_handler, days=3, reason="需要检测报告")
    a = act(a, "approve_extension", city.dispatcher)
    clock.set_now(clock.local(2026, 11, 24, 10))
    a = act(a, "reply", city.market_handler, reply="已责令整改。")
    a = act(a, "callback", city.agent, satisfaction="unsatisfied", resolved=False)  # reopens
    a = act(a, "sign", city.market_handler)
    a = act(a, "reply", city.market_handler, reply="复查已整改。")
    a = act(a, "callback", city.agent, satisfaction="satisfied", resolved=True)

    b = new_case(city, category=city.cat_food)
    b = act(b, "return", city.market_handler, reason="not_our_matter")
    b = act(b, "arbitrate", city.dispatcher, ruling="unjustified", note="属于市场监管职责")
    clock.set_now(clock.local(2026, 11, 26, 10))  # sign-for late
    b = act(b, "sign", city.market_handler)
    supervision.issue(b, actor=Actor.staff(city.supervisor), reason="久拖不办")

    c = new_case(city, category=city.cat_municipal, street=city.s21)  # urban lead, s21 co-handler
    c = act(c, "sign", city.urban_handler)
    c = act(c, "sign", city.s21_handler)
    c = act(c, "reply", city.s21_handler, reply="协办完成")
    actions.exclude_case(c, actor=Actor.staff(city.dispatcher), reason="诉求超出政策范围")
    return a, b, c


def test_live_facts_equal_facts_rebuilt_from_events(city):
    a, b, c = _story(city)
    live = facts.snapshot()
    assert len(live) == 2 + 1 + 1 + 2  # a: two rounds; b: returned round + arbitrated round; c: lead + co
    AssignmentFact.objects.all().delete()
    assert facts.rebuild_facts() == len(live)
    assert facts.snapshot() == live
    assert facts.rebuild_facts([a.pk, b, c.pk]) == len(live)  # idempotent, any way of naming cases
    assert facts.snapshot() == live


def test_facts_say_what_happened(city):
    a, b, c = _story(city)
    first, second = AssignmentFact.objects.filter(case=a).order_by("round")
    assert (first.extended, first.signed_in_time, first.resolved, first.satisfied) == (True, True, False, False)
    assert first.reopened and first.fake_closure and not second.reopened
    assert (second.resolved, second.satisfied, second.completed_in_time) == (True, True, True)
    assert first.period == MONDAY.date() and first.handling_seconds == 24 * 3600 + 1800
    returned, again = AssignmentFact.objects.filter(case=b).order_by("round")
    assert returned.returned and returned.unjustified_return and not returned.active
    assert again.active and again.signed_in_time is False and again.supervised and returned.supervised
    lead, co = AssignmentFact.objects.filter(case=c).order_by("-is_lead")
    assert (lead.unit_id, co.unit_id, lead.units_involved) == (city.urban.pk, city.s21.pk, 2)
    assert lead.excluded and co.excluded and co.completed_in_time and lead.completed_in_time is None
    assert first.complexity == 2 and lead.complexity == 1


def test_rolled_back_verb_leaves_facts_unchanged(city):
    clock.set_now(MONDAY)
    case = new_case(city)
    before = facts.snapshot()
    with pytest.raises(Exception):  # noqa: B017 - any refusal
        act(case, "reply", city.market_handler, reply="")  # not signed: refused
    assert facts.snapshot() == before


def test_exclusion_is_noted_once_and_can_be_undone(city):
    clock.set_now(MONDAY)
    case = new_case(city)
    dispatcher = Actor.staff(city.dispatcher)
    assert actions.exclude_case(case, actor=dispatcher, reason="无理诉求") is not None
    assert actions.exclude_case(case, actor=dispatcher, reason="无理诉求") is None
    assert AssignmentFact.objects.get(case=case).excluded
    actions.include_case(case, actor=dispatcher, reason="复核后纳入")
    assert not AssignmentFact.objects.get(case=case).excluded
    from hotline.cases.errors import Forbidden
    with pytest.raises(Forbidden):
        actions.exclude_case(case, actor=Actor.staff(city.market_handler), reason="想排除")


def test_keeping_facts_costs_four_queries_per_verb(city):
    from django.db import connection
    from django.db.models.signals import post_save
    from django.test.utils import CaptureQueriesContext

    from hotline.assessment import signals
    from hotline.cases.models import CaseEvent

    clock.set_now(MONDAY)

    def cost(case):
        with CaptureQueriesContext(connection) as ctx:
            act(case, "sign", city.market_handler)
        return len(ctx.captured_queries)

    with_hook = cost(new_case(city))
    post_save.disconnect(signals.refresh_facts, sender=CaseEvent, dispatch_uid="assessment.refresh_facts")
    try:
        without = cost(new_case(city))
    finally:
        post_save.connect(signals.refresh_facts, sender=CaseEvent, dispatch_uid="assessment.refresh_facts")
    assert with_hook - without == 4  # the case and category, its events, delete, insert


def test_check_finds_stale_facts_and_the_command_repairs_them(city):
    import io

    from django.core.management import CommandError, call_command

    a, b, c = _story(city)
    assert facts.check_facts() == []
    AssignmentFact.objects.filter(case=b).update(resolved=True)  # a wrong fact
    AssignmentFact.objects.filter(case=c, is_lead=False).delete()  # a missing one
    assert sorted(facts.check_facts()) == sorted([b.pk, c.pk])
    with pytest.raises(CommandError, match="2 cases have stale facts"):
        call_command("assessment_facts", "check")
    out = io.StringIO()
    call_command("assessment_facts", "rebuild", "--since", "2026-11-01", stdout=out)
    assert "6 rows" in out.getvalue() and facts.check_facts() == []
