"""Lock-out after repeated failed sign-ins, derived from the audit log.

The audit log already records every failed sign-in (username, time, address); an
account with HOTLINE_LOCKOUT_ATTEMPTS failures within HOTLINE_LOCKOUT_MINUTES since its
last successful sign-in is refused until the window passes. Attempts made while locked
count too, so hammering keeps the lock on.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from hotline import clock
from hotline.audit.models import AuditAction, AuditEntry


def is_locked(username: str, now: dt.datetime | None = None) -> bool:
    if not username:
        return False
    now = now or clock.now()
    since = now - dt.timedelta(minutes=settings.HOTLINE_LOCKOUT_MINUTES)
    last_ok = (
        AuditEntry.objects.filter(action=AuditAction.LOGIN, username=username, at__gte=since)
        .order_by("-at").values_list("at", flat=True).first()
    )
    failures = AuditEntry.objects.filter(
        action=AuditAction.LOGIN_FAILED, username=username, at__gte=last_ok or since,
    ).count()
    return failures >= settings.HOTLINE_LOCKOUT_ATTEMPTS


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None and is_locked(str(username)):
            raise PermissionDenied("account temporarily locked")
        return super().authenticate(request, username=username, password=password, **kwargs)
