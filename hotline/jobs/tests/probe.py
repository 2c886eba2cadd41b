"""A task for the worker-crash test: its first run stalls until the test kills the worker."""

import time
from pathlib import Path

try:  # Django 6 ships django.tasks; 5.2 has the backport
    from django.tasks import task  # type: ignore[import-not-found]
except ImportError:
    from django_tasks import task


@task()
def probe(path: str) -> int:
    log = Path(path)
    runs = log.read_text().count("start") if log.exists() else 0
    with log.open("a") as fh:
        fh.write("start\n")
    if runs == 0:
        time.sleep(120)  # the test kills the worker here
    with log.open("a") as fh:
        fh.write("done\n")
    return runs + 1
