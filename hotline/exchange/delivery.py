"""Deliver the outbox: sign, POST to the peer's inbox, record the acknowledgement.

A message is claimed with a conditional UPDATE (a short lease), so two workers never send
the same message at once; a failure is retried with exponential backoff; a message is done
only when the peer answers with its id (`{"ack": "<message_id>"}`). The peer processes each
message id once, so a lost acknowledgement costs a resend, never a duplicate.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.db.models import Q

from hotline import clock

from . import signing
from .models import Direction, OutboxMessage, Transfer

log = logging.getLogger("hotline.exchange")
LEASE = dt.timedelta(seconds=60)
TIMEOUT = 10
MAX_BACKOFF = 3600


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), MAX_BACKOFF))


@dataclass
class Stats:
    delivered: int = 0
    failed: int = 0


def envelope(message: OutboxMessage) -> bytes:
    data = {"message_id": str(message.message_id), "kind": message.kind, **message.body}
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode()


def _claim(message: OutboxMessage, now: dt.datetime) -> bool:
    return OutboxMessage.objects.filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=now), pk=message.pk, delivered_at__isnull=True,
    ).update(locked_until=now + LEASE) == 1


def send(message: OutboxMessage) -> bool:
    peer = message.peer
    body = envelope(message)
    timestamp = int(clock.now().timestamp())
    request = urllib.request.Request(  # noqa: S310 - peers are configured by administrators
        peer.inbox_url, data=body, method="POST", headers={
            "Content-Type": "application/json",
            signing.PEER_HEADER: peer.our_code,
            signing.TIMESTAMP_HEADER: str(timestamp),
            signing.SIGNATURE_HEADER: signing.sign(peer.shared_key, timestamp, body),
        })
    now = clock.now()
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as reply:  # noqa: S310
            answer = json.loads(reply.read().decode() or "{}")
        if answer.get("ack") != str(message.message_id):
            raise ValueError(f"unexpected answer {answer!r}")
    except (OSError, ValueError) as exc:  # URLError and HTTPError are OSErrors
        detail = exc.read().decode(errors="replace")[:500] if isinstance(exc, urllib.error.HTTPError) else ""
        attempts = message.attempts + 1
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=attempts, next_attempt_at=now + backoff(attempts), locked_until=None,
            last_error=f"{exc} {detail}".strip()[:2000],
        )
        log.warning("delivery of %s to %s failed (attempt %s): %s", message.message_id, peer.code, attempts, exc)
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=message.attempts + 1, delivered_at=now, locked_until=None, response=answer, last_error="",
    )
    if message.kind == "transfer" and message.transfer_id:
        Transfer.objects.filter(pk=message.transfer_id, direction=Direction.OUT).update(
            acknowledged_at=now, remote_number=str(answer.get("case", ""))[:40])
    return True


def _waits_for_earlier(message: OutboxMessage) -> bool:
    if not message.transfer_id:
        return False
    return OutboxMessage.objects.filter(
        transfer_id=message.transfer_id, delivered_at__isnull=True, pk__lt=message.pk,
    ).exists()


def deliver_due(limit: int = 100) -> Stats:
    now = clock.now()
    stats = Stats()
    due = (
        OutboxMessage.objects.filter(delivered_at__isnull=True, next_attempt_at__lte=now, peer__active=True)
        .select_related("peer").order_by("created_at", "pk")[:limit]
    )
    blocked: set[int] = set()
    for message in due:
        # Keep each transfer's messages in order: after a failure, the rest wait.
        if message.transfer_id in blocked or _waits_for_earlier(message) or not _claim(message, now):
            continue
        if send(message):
            stats.delivered += 1
        else:
            stats.failed += 1
            if message.transfer_id:
                blocked.add(message.transfer_id)
    return stats
