"""annotate(): a timeline note that leaves the status and the version alone."""

import pytest

from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Status
from hotline.cases.errors import StaleVersion
from hotline.cases.models import CaseEvent
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def test_annotate_appends_an_event_without_changing_the_status(city):
    clock.set_now(clock.local(2026, 11, 23, 9, 30))
    case = new_case(city)
    before = case.version
    event = workflow.annotate(case, "supervision_issued", actor=Actor.staff(city.supervisor), data={"order": 7})
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED
    assert case.version == before  # an open form does not go stale
    assert (event.seq, event.verb, event.from_status, event.to_status) == (3, "supervision_issued", "dispatched", "dispatched")
    assert event.data == {"order": 7} and event.actor == city.supervisor and event.actor_unit == city.centre
    assert list(CaseEvent.objects.filter(case=case).values_list("verb", flat=True)) == [
        "register", "dispatch", "supervision_issued",
    ]
    # The workflow carries on from the annotated case.
    case = workflow.perform(case, "sign", actor=Actor.staff(city.market_handler), version=case.version)
    assert case.status == Status.HANDLING
    assert case.events.last().seq == 4


def test_annotate_refuses_a_stale_version_and_workflow_verbs(city):
    case = new_case(city)
    stale = case.version
    workflow.annotate(case, "repeat_of", actor=Actor.system(), version=stale)
    workflow.perform(case, "sign", actor=Actor.staff(city.market_handler), version=stale)
    with pytest.raises(StaleVersion):
        workflow.annotate(case, "repeat_of", actor=Actor.system(), version=stale)
    for verb in ("sign", "close", "register", ""):
        with pytest.raises(ValueError):
            workflow.annotate(case, verb, actor=Actor.system())
    assert case.events.count() == 4  # register, dispatch, repeat_of, sign
