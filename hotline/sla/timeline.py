"""Notes on a case's timeline that are not status changes (reminders, escalations).

They are written like the workflow writes its events: under the case row lock, with the
next `seq`. The case's status and `version` are left alone, so a handler's open form
does not go stale because the system sent a reminder.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max

from hotline.cases.actors import SYSTEM
from hotline.cases.models import Case, CaseEvent


def lock_cases(case_ids: set[int]) -> dict[int, tuple[str, str, str]]:
    """Lock the cases (in id order, so two sweepers cannot deadlock).

    Returns id → (number, status, title).
    """
    rows = (
        Case.objects.select_for_update().filter(pk__in=case_ids).order_by("pk")
        .values_list("pk", "number", "status", "title")
    )
    return {pk: (number, status, title) for pk, number, status, title in rows}


def append(notes: list[tuple[int, str, dict[str, Any]]], statuses: dict[int, str], at: dt.datetime) -> None:
    """Append (case id, verb, data) notes; the cases must be locked by `lock_cases`."""
    if not notes:
        return
    last = dict(
        CaseEvent.objects.filter(case_id__in={case_id for case_id, _v, _d in notes})
        .values("case_id").annotate(m=Max("seq")).values_list("case_id", "m")
    )
    events = []
    for case_id, verb, data in notes:
        last[case_id] = (last.get(case_id) or 0) + 1
        status = statuses.get(case_id, "")
        events.append(CaseEvent(
            case_id=case_id, seq=last[case_id], verb=verb, at=at, actor=None, actor_role=SYSTEM,
            from_status=status, to_status=status, data=data,
        ))
    CaseEvent.objects.bulk_create(events)
