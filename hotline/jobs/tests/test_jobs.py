import io

import pytest
from django.core.management import call_command

from hotline import clock
from hotline.cases.models import CaseEvent
from hotline.jobs.schedule import JOBS, run_once
from hotline.notifications.models import InboxMessage
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def test_every_job_runs_on_an_empty_platform(city):
    results = run_once()
    assert set(results) == {job.name for job in JOBS}
    assert not [name for name, r in results.items() if str(r).startswith("error")]


def test_a_late_case_is_escalated_and_the_leader_told_by_the_jobs(city):
    clock.set_now(clock.local(2026, 11, 23, 9))
    case = new_case(city)
    run_once({"sla"})
    clock.set_now(clock.local(2026, 11, 24, 10))  # an hour past the sign-for deadline
    run_once({"sla", "notifications"})
    assert CaseEvent.objects.filter(case=case, verb__in=["remind", "escalate"]).exists()
    assert InboxMessage.objects.filter(user=city.market_leader).exists()
    again = InboxMessage.objects.count()
    run_once({"sla", "notifications"})
    assert InboxMessage.objects.count() == again  # nobody is told twice


def test_command_once(city):
    out = io.StringIO()
    call_command("jobs", once=True, only=["idempotency", "retention"], stdout=out)
    assert "idempotency:" in out.getvalue() and "retention: 0" in out.getvalue()
