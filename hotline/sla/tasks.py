"""Background jobs of the sla app: thin, idempotent wrappers around `sweep.run`."""

from __future__ import annotations

from typing import Any

try:  # Django 6 ships the framework; on 5.2 the django-tasks backport provides it.
    from django.tasks import task  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task

from hotline.notifications import tasks as notification_tasks

from . import sweep as sweeper


@task(queue_name="sla")
def sweep() -> dict[str, Any]:
    """Discover new assignments, remind and escalate what is due, then have the outbox drained.

    Two of these running at once (two workers, two machines) remind nobody twice.
    """
    result = sweeper.run()
    if result.notifications:
        notification_tasks.drain.enqueue()  # the sweep committed: the rows are there to send
    return result.as_dict()
