"""Two sweepers and two drains at once, each on its own database connection.

Runs on SQLite (where IMMEDIATE transactions make them take turns) and, in CI, on
PostgreSQL (where they really overlap: SKIP LOCKED hands them different watches and
the once-only ledger catches anything that slips through).
"""

import threading

import pytest
from django.db import connection

from hotline import clock
from hotline.cases.models import CaseEvent
from hotline.notifications import outbox
from hotline.notifications.models import InboxMessage, Notification
from hotline.sla import sweep
from hotline.sla.models import Reminder, Stage
from hotline.testing import build_city, new_case

L = clock.local
CASES = 24


def in_parallel(work, count=2):
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def target(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_two_sweepers_and_two_drains_remind_nobody_twice():
    city = build_city()
    clock.set_now(L(2026, 11, 2, 9))  # a Monday
    cases = [new_case(city, title=f"餐馆卫生问题 {i}") for i in range(CASES)]

    # Both discover the new assignments at once...
    in_parallel(lambda i: sweep.run(batch=5).discovered)
    # ...and, the next morning, both escalate the overdue ones at once, in small batches.
    clock.set_now(L(2026, 11, 3, 9, 30))
    results = in_parallel(lambda i: sweep.run(batch=5))
    assert sum(r.fired[Stage.UNIT_LEADER] for r in results) == CASES

    reminders = list(Reminder.objects.values_list("assignment__case_id", "kind", "stage"))
    assert sorted(reminders) == sorted((c.pk, "sign", Stage.UNIT_LEADER) for c in cases)
    events = list(CaseEvent.objects.filter(verb="escalate").values_list("case_id", flat=True))
    assert sorted(events) == sorted(c.pk for c in cases)
    assert Notification.objects.count() == CASES  # the market bureau's leader, in-app

    drained = in_parallel(lambda i: outbox.drain(worker=f"w{i}", limit=4))
    assert sum(d.sent for d in drained) == CASES
    assert InboxMessage.objects.filter(user=city.market_leader).count() == CASES
    assert not Notification.objects.exclude(status="sent").exists()
    assert not any(r.fired for r in in_parallel(lambda i: sweep.run(batch=5)))
