"""Background job of the hotspots app (a thin wrapper around `actions.scan`)."""

from __future__ import annotations

try:  # Django 6 ships the framework; on 5.2 the django-tasks backport provides it.
    from django.tasks import task  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task

from . import actions


def run() -> dict:
    """Scan the platform's recent cases unless another worker is at it."""
    try:
        scan = actions.scan()
    except actions.Busy:
        return {"skipped": "busy"}
    return {"messages": scan.messages, "hotspots": scan.hotspots.count(),
            "warnings": scan.hotspots.filter(warning=True).count()}


@task()
def scan() -> dict:
    return run()
