"""Background job of the supervision app: a thin, idempotent wrapper around the sweep."""

from __future__ import annotations

import datetime as dt
from typing import Any

try:  # Django 6 ships the framework; on 5.2 the django-tasks backport provides it.
    from django.tasks import task  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task

from hotline import clock

from . import accountability
from .actions import escalate_overdue

SCAN_DAYS = 7  # a periodic scan looks back this far; `accountability_export` scans its own period


def run(*, scan_days: int = SCAN_DAYS) -> dict[str, Any]:
    escalated = escalate_overdue()
    result = accountability.scan(since=clock.now() - dt.timedelta(days=scan_days))
    return {"escalated": escalated, "accountability": dict(result.created)}


@task(queue_name="sla")
def sweep() -> dict[str, Any]:
    """Escalate supervision items nobody answered in time; derive new accountability records.

    Safe to run on several workers at once: an item escalates once per deadline and a
    record exists once per (kind, event).
    """
    return run()
