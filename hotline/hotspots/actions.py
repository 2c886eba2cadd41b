"""Run a hotspot scan: read the messages, mine them, keep the result, warn the centre.

Mining is CPU work and runs outside any transaction; the result is written in one. Only
one scan of a source runs at a time anywhere: a worker claims the source with a
conditional UPDATE on its `ScanClaim` row (a lease, so a crashed worker's claim expires).
Old scans beyond `HOTLINE_HOTSPOT_KEEP_SCANS` per source are deleted.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import replace

from django.conf import settings
from django.db import transaction
from django.db.models import Subquery

from hotline import clock

from . import alerts, mining, sources
from .models import Hotspot, Member, Scan, ScanClaim, Source

LEASE = dt.timedelta(minutes=30)


class Busy(Exception):
    """Another worker is scanning this source right now."""


def params_for(source: str) -> mining.Params:
    p = mining.Params(**settings.HOTLINE_HOTSPOT_PARAMS)
    if source == Source.BOARD:
        # Years of history: heat should not fade within weeks, growth reads the last month.
        p = replace(p, half_life_days=365.0, window_days=30)
    return p


def _claim(source: str) -> str:
    now = clock.now()
    # get_or_create re-reads the row when another worker created it at the same instant.
    ScanClaim.objects.get_or_create(source=source, defaults={"held_until": now - LEASE})
    token = uuid.uuid4().hex
    won = ScanClaim.objects.filter(source=source, held_until__lt=now).update(held_until=now + LEASE, holder=token)
    if not won:
        raise Busy(source)
    return token


def _release(source: str, token: str) -> None:
    ScanClaim.objects.filter(source=source, holder=token).update(held_until=clock.now() - dt.timedelta(seconds=1))


def scan(source: str = Source.CASES, *, days: int | None = None, items: list[mining.Item] | None = None,
         params: mining.Params | None = None) -> Scan:
    """Scan `source` (the last `days` of cases, or the shared message board) and keep the top issues."""
    token = _claim(source)
    try:
        started = time.monotonic()
        until = clock.now()
        since = until - dt.timedelta(days=days or settings.HOTLINE_HOTSPOT_DAYS)
        if items is None:
            items = sources.from_cases(since, until) if source == Source.CASES else sources.from_board()
        if source != Source.CASES and items:
            # The board is history: its window is its own first and last message.
            since, until = min(i.at for i in items), max(i.at for i in items)
        p = params or params_for(source)
        issues = mining.mine(items, now=until, p=p)
        with transaction.atomic():
            record = Scan.objects.create(source=source, since=since, until=until, messages=len(items),
                                         seconds=round(time.monotonic() - started, 3), params=p.as_dict())
            _save(record, issues)
            alerts.carry_keys(record)
            alerts.notify(record)
            _prune(source)
        return record
    finally:
        _release(source, token)


def _save(record: Scan, issues: list[mining.Issue]) -> None:
    for rank, issue in enumerate(issues, start=1):
        hotspot = Hotspot.objects.create(
            scan=record, rank=rank, label=issue.label[:200] or issue.example[:200], example=issue.example[:200],
            place=issue.place[:100], group=issue.group[:50], keywords=issue.keywords,
            first_at=issue.first_at, last_at=issue.last_at, items=len(issue.items), people=issue.people,
            repeats=issue.repeats, votes=issue.votes, heat=issue.heat, recent=issue.recent,
            previous=issue.previous, growth=issue.growth, warning=issue.warning,
        )
        Member.objects.bulk_create([
            Member(hotspot=hotspot, case_id=i.case_id, ref=i.key[:40], title=i.title[:200], at=i.at, votes=i.votes)
            for i in issue.items
        ])


def _prune(source: str) -> None:
    keep = list(Scan.objects.filter(source=source).order_by("-ran_at", "-pk")
                .values_list("pk", flat=True)[: settings.HOTLINE_HOTSPOT_KEEP_SCANS])
    Scan.objects.filter(source=source).exclude(pk__in=keep).delete()


def _newest(source: str):
    return Scan.objects.filter(source=source).order_by("-ran_at", "-pk")


def latest(source: str = Source.CASES) -> Scan | None:
    return _newest(source).first()


def latest_hotspots(source: str = Source.CASES, limit: int = 20) -> list[Hotspot]:
    """The top hotspots of the latest scan of `source`, in one query."""
    return list(Hotspot.objects.filter(scan_id=Subquery(_newest(source).values("pk")[:1])).order_by("rank")[:limit])
