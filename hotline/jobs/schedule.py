"""The platform's periodic work, in one place.

Each job is a thin call into its app's own idempotent action, safe to run on several
machines at once (every one claims its work with conditional updates or SKIP LOCKED).
`hotline jobs` runs them on their intervals in one process — the embedded default, which
`make run` starts beside the web server — except the long ones (`apart`), which run in a
loop of their own (`hotline jobs --only hotspots`, also started by `make run`); in
production run both on as many machines as you like, or queue the django-tasks versions
for `hotline db_worker`.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import close_old_connections

from hotline import clock

log = logging.getLogger("hotline.jobs")


def _sla() -> Any:
    from hotline.sla import sweep

    return sweep.run().as_dict()


def _notifications() -> Any:
    from hotline.notifications import outbox

    return outbox.drain().as_dict()


def _supervision() -> Any:
    from hotline.supervision import tasks

    return tasks.run()


def _emergency() -> Any:
    from hotline.emergency import actions

    started = actions.start_suggested()
    result = actions.escalate_silent()
    return {"started": len(started), "escalated": len(result.escalated)}


def _exchange() -> Any:
    from hotline.exchange import actions, delivery

    # Progress of cases received from peers flows back first, then the outbox is delivered.
    queued = actions.collect_updates()
    stats = delivery.deliver_due()
    return {"queued": queued, "delivered": stats.delivered, "failed": stats.failed}


def _hotspots() -> Any:
    from hotline.hotspots import tasks

    return tasks.run()


def _replies() -> Any:
    from hotline.cases.actors import Actor
    from hotline.replies import actions

    return {"notes": actions.note_pending(actor=Actor.system())}


def _idempotency() -> Any:
    from hotline.api import idempotency

    return idempotency.purge(clock.now() - dt.timedelta(days=2))


def _search_index() -> Any:
    from hotline.cases import textindex

    return textindex.flush_pending()


def _tasks() -> Any:
    from . import recovery

    return recovery.requeue_abandoned()


def _retention() -> Any:
    from hotline.privacy import retention

    return retention.purge()


@dataclass(frozen=True)
class Job:
    name: str
    every: int  # seconds
    run: Callable[[], Any]
    # A long job (a hotspot scan mines for seconds to minutes) runs in a loop of its own,
    # `hotline jobs --only <name>`, so reminders, escalations and notifications never wait on it.
    apart: bool = False


def selected(job: Job, names: set[str] | None) -> bool:
    """Named jobs when names are given; otherwise every job but those run apart."""
    return job.name in names if names else not job.apart


JOBS: list[Job] = [
    Job("emergency", 30, _emergency),
    Job("sla", 60, _sla),
    Job("notifications", 15, _notifications),
    Job("exchange", 15, _exchange),
    Job("supervision", 300, _supervision),
    Job("hotspots", settings.HOTLINE_HOTSPOT_EVERY, _hotspots, apart=True),
    Job("replies", 60, _replies),
    Job("idempotency", 3600, _idempotency),
    Job("retention", 86400, _retention),
    Job("tasks", 60, _tasks),
    Job("search_index", 5, _search_index),
]


def run_once(names: set[str] | None = None) -> dict[str, Any]:
    """Run every (or the named) job once; a failing job is logged and the others go on."""
    results: dict[str, Any] = {}
    for job in JOBS:
        if names and job.name not in names:
            continue
        try:
            results[job.name] = job.run()
        except Exception as exc:  # noqa: BLE001 - one broken job must not stop the others
            log.exception("job %s failed", job.name)
            results[job.name] = f"error: {exc}"
    return results


def loop(*, names: set[str] | None = None, stop_after: float | None = None, tick: float = 1.0) -> None:
    """Run jobs on their intervals until stopped (or `stop_after` seconds have passed)."""
    last: dict[str, float] = {}
    started = time.monotonic()
    while stop_after is None or time.monotonic() - started < stop_after:
        now = time.monotonic()
        for job in JOBS:
            if not selected(job, names):
                continue
            if now - last.get(job.name, -1e12) >= job.every:
                last[job.name] = now
                # A connection the database dropped (a restart, a failover) is replaced
                # instead of failing every job from then on: no request cycle does it here.
                close_old_connections()
                try:
                    result = job.run()
                    log.debug("job %s: %s", job.name, result)
                except Exception:  # noqa: BLE001
                    log.exception("job %s failed", job.name)
        time.sleep(tick)
