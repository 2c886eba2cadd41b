"""Writes on a user's inbox (the only writes a person makes in this app)."""

from __future__ import annotations

from hotline import clock

from .models import InboxMessage


def mark_read(*, actor, message_ids: list[int] | None = None) -> int:
    """Mark `actor`'s messages read (all unread ones when `message_ids` is None)."""
    qs = InboxMessage.objects.filter(user=actor, read_at__isnull=True)
    if message_ids is not None:
        qs = qs.filter(pk__in=message_ids)
    return qs.update(read_at=clock.now())


def unread_count(user) -> int:
    return InboxMessage.objects.filter(user=user, read_at__isnull=True).count()
