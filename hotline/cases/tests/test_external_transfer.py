"""`transfer_external`: a police, fire, ambulance or traffic matter handed to 110/119/120/122."""

import pytest

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import AssignmentStatus, Status
from hotline.cases.errors import Forbidden, Invalid, InvalidTransition
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def test_dispatched_case_goes_to_110_and_its_assignments_stop(city):
    case = new_case(city)
    assert case.status == Status.DISPATCHED
    case = workflow.perform(case, "transfer_external", actor=Actor.staff(city.dispatcher),
                            to="110", unit=city.police.pk, matter="police", reason="打架斗殴")
    assert case.status == Status.CLOSED and case.closed_at is not None
    assert not case.assignments.filter(status__in=AssignmentStatus.active()).exists()
    event = case.events.order_by("-seq").first()
    assert event.verb == "transfer_external"
    assert event.data == {"to": "110", "unit": city.police.pk, "unit_name": city.police.name,
                          "matter": "police", "reason": "打架斗殴"}


def test_only_external_units_and_only_the_centre(city):
    case = new_case(city, dispatch=False)
    with pytest.raises(Invalid):
        workflow.perform(case, "transfer_external", actor=Actor.staff(city.agent), to="110", unit=city.market.pk)
    with pytest.raises(Invalid):
        workflow.perform(case, "transfer_external", actor=Actor.staff(city.agent), to="110", unit=True)
    with pytest.raises(Forbidden):
        workflow.perform(case, "transfer_external", actor=Actor.staff(city.market_handler), to="110",
                         unit=city.police.pk)
    case = workflow.perform(case, "transfer_external", actor=Actor.staff(city.agent), to="110", unit=city.police.pk)
    with pytest.raises(InvalidTransition):
        workflow.perform(case, "transfer_external", actor=Actor.staff(city.agent), to="110", unit=city.police.pk)
