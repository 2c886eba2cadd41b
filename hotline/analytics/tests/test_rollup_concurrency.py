"""Registrations racing each other, and a rebuild racing registrations, leave the rollup exact."""

import pytest

from hotline import clock
from hotline.analytics import rollup
from hotline.analytics.models import DailyVolume
from hotline.cases.tests.test_concurrency import race
from hotline.testing import new_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_registrations_add_up_in_one_cell(city):
    clock.set_now(clock.local(2026, 11, 2, 9))
    results = race(4, lambda i: new_case(city, title=f"并发登记{i}").number)
    assert not any(isinstance(r, Exception) for r in results), results
    assert DailyVolume.objects.get().cases == 4
    assert rollup.stored() == rollup.recount()


def test_a_rebuild_racing_registrations_leaves_an_exact_rollup(city):
    clock.set_now(clock.local(2026, 11, 2, 9))
    new_case(city, title="先登记的工单")

    def work(i):
        if i == 0:
            return rollup.rebuild()
        return new_case(city, title=f"并发登记{i}").number

    results = race(4, work)
    assert not any(isinstance(r, Exception) for r in results), results
    assert rollup.stored() == rollup.recount()
    assert sum(rollup.stored().values()) == 4
