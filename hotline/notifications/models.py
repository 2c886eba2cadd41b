"""The notification outbox and the in-app inbox.

A `Notification` is written in the same transaction as whatever caused it (a reminder,
an escalation...), with a unique `dedupe_key` so a cause notifies once. A dispatcher
drains the outbox: it claims rows with a lease, hands each to its channel with the row's
`key` as idempotency key, and marks it sent; a crashed worker's lease runs out and the
row is tried again. Delivery to a channel is therefore at-least-once; the in-app inbox
is exactly-once because an `InboxMessage` is unique per notification.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hotline import clock


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("notification status", "Pending")  # waiting for its (next) attempt
    SENDING = "sending", _("Sending")  # claimed by a worker until `claimed_until`
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")  # gave up after the last attempt, or refused for good


class Notification(models.Model):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dedupe_key = models.CharField(max_length=200, unique=True)
    channel = models.CharField(_("channel"), max_length=20)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications",
    )
    address = models.CharField(_("address"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    link = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)

    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=clock.now)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=clock.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="notification_pending",
                condition=Q(status=DeliveryStatus.PENDING),
            ),
            models.Index(
                fields=["claimed_until"], name="notification_leased",
                condition=Q(status=DeliveryStatus.SENDING),
            ),
            models.Index(fields=["claimed_by"], name="notification_claim"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient_id or self.address}: {self.subject}"


class InboxMessage(models.Model):
    """A message in a staff member's in-app inbox."""

    notification = models.OneToOneField(Notification, on_delete=models.CASCADE, related_name="inbox_message")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbox message")
        verbose_name_plural = _("inbox messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at", "created_at"], name="inbox_user_unread")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
