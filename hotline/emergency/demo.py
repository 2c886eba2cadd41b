"""Demo data for emergency linkage: plans for the demo city and a week of 24-hour duty.

`load_demo(city_units)` takes the demo city's units by code; units it does not find are
left out, so it also works on a smaller city. Running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt

from hotline import clock
from hotline.orgs.choices import Role
from hotline.orgs.models import Unit, User

from .models import DutyShift, IncidentType, Plan, PlanUnit

# (plan name, incident type, [(unit code, task, minutes to acknowledge, minutes to arrive)])
PLANS = [
    ("燃气泄漏应急预案", IncidentType.GAS_LEAK, [
        ("gas", "关阀停气，抢修管线", 5, 30), ("ext119", "消防戒备，防止爆燃", 3, 15),
        ("ext110", "现场警戒，疏导交通", 5, 15), ("ext120", "医疗救护待命", 5, 20),
        ("emergency", "统筹协调，评估次生风险", 10, 60),
    ]),
    ("防汛防台应急预案", IncidentType.FLOOD, [
        ("waterres", "巡查堤防，调度排涝", 10, 60), ("urban", "清疏排水管网，设置警示", 10, 45),
        ("power", "排查积水区域电力设施", 10, 45), ("ext119", "被困人员救援", 3, 20),
        ("civil", "转移安置受灾群众", 15, 90), ("emergency", "统筹协调", 10, 60),
    ]),
    ("火灾隐患处置预案", IncidentType.FIRE_HAZARD, [
        ("ext119", "现场检查，消除隐患", 3, 15), ("emergency", "督促整改", 15, 120),
        ("housing", "排查建筑消防设施", 15, 120),
    ]),
    ("群体性纠纷处置预案", IncidentType.MASS_DISPUTE, [
        ("ext110", "维持秩序", 5, 20), ("hrss", "劳资纠纷调处", 15, 60), ("justice", "法律援助与调解", 15, 90),
    ]),
    ("突发公共卫生事件预案", IncidentType.PUBLIC_HEALTH, [
        ("health", "流调与医疗处置", 10, 60), ("ext120", "转运病人", 5, 20), ("market", "封存可疑食品", 15, 60),
    ]),
]


def load_demo(city_units: dict[str, Unit], *, days: int = 7) -> dict[str, int]:
    plans = 0
    for name, kind, rows in PLANS:
        plan, created = Plan.objects.get_or_create(name=name, defaults={"incident_type": kind})
        plans += created
        for order, (code, task, ack, arrive) in enumerate(rows):
            unit = city_units.get(code)
            if unit is not None:
                PlanUnit.objects.get_or_create(plan=plan, unit=unit, defaults={
                    "task": task, "ack_minutes": ack, "arrive_minutes": arrive, "order": order})
    shifts = 0
    if not DutyShift.objects.exists():
        codes = {code for _n, _k, rows in PLANS for code, *_ in rows}
        start = clock.local_now().replace(hour=8, minute=0, second=0, microsecond=0) - dt.timedelta(days=1)
        rows = []
        for code in sorted(codes):
            unit = city_units.get(code)
            staff = list(User.objects.filter(unit=unit, role__in=[Role.HANDLER, Role.UNIT_LEADER]).order_by("role"))
            if unit is None or not staff:
                continue
            for day in range(days + 1):  # 08:00 to 08:00, alternating the unit's people
                begin = start + dt.timedelta(days=day)
                rows.append(DutyShift(unit=unit, user=staff[day % len(staff)], start=begin,
                                      end=begin + dt.timedelta(days=1)))
        DutyShift.objects.bulk_create(rows)
        shifts = len(rows)
    return {"plans": plans, "duty_shifts": shifts}
