"""The demo's assessment: second callbacks answered by other agents, two exclusions for audit.

The facts themselves need no seeding: the demo plays every case through the workflow,
and each event refreshed its case's facts as it was written (`signals`).
"""

from __future__ import annotations

import datetime as dt

from hotline import clock
from hotline.cases.actors import Actor
from hotline.cases.choices import Satisfaction, Status
from hotline.cases.models import Case
from hotline.orgs.models import User

from . import actions, callbacks
from .models import ScoreWeights

AGENTS = ("agent1", "agent2", "agent3")
UNREASONABLE = "诉求人要求的赔偿标准超出政策规定，经中心复核属无理诉求，不纳入承办单位考核。"


DEMO_MIN_SAMPLE = 5  # a few hundred cases over dozens of units: rank from 5 cases, not 10


def seed(end: dt.datetime) -> dict[str, int]:
    clock.set_now(end)
    ScoreWeights.objects.filter(active=True).update(min_sample=DEMO_MIN_SAMPLE)
    agents = list(User.objects.filter(username__in=AGENTS).order_by("username"))
    dispatcher = User.objects.filter(username="dispatcher1").first()
    done = 0
    pending = list(callbacks.queue())
    for i, row in enumerate(pending[: len(pending) * 2 // 3]):
        caller = next((a for a in agents if a.pk != row.first_agent_id), None)
        if caller is None:
            continue
        # Most re-checks agree; every fourth finds the problem still there.
        disagree = i % 4 == 3
        callbacks.record_second_callback(
            row, actor=Actor.staff(caller),
            satisfaction=Satisfaction.UNSATISFIED if disagree else Satisfaction.SATISFIED,
            resolved=not disagree, note="二次回访：群众反映问题仍未解决。" if disagree else "",
        )
        done += 1
    excluded = 0
    if dispatcher is not None:
        for case in Case.objects.filter(status=Status.CLOSED, reopen_count__gt=0).order_by("registered_at")[:2]:
            if actions.exclude_case(case, actor=Actor.staff(dispatcher), reason=UNREASONABLE):
                excluded += 1
    return {"second_callbacks_done": done, "second_callbacks_waiting": len(pending) - done, "excluded": excluded}
