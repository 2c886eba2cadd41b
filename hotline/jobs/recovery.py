"""Tasks whose worker died mid-task go back to the queue, once.

django-tasks-db marks a claimed task RUNNING (with the worker's id) and only a living
worker ever moves it on: a worker killed mid-task (SIGKILL, out of memory, a machine
lost) leaves it RUNNING for ever. `requeue_abandoned` puts every task RUNNING for longer
than the lease (HOTLINE_TASK_LEASE_SECONDS, ten minutes by default) back to READY in
one conditional UPDATE, so two sweepers requeue it once, and the next worker claims it
with SELECT ... FOR UPDATE SKIP LOCKED, so it runs again exactly once. The platform's
tasks are idempotent (each claims its own work with conditional updates), so redoing
the part the dead worker had done changes nothing; the lease must exceed the longest
task. `hotline jobs` runs it every minute.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

DEFAULT_LEASE_SECONDS = 600


def lease_seconds() -> int:
    return int(getattr(settings, "HOTLINE_TASK_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def requeue_abandoned(lease: int | None = None) -> int:
    """Put tasks running longer than `lease` seconds back in the queue; how many."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - dt.timedelta(seconds=lease_seconds() if lease is None else lease)
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff).update(
        status=TaskResultStatus.READY, started_at=None,
    )
