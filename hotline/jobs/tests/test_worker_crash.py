"""Kill a task worker mid-task: the task is redone exactly once (PostgreSQL).

A real `db_worker` process runs against the test database, is SIGKILLed while the task
sleeps, the abandoned task is requeued, and a second worker finishes it.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hotline.jobs.recovery import requeue_abandoned

from .probe import probe

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.django_db(transaction=True)
needs_server_db = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the worker runs in another process; SQLite's test database is not shared with it",
)


def worker(*extra: str) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "hotline.settings",
           "HOTLINE_DEV": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "django", "db_worker", "--queue-name", "default", "--interval", "0.2",
         "--no-startup-delay", *extra], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@needs_server_db
def test_a_killed_worker_s_task_is_redone_exactly_once(tmp_path):
    log = tmp_path / "probe.log"
    result = probe.enqueue(str(log))
    first = worker()
    try:
        assert wait_for(lambda: log.exists() and "start" in log.read_text(), 20), first.stderr
        first.send_signal(signal.SIGKILL)
        first.wait(5)
    finally:
        if first.poll() is None:
            first.kill()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.RUNNING  # the dead worker's claim stays

    assert requeue_abandoned(lease=0) == 1
    assert requeue_abandoned(lease=0) == 0  # a second sweeper finds nothing to requeue

    second = worker("--batch")
    try:
        second.wait(30)
    finally:
        if second.poll() is None:
            second.kill()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == 2
    assert len(row.worker_ids) == 2
    assert log.read_text().split() == ["start", "start", "done"]
    assert requeue_abandoned(lease=0) == 0


def test_a_task_still_within_its_lease_is_left_alone():
    result = probe.enqueue("/nonexistent/never-run")
    DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.RUNNING, started_at=time_now())
    assert requeue_abandoned(lease=600) == 0
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING


def time_now():
    from django.utils import timezone

    return timezone.now()
