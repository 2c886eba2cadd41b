"""Reminders and escalations over weekends and holidays, driven by the project's clock."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.models import CaseEvent
from hotline.notifications import outbox
from hotline.notifications.models import InboxMessage, Notification
from hotline.sla import calendar, status, sweep
from hotline.sla.models import DeadlineKind, Reminder, Stage, Watch
from hotline.testing import new_case

L = clock.local
pytestmark = pytest.mark.django_db


def run_at(moment):
    clock.set_now(moment)
    return sweep.run()


def stages(case, kind=DeadlineKind.SIGN):
    return list(Reminder.objects.filter(case=case, kind=kind).order_by("stage").values_list("stage", flat=True))


def inbox_of(user):
    return list(InboxMessage.objects.filter(user=user).values_list("subject", flat=True))


@pytest.fixture
def eve_case(city):
    """A food complaint dispatched to the market bureau on the eve of National Day."""
    clock.set_now(L(2026, 9, 30, 10))
    case = new_case(city)
    lead = case.assignments.get()
    assert lead.unit == city.market
    assert lead.sign_due_at == L(2026, 10, 8, 10)
    return case


def test_no_reminder_during_the_holiday_then_remind_escalate_and_go_to_the_centre(city, eve_case):
    assert run_at(L(2026, 9, 30, 10)).discovered == 2  # sign-for and reply deadlines
    assert not run_at(L(2026, 10, 3, 12)).fired  # the holiday week uses no time
    assert not run_at(L(2026, 10, 7, 23, 59)).fired

    result = run_at(L(2026, 10, 8, 4, 30))  # 75% of the 24 working hours used
    assert result.fired == {Stage.REMIND: 1}
    assert stages(eve_case) == [Stage.REMIND]
    assert outbox.drain().sent == 3  # the unit's two handlers and its leader, in-app
    assert inbox_of(city.market_handler) == [f"催办：工单 {eve_case.number} 须于 2026-10-08 10:00 前签收"]
    assert inbox_of(city.urban_handler) == []  # an outsider hears nothing

    assert not run_at(L(2026, 10, 8, 9)).fired  # once only
    result = run_at(L(2026, 10, 8, 10, 1))  # past the deadline: the unit's leader
    assert result.fired == {Stage.UNIT_LEADER: 1}
    outbox.drain()
    assert len(inbox_of(city.market_leader)) == 2
    assert len(inbox_of(city.market_handler)) == 1
    assert inbox_of(city.dispatcher) == []

    assert not run_at(L(2026, 10, 9, 9)).fired
    result = run_at(L(2026, 10, 9, 10, 1))  # 24 working hours overdue: the centre
    assert result.fired == {Stage.CENTRE: 1}
    outbox.drain()
    assert inbox_of(city.dispatcher) == [
        f"升级至中心：{city.market.name} 未签收工单 {eve_case.number}（时限 2026-10-08 10:00）",
    ]
    assert stages(eve_case) == [Stage.REMIND, Stage.UNIT_LEADER, Stage.CENTRE]
    assert Watch.objects.get(assignment__case=eve_case, kind=DeadlineKind.SIGN).fire_at is None

    events = list(CaseEvent.objects.filter(case=eve_case, verb__in=["remind", "escalate"]).order_by("seq"))
    assert [(e.verb, e.data["stage"], e.actor_role) for e in events] == [
        ("remind", "remind", "system"), ("escalate", "unit_leader", "system"), ("escalate", "centre", "system"),
    ]
    assert events[1].data["notified"] == [city.market_leader.pk]
    eve_case.refresh_from_db()
    assert eve_case.version == 1 + 1  # register + dispatch; reminders are no status change
    assert all(e.from_status == e.to_status == "dispatched" for e in events)


def test_signing_in_time_ends_the_sign_watch_and_the_reply_is_watched(city, eve_case):
    run_at(L(2026, 10, 8, 4, 30))
    clock.set_now(L(2026, 10, 8, 9))
    workflow.perform(eve_case, "sign", actor=Actor.staff(city.market_handler))
    assert not run_at(L(2026, 10, 12, 12)).fired.get(Stage.UNIT_LEADER)
    assert stages(eve_case) == [Stage.REMIND]
    assert Watch.objects.get(assignment__case=eve_case, kind=DeadlineKind.SIGN).stage == Stage.DONE

    # Reply by the 10th working day: 8, 9, 10 (Saturday make-up day), 12... 20 October.
    lead = eve_case.assignments.get()
    assert lead.due_at == dt.datetime(2026, 10, 20, 23, 59, 59, tzinfo=clock.LOCAL_TZ)
    remind_at = status.approaching_at(lead.dispatched_at, lead.due_at, calendar.current())
    assert not run_at(remind_at - dt.timedelta(minutes=1)).fired
    assert run_at(remind_at).fired == {Stage.REMIND: 1}
    assert stages(eve_case, DeadlineKind.REPLY) == [Stage.REMIND]


def test_an_approved_extension_moves_the_reminder(city, eve_case):
    clock.set_now(L(2026, 10, 8, 9))
    workflow.perform(eve_case, "sign", actor=Actor.staff(city.market_handler))
    workflow.perform(eve_case, "request_extension", actor=Actor.staff(city.market_handler), days=5,
                     reason="需要现场复查")
    run_at(L(2026, 10, 8, 9))
    watch = Watch.objects.get(assignment__case=eve_case, kind=DeadlineKind.REPLY)
    old_fire_at = watch.fire_at
    workflow.perform(eve_case, "approve_extension", actor=Actor.staff(city.dispatcher))
    lead = eve_case.assignments.get()
    assert lead.due_at == dt.datetime(2026, 10, 27, 23, 59, 59, tzinfo=clock.LOCAL_TZ)

    result = run_at(old_fire_at)  # the watch wakes at the old time, sees the new deadline
    assert not result.fired and result.replanned == 1
    watch.refresh_from_db()
    assert watch.fire_at > old_fire_at and watch.due_at == lead.due_at and watch.stage == Stage.REMIND
    assert run_at(watch.fire_at).fired == {Stage.REMIND: 1}
    assert CaseEvent.objects.filter(case=eve_case, verb="approve_extension").exists()


def test_a_unit_without_a_leader_is_escalated_to_the_centre(city):
    clock.set_now(L(2026, 11, 2, 9))  # a Monday
    case = new_case(city, category=city.cat_water, case_type="help")
    assert case.lead_unit == city.water
    result = run_at(L(2026, 11, 3, 9, 1))
    assert result.fired == {Stage.UNIT_LEADER: 1}
    reminder = Reminder.objects.get(case=case)
    assert reminder.recipients == [city.dispatcher.pk]


def test_a_sweep_found_late_escalates_without_reminding_late(city, eve_case):
    result = run_at(L(2026, 10, 12, 12))  # nobody swept for days
    assert result.fired == {Stage.CENTRE: 1}
    assert stages(eve_case) == [Stage.CENTRE]


def test_a_returned_case_ends_its_watches(city, eve_case):
    clock.set_now(L(2026, 9, 30, 11))
    sweep.run()
    workflow.perform(eve_case, "return", actor=Actor.staff(city.market_handler), reason="not_our_matter")
    result = run_at(L(2026, 10, 9, 12))  # the sign-for watch wakes and ends
    assert not result.fired and result.ended == 1
    result = run_at(L(2026, 11, 30, 12))  # so does the reply watch, later
    assert not result.fired and result.ended == 1
    assert not Watch.objects.filter(assignment__case=eve_case, fire_at__isnull=False).exists()


def test_time_status_helpers(city, eve_case):
    clock.set_now(L(2026, 10, 8, 5))
    lead = eve_case.assignments.get()
    assert status.assignment_status(lead) == status.TimeStatus.APPROACHING
    assert status.case_status(eve_case) == status.TimeStatus.ON_TIME  # the reply is far off
    assert [a.time_status for a in status.with_status([lead])] == [status.TimeStatus.APPROACHING]
    assert not status.overdue_assignments().exists()
    sweep.run()
    assert list(status.approaching_assignments()) == [lead]
    clock.set_now(L(2026, 10, 8, 11))
    assert list(status.overdue_assignments()) == [lead]
    assert not status.overdue_cases().exists()
    clock.set_now(L(2026, 10, 21, 0, 1))
    assert list(status.overdue_cases()) == [eve_case]


def test_the_command_runs_once_and_drains(city, eve_case):
    clock.set_now(L(2026, 10, 8, 10, 30))
    out = StringIO()
    call_command("sla_sweep", stdout=out)
    report = json.loads(out.getvalue())
    assert report["fired"] == {"unit_leader": 1}
    assert report["outbox"]["sent"] == 1
    assert Notification.objects.get().status == "sent"


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_the_sweep_task_runs_on_the_database_worker():
    from hotline.sla import tasks
    from hotline.testing import build_city

    city = build_city()
    clock.set_now(L(2026, 9, 30, 10))
    new_case(city)
    clock.set_now(L(2026, 10, 8, 10, 30))
    result = tasks.sweep.enqueue()
    call_command("db_worker", batch=True, queue_name="sla,notifications", stdout=StringIO(),
                 startup_delay=False, reload=False, verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value["fired"] == {"unit_leader": 1}
    assert Notification.objects.get().status == "sent"  # the drain job ran after it
    assert inbox_of(city.market_leader)


def test_a_replayed_watch_does_not_remind_twice(city, eve_case):
    """The ledger is the last word: a watch set back (an old backup, a lost update) stays quiet."""
    run_at(L(2026, 10, 8, 10, 1))
    watch = Watch.objects.get(assignment__case=eve_case, kind=DeadlineKind.SIGN)
    Watch.objects.filter(pk=watch.pk).update(stage=Stage.UNIT_LEADER, fire_at=L(2026, 10, 8, 10))
    result = run_at(L(2026, 10, 8, 10, 2))
    assert not result.fired and result.notifications == 0
    assert Reminder.objects.filter(case=eve_case).count() == 1
    assert CaseEvent.objects.filter(case=eve_case, verb="escalate").count() == 1
    assert Notification.objects.count() == 1
