"""Put notifications in the outbox (in the caller's transaction) and drain it.

`enqueue()` / `enqueue_many()` insert rows; a `dedupe_key` already present is skipped,
so a cause that is processed twice notifies once. `drain()` claims due rows, sends each
through its channel and records the outcome:

- claim: PostgreSQL locks candidate rows with SELECT ... FOR UPDATE SKIP LOCKED, so two
  workers take disjoint rows; every backend then flips them pending → sending with a
  conditional UPDATE carrying a per-claim token and a lease (`claimed_until`);
- a failure goes back to pending with exponential backoff, up to
  `HOTLINE_NOTIFY_MAX_ATTEMPTS`, then to failed;
- a worker that dies mid-send leaves the row `sending`; once the lease has run out
  another worker claims it again (at-least-once towards the channel).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q

from hotline import clock

from . import channels
from .models import DeliveryStatus, Notification

log = logging.getLogger("hotline.notifications")
MAX_BACKOFF = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Message:
    """What to tell whom: a recipient (a user) or a bare address, on one channel."""

    channel: str
    dedupe_key: str
    subject: str
    body: str = ""
    recipient: Any = None
    address: str = ""
    link: str = ""
    data: dict = field(default_factory=dict)


def _row(message: Message, now: dt.datetime) -> Notification | None:
    channel = channels.get(message.channel)
    if not channel.available():
        return None
    address = message.address
    if not address and message.recipient is not None:
        address = channel.address_for(message.recipient)
    if not address:
        return None
    return Notification(
        dedupe_key=message.dedupe_key[:200], channel=message.channel,
        recipient_id=getattr(message.recipient, "pk", message.recipient), address=address[:254],
        subject=message.subject[:200], body=message.body, link=message.link, data=message.data,
        created_at=now, next_attempt_at=now,
    )


def enqueue(message: Message) -> Notification | None:
    """Insert one notification; None when the channel is unavailable or it is a duplicate."""
    row = _row(message, clock.now())
    if row is None:
        return None
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return None
    return row


def enqueue_many(messages: Iterable[Message]) -> int:
    """Insert many notifications at once (duplicates skipped); returns how many were offered."""
    now = clock.now()
    rows = [row for row in (_row(m, now) for m in messages) if row is not None]
    if rows:
        Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


# --------------------------------------------------------------------------- draining


@dataclass
class DrainResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"claimed": self.claimed, "sent": self.sent, "retried": self.retried, "failed": self.failed}


def backoff(attempts: int) -> dt.timedelta:
    base = dt.timedelta(seconds=settings.HOTLINE_NOTIFY_BACKOFF_SECONDS)
    return min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def _due(now: dt.datetime) -> Q:
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, claimed_until__lt=now,
    )


def claim(worker: str, limit: int, now: dt.datetime) -> tuple[str, list[Notification]]:
    """Take up to `limit` due notifications for `worker`; returns the claim token and rows."""
    token = f"{worker[:31]}:{uuid.uuid4().hex}"
    lease = dt.timedelta(seconds=settings.HOTLINE_NOTIFY_LEASE_SECONDS)
    with transaction.atomic():
        pending = Notification.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        expired = Notification.objects.filter(status=DeliveryStatus.SENDING, claimed_until__lt=now)
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
            expired = expired.select_for_update(skip_locked=True)
        ids = list(pending.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
        if len(ids) < limit:
            ids += list(expired.order_by("claimed_until").values_list("pk", flat=True)[: limit - len(ids)])
        if not ids:
            return token, []
        Notification.objects.filter(_due(now), pk__in=ids).update(
            status=DeliveryStatus.SENDING, claimed_by=token, claimed_until=now + lease,
            attempts=F("attempts") + 1,
        )
    return token, list(Notification.objects.filter(claimed_by=token, status=DeliveryStatus.SENDING))


def _finish(notification: Notification, token: str, **fields: Any) -> None:
    # Only while we still hold the claim: a lease taken over by another worker stays theirs.
    Notification.objects.filter(pk=notification.pk, claimed_by=token, status=DeliveryStatus.SENDING).update(
        claimed_until=None, **fields,
    )


def deliver(notification: Notification, token: str, now: dt.datetime, result: DrainResult) -> None:
    max_attempts = settings.HOTLINE_NOTIFY_MAX_ATTEMPTS
    try:
        if notification.attempts > max_attempts:
            raise channels.PermanentError("too many attempts (the worker kept stopping mid-send)")
        channels.get(notification.channel).send(notification)
    except channels.DeliveryError as exc:
        final = isinstance(exc, channels.PermanentError) or notification.attempts >= max_attempts
        if final:
            _finish(notification, token, status=DeliveryStatus.FAILED, last_error=str(exc)[:2000])
            result.failed += 1
            log.warning("notification %s failed for good: %s", notification.key, exc)
        else:
            _finish(notification, token, status=DeliveryStatus.PENDING, last_error=str(exc)[:2000],
                    next_attempt_at=now + backoff(notification.attempts))
            result.retried += 1
            log.info("notification %s will be retried (attempt %s): %s", notification.key, notification.attempts, exc)
        return
    _finish(notification, token, status=DeliveryStatus.SENT, sent_at=clock.now(), last_error="")
    result.sent += 1


def drain(*, worker: str = "", limit: int = 200, rounds: int = 50) -> DrainResult:
    """Send what is due now, `limit` at a time, until nothing is due or `rounds` ran."""
    worker = worker or f"drain-{uuid.uuid4().hex[:8]}"
    result = DrainResult()
    for _round in range(rounds):
        now = clock.now()
        token, rows = claim(worker, limit, now)
        result.claimed += len(rows)
        for notification in rows:
            deliver(notification, token, now, result)
        if len(rows) < limit:
            break
    return result
