"""Platform-to-platform exchange (peers, transfers, outbox, inbox) and imported records."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hotline import clock
from hotline.privacy.fields import EncryptedTextField


class Peer(models.Model):
    """Another instance of the platform (a district line, the city line, a neighbouring city)."""

    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("How we name this platform; it signs its messages with this code."))
    our_code = models.SlugField(_("our code there"), max_length=40,
                                help_text=_("How that platform names us: the code we sign our messages with."))
    base_url = models.URLField(_("base URL"), help_text=_("e.g. https://12345.city.example/"))
    shared_key = EncryptedTextField(_("shared key"), help_text=_("The same secret on both sides."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("peer platform")
        verbose_name_plural = _("peer platforms")

    def __str__(self) -> str:
        return self.name

    @property
    def inbox_url(self) -> str:
        return self.base_url.rstrip("/") + "/exchange/inbox/"


class Direction(models.TextChoices):
    OUT = "out", _("Sent to the peer")
    IN = "in", _("Received from the peer")


class Transfer(models.Model):
    """One case handed from one platform to another, seen from one side."""

    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    peer = models.ForeignKey(Peer, verbose_name=_("peer platform"), on_delete=models.PROTECT, related_name="transfers")
    transfer_id = models.UUIDField(_("transfer id"), help_text=_("Chosen by the sending side."))
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="transfers")
    remote_number = models.CharField(_("case number there"), max_length=40, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    remote_status = models.CharField(_("status there"), max_length=20, blank=True)
    # Inbound: the sender's timeline up to the transfer, kept beside our own.
    remote_timeline = models.JSONField(default=list, blank=True)
    # Inbound: the last event of our case already reported back to the sender.
    reported_seq = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.UniqueConstraint(fields=["peer", "direction", "transfer_id"], name="transfer_unique_per_peer"),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.peer.code} {self.case_id}"


class OutboxMessage(models.Model):
    """A signed message waiting to be delivered to a peer; retried until acknowledged."""

    message_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="outbox")
    transfer = models.ForeignKey(Transfer, null=True, blank=True, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=20)
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=clock.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=clock.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    response = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["delivered_at", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.peer.code} ({self.message_id})"


class InboxMessage(models.Model):
    """A message received from a peer: processed once, answered the same way when resent."""

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="inbox")
    message_id = models.UUIDField()
    kind = models.CharField(max_length=20)
    received_at = models.DateTimeField(default=clock.now)
    response = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("peer platform message", "inbox message")
        verbose_name_plural = pgettext_lazy("peer platform message", "inbox messages")
        constraints = [models.UniqueConstraint(fields=["peer", "message_id"], name="inbox_once_per_peer")]

    def __str__(self) -> str:
        return f"{self.kind} ← {self.peer.code} ({self.message_id})"


class ImportedRecord(models.Model):
    """A historical record imported as a case: re-importing the same source id does nothing."""

    source = models.CharField(_("source"), max_length=40)
    external_id = models.CharField(_("external id"), max_length=255)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    imported_at = models.DateTimeField(default=clock.now)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="import_once_per_source")]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"
