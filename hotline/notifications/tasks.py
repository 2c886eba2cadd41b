"""Background jobs of the notifications app (thin wrappers; see outbox.py)."""

from __future__ import annotations

try:  # Django 6 ships the framework; on 5.2 the django-tasks backport provides it.
    from django.tasks import task  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task

from . import outbox


@task(queue_name="notifications")
def drain() -> dict[str, int]:
    """Send what is due in the outbox. Safe to run anywhere, any number of times at once."""
    return outbox.drain().as_dict()
