"""Retention of personal data: closed cases keep their content, lose the citizen.

After HOTLINE_PII_RETENTION_DAYS (default 730) from closure, a case's citizen name,
phone, ID number and phone digest are erased; the case, its timeline and its figures
stay. Each purge is one audit entry per batch with the case numbers.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from hotline import clock
from hotline.audit.models import AuditAction, AuditEntry
from hotline.cases.choices import Status
from hotline.cases.models import Case

from . import crypto


def retention_days() -> int:
    return int(getattr(settings, "HOTLINE_PII_RETENTION_DAYS", 730))


def due_for_purge(now: dt.datetime | None = None):
    cutoff = (now or clock.now()) - dt.timedelta(days=retention_days())
    return Case.objects.filter(
        status__in=[Status.CLOSED, Status.MERGED], closed_at__lt=cutoff, personal_data_purged_at__isnull=True,
    )


def purge(now: dt.datetime | None = None, batch: int = 500) -> int:
    now = now or clock.now()
    total = 0
    while True:
        with transaction.atomic():
            rows = list(due_for_purge(now).order_by("pk").values_list("pk", "number")[:batch])
            if not rows:
                return total
            Case.objects.filter(pk__in=[pk for pk, _ in rows]).update(
                citizen_name="", citizen_phone="", citizen_id_number="", phone_digest="",
                personal_data_purged_at=now,
            )
            AuditEntry.objects.create(
                at=now, action=AuditAction.UPDATE, object_type="cases.Case",
                object_repr=f"personal data purged from {len(rows)} cases",
                after={"purged": [number for _, number in rows], "retention_days": retention_days()},
            )
            total += len(rows)


def rotate_keys(batch: int = 1000) -> int:
    """Re-encrypt every citizen field with the newest key (HOTLINE_DATA_KEYS[0])."""
    crypto.reset_keys()
    done = 0
    last = 0
    while True:
        rows = list(
            Case.objects.filter(pk__gt=last).order_by("pk")
            .values_list("pk", "citizen_name", "citizen_phone", "citizen_id_number")[:batch]
        )
        if not rows:
            return done
        with transaction.atomic():
            for pk, name, phone, id_number in rows:
                # Values come back decrypted (any configured key); saving encrypts with the newest.
                Case.objects.filter(pk=pk).update(citizen_name=name, citizen_phone=phone, citizen_id_number=id_number)
        done += len(rows)
        last = rows[-1][0]
