"""What the API remembers: the first answer to each idempotent POST."""

from __future__ import annotations

from django.db import models

from hotline import clock


class IdempotencyRecord(models.Model):
    """One `Idempotency-Key` used by one caller (a staff member, or a public client address).

    Written in the same transaction as the work it records, so a committed record always
    has its case, and a rolled-back attempt leaves neither. The unique constraint is what
    makes two concurrent requests with one key produce one case.
    """

    scope = models.CharField(max_length=100)
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField(default=0)
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=clock.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="api_idempotency_scope_key")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
