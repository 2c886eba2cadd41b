"""The demo's supervision orders: one overdue, one answered and waiting for review, a group
order over one street's matter, and a fresh one — so `/supervision/` and the desk show work.

Orders are issued through `actions` with the clock set after each case's last event, so
every timeline stays in order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Max

from hotline import clock
from hotline.cases.actors import Actor
from hotline.cases.choices import Status
from hotline.cases.models import Case
from hotline.orgs.choices import Role
from hotline.orgs.models import User

from . import actions
from .choices import Level
from .selection import Selection

WORKING = [Status.DISPATCHED, Status.HANDLING]


def _quiet_since(moment: dt.datetime, taken: set[int]):
    """Open cases with a lead unit and nothing on their timeline after `moment`, oldest first."""
    return (
        Case.objects.filter(status__in=WORKING, lead_unit__isnull=False).exclude(pk__in=taken)
        .annotate(last=Max("events__at")).filter(last__lt=moment).order_by("registered_at", "pk")
    )


def _busiest_street_matter(taken: set[int]) -> Selection | None:
    """The street and first-level matter with the most open cases (at least two)."""
    rows = (Case.objects.filter(status__in=Status.open_states(), lead_unit__isnull=False, street__isnull=False)
            .exclude(pk__in=taken).values_list("street_id", "category__path"))
    counts = Counter((street, path.split("/")[1]) for street, path in rows if path)
    if not counts:
        return None
    (street, top), n = counts.most_common(1)[0]
    if n < 2 or n > actions.MAX_GROUP:
        return None
    return Selection(street_id=street, category_id=int(top))


def seed(end: dt.datetime) -> dict[str, int]:
    staff = {u.username: u for u in User.objects.filter(username__in=["supervisor", "leader", "dispatcher1"])}
    if len(staff) < 3:
        return {"orders": 0}
    supervisor, leader, dispatcher = (Actor.staff(staff[n]) for n in ("supervisor", "leader", "dispatcher1"))
    taken: set[int] = set()
    orders = 0

    overdue_at = end - dt.timedelta(days=8)
    case = _quiet_since(overdue_at, taken).first()
    if case is not None:
        clock.set_now(overdue_at)
        actions.issue(case, actor=supervisor, level=Level.GENERAL,
                      reason="群众反映已超过一周无人处理，请承办单位说明办理进展并限期解决。")
        taken.add(case.pk)
        orders += 1

    reviewed_at = end - dt.timedelta(days=2)
    case = _quiet_since(reviewed_at, taken).first()
    if case is not None:
        clock.set_now(reviewed_at)
        item = actions.issue(case, actor=supervisor, level=Level.KEY,
                             reason="同一问题多次来电，列为重点督办，请主要负责人亲自过问。").items.get()
        handler = User.objects.filter(unit_id=item.unit_id, role=Role.HANDLER).order_by("pk").first()
        if handler is not None:
            clock.set_now(end - dt.timedelta(days=1))
            actions.answer(item, actor=Actor.staff(handler),
                           text="已成立专班现场核查，制定整改方案，预计五个工作日内完成整改并回复市民。")
        taken.add(case.pk)
        orders += 1

    clock.set_now(end)  # every case's last event is at or before `end`
    selection = _busiest_street_matter(taken)
    if selection is not None:
        order = actions.issue_group(selection, actor=leader, level=Level.LEADER, subject="同一街道同类诉求集中",
                                    reason="近期该街道同类诉求集中，请属地和职能部门联动排查，逐件答复。")
        taken |= set(order.items.values_list("case_id", flat=True))
        orders += 1
    case = _quiet_since(end, taken).last()
    if case is not None:
        actions.issue(case, actor=dispatcher, level=Level.GENERAL, reason="市民再次来电催办，请加快办理。")
        orders += 1
    return {"orders": orders}
