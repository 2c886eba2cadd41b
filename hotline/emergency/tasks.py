"""Background job of the emergency app: a thin, idempotent wrapper around `escalate_silent`."""

from __future__ import annotations

from typing import Any

try:  # Django 6 ships the framework; on 5.2 the django-tasks backport provides it.
    from django.tasks import task  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task

from hotline.notifications import tasks as notification_tasks

from . import actions


@task(queue_name="sla")
def escalate() -> dict[str, Any]:
    """Escalate silent linkage units; two running at once escalate each unit once per stage."""
    started = actions.start_suggested()
    result = actions.escalate_silent()
    if result.notifications or started:
        notification_tasks.drain.enqueue()
    return {"started": len(started), "escalated": len(result.escalated), "notifications": result.notifications}
