import io

import pytest
from django.core.management import call_command
from django.db import connection

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


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server-side restart of the connection")
def test_the_loop_reconnects_after_the_database_dropped_its_connection(monkeypatch):
    import psycopg

    from hotline.jobs import schedule

    answers = []

    def probe():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            answers.append(cursor.fetchone()[0])

    monkeypatch.setattr(schedule, "JOBS", [schedule.Job("probe", 0, probe)])
    probe()
    settings = connection.settings_dict
    with psycopg.connect(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
                         user=settings["USER"], password=settings["PASSWORD"] or None, dbname=settings["NAME"],
                         autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [answers[0]])  # what a restart does to it
    schedule.loop(stop_after=1.2, tick=0.3)
    assert len(answers) >= 3 and answers[-1] != answers[0]  # new backend, jobs running again


def test_long_jobs_run_in_their_own_loop_not_beside_the_reminders(monkeypatch):
    from hotline.jobs import schedule

    assert [job.name for job in JOBS if job.apart] == ["hotspots"]
    ran = []
    monkeypatch.setattr(schedule, "JOBS", [schedule.Job("quick", 0, lambda: ran.append("quick")),
                                           schedule.Job("long", 0, lambda: ran.append("long"), apart=True)])
    schedule.loop(stop_after=0.05, tick=0.1)  # `hotline jobs`
    assert ran == ["quick"]
    schedule.loop(names={"long"}, stop_after=0.05, tick=0.1)  # `hotline jobs --only long`
    assert ran == ["quick", "long"]
