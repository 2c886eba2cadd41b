import datetime as dt

import pytest

from hotline import clock
from hotline.emergency.models import DutyShift, IncidentType, Plan, PlanUnit
from hotline.orgs.choices import Role, UnitKind
from hotline.orgs.models import Unit, User
from hotline.testing import PASSWORD

T0 = clock.local(2025, 7, 8, 22, 0)


@pytest.fixture
def plan(city):
    """A gas-leak plan with five linkage units: three case handlers and two external platforms."""
    city.fire = Unit.objects.create(code="ext119", name="119指挥中心", short_name="119", kind=UnitKind.EXTERNAL,
                                    parent=city.city)
    city.police.short_name = "110"
    city.police.save()
    plan = Plan.objects.create(name="燃气泄漏应急预案", incident_type=IncidentType.GAS_LEAK)
    for order, (unit, task, ack, arrive) in enumerate([
        (city.water, "关阀停气，抢修管线", 5, 30),
        (city.s11, "疏散群众，设置警戒", 5, 20),
        (city.urban, "封闭道路", 10, 30),
        (city.police, "现场警戒与交通管制", 5, 15),
        (city.fire, "消防戒备", 3, 15),
    ]):
        PlanUnit.objects.create(plan=plan, unit=unit, task=task, ack_minutes=ack, arrive_minutes=arrive, order=order)
    city.water_leader = User.objects.create_user("water_leader", password=PASSWORD, role=Role.UNIT_LEADER,
                                                 unit=city.water)
    city.s11_leader = User.objects.create_user("s11_leader", password=PASSWORD, role=Role.UNIT_LEADER, unit=city.s11)
    city.duty_water = User.objects.create_user("duty_water", password=PASSWORD, role=Role.HANDLER, unit=city.water)
    DutyShift.objects.create(unit=city.water, user=city.duty_water, start=T0 - dt.timedelta(hours=12),
                             end=T0 + dt.timedelta(hours=12))
    return plan
