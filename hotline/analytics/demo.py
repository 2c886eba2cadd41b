"""The demo's problem of the month: neighbourhood noise, led by the ecology bureau."""

from __future__ import annotations

import datetime as dt

from hotline.orgs.models import User

from . import problems, rollup
from .periods import month_start

NOISE = ("环境保护", "环境污染")


def seed(units: dict, tree: dict, end: dt.datetime) -> None:
    """Check the dashboard rollup against the cases just played; seed one problem with two actions."""
    rollup.rebuild()  # the stories registered through the workflow; a recount makes sure
    category = tree.get(NOISE)
    lead = units.get("ecology")
    leader = User.objects.filter(username="leader").first()
    if category is None or lead is None or leader is None:
        return
    this = month_start(end.date())
    problem = problems.create(
        actor=leader, month=this, baseline_month=month_start(this - dt.timedelta(days=1)),
        title="噪音扰民", lead_unit=lead, category=category, keywords="",
        description="夜间施工、商铺外放音响和广场舞噪音投诉集中，列为本月“每月一题”，由生态环境局牵头、城管和各街道配合治理。",
    )
    problems.add_action(problem, description="夜间施工审批与巡查，违规施工立案处罚", owner=lead,
                        due_date=this + dt.timedelta(days=20))
    if "urban" in units:
        problems.add_action(problem, description="商铺外放音响专项整治", owner=units["urban"],
                            due_date=this + dt.timedelta(days=25))
