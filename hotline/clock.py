"""The one clock. Code asks `clock.now()`; tests move time with `clock.frozen(dt)`.

Time is a parameter: deadlines, warnings and metrics never call `datetime.now()`
directly, so a test can stand on the eve of National Day without sleeping.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.utils import timezone

_lock = threading.Lock()
_frozen: dt.datetime | None = None

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def now() -> dt.datetime:
    frozen = _frozen
    return frozen if frozen is not None else timezone.now()


def pinned() -> dt.datetime | None:
    """The value the clock is pinned to, or None when it runs with real time."""
    return _frozen


def local_now() -> dt.datetime:
    return now().astimezone(LOCAL_TZ)


def today() -> dt.date:
    return local_now().date()


def set_now(value: dt.datetime | None) -> None:
    """Pin the clock (None releases it). Values must be timezone-aware."""
    global _frozen
    if value is not None and timezone.is_naive(value):
        raise ValueError("clock.set_now needs an aware datetime")
    with _lock:
        _frozen = value


def advance(delta: dt.timedelta) -> dt.datetime:
    with _lock:
        global _frozen
        _frozen = (_frozen or timezone.now()) + delta
        return _frozen


@contextlib.contextmanager
def frozen(value: dt.datetime) -> Iterator[None]:
    previous = _frozen
    set_now(value)
    try:
        yield
    finally:
        set_now(previous)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """An aware datetime in the city's time zone (handy in tests and seed data)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ)
