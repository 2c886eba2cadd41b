"""Two people acting on one case at once: one wins, the other is told the case changed."""

import threading
import time

import pytest
from django.db import connection, transaction

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.errors import CaseError, StaleVersion
from hotline.cases.models import Case, CaseEvent
from hotline.testing import new_case, race


@pytest.mark.django_db(transaction=True)
def test_two_handlers_sign_the_same_version_one_wins(city):
    case = new_case(city)
    handlers = [city.market_handler, city.market_handler2]

    results = race(2, lambda i: workflow.perform(
        case.number, "sign", actor=Actor.staff(handlers[i]), version=case.version))

    wins = [r for r in results if not isinstance(r, Exception)]
    losses = [r for r in results if isinstance(r, Exception)]
    assert len(wins) == 1, results
    assert len(losses) == 1 and isinstance(losses[0], StaleVersion), results
    assert CaseEvent.objects.filter(case=case, verb="sign").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_numbers_are_unique(city):
    results = race(4, lambda i: new_case(city, title=f"并发登记{i}").number)
    assert not any(isinstance(r, CaseError | Exception) for r in results), results
    assert len(set(results)) == 4


@pytest.mark.django_db(transaction=True)
def test_numbers_are_consecutive_within_a_day_and_restart_the_next(city):
    from hotline import clock

    clock.set_now(clock.local(2026, 11, 23, 23, 59))
    first = sorted(r for r in race(4, lambda i: new_case(city, title=f"并发登记{i}").number))
    assert first == [f"202611230000{n}" for n in range(1, 5)]
    clock.set_now(clock.local(2026, 11, 24, 0, 1))  # a new local day starts at 00001 again
    assert new_case(city, title="次日登记").number == "2026112400001"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the numbering connection is PostgreSQL's")
@pytest.mark.django_db(transaction=True, databases=["default", "numbering"])
def test_a_registration_still_in_progress_does_not_hold_up_the_next_one(city, settings):
    """The day's counter is bumped in autocommit on its own connection: the next intake
    gets its number while the first registration's transaction is still open."""
    settings.HOTLINE_CASE_NUMBERS_APART = True
    started, release = threading.Event(), threading.Event()

    def slow():
        with transaction.atomic():
            number = new_case(city, title="仍在登记中").number
            started.set()
            release.wait(10)  # the quick one releases it once it is through
        return number

    def quick():
        assert started.wait(10)
        t = time.monotonic()
        # Another rollup cell (top category): what is raced here is the day's number only.
        number = new_case(city, title="下一位来电", category=city.cat_lights, street=city.s12).number
        took = time.monotonic() - t
        release.set()
        return number, took

    first, (second, took) = race(2, lambda i: slow() if i == 0 else quick())
    assert took < 5, took  # on one connection it waited until the first committed (10 s)
    assert first[:8] == second[:8] and int(second[8:]) == int(first[8:]) + 1
    assert Case.objects.filter(number__in=[first, second]).count() == 2
