"""The demo city comes with assessment worth reading, and its live facts equal a rebuild."""

import datetime as dt

import pytest

from hotline import clock
from hotline.assessment import facts, scoring
from hotline.assessment.models import AssignmentFact, SecondCallback
from hotline.demo import loader

pytestmark = pytest.mark.django_db


def test_demo_assessment(settings):
    end = clock.local(2026, 11, 23, 10, 0)
    clock.set_now(end)
    result = loader.load(cases=120, now=end)
    summary = result.load.summary["assessment"]
    assert summary["excluded"] == 2 and summary["second_callbacks_done"] >= 1
    assert SecondCallback.objects.filter(done_at__isnull=False).count() == summary["second_callbacks_done"]

    live = facts.snapshot()
    assert len(live) > 100 and AssignmentFact.objects.filter(excluded=True).exists()
    AssignmentFact.objects.all().delete()
    facts.rebuild_facts()
    assert facts.snapshot() == live

    clock.set_now(end)
    ranking = scoring.rankings(dt.date(2026, 9, 1), dt.date(2026, 11, 24), "department")
    assert sum(r.figures.cases for r in ranking.rows) > 50
    assert len(scoring.excluded_cases(dt.date(2026, 9, 1), dt.date(2026, 11, 24))) == 2
