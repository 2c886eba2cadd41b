import pytest
from django.core.management import call_command

from hotline import clock
from hotline.analytics import problems, rollup
from hotline.analytics.models import MonthlyProblem
from hotline.orgs.models import User

pytestmark = pytest.mark.django_db


def test_demo_builds_the_rollup_and_seeds_a_problem_of_the_month():
    clock.set_now(clock.local(2026, 11, 23, 10))
    call_command("demo", cases=60, verbosity=0)
    truth = rollup.recount()
    assert sum(truth.values()) >= 60
    assert rollup.stored() == truth
    problem = MonthlyProblem.objects.get()
    assert problem.lead_unit.code == "ecology" and problem.actions.count() == 2
    figures = problems.trend(problem, User.objects.get(username="leader"))
    assert [f"{f.month:%Y-%m}" for f in figures] == ["2026-10", "2026-11"]
