"""What gets written to the audit log, and when.

Reference data (units, staff, categories, rules, time limits, calendar days, API keys
...) is listed in AUDITED; each save or delete writes the before/after of its concrete
fields. Sign-ins, failed sign-ins and sign-outs are logged from Django's auth signals.
Cases are not here: their timeline (CaseEvent) is their audit.
"""

from __future__ import annotations

import json

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.signals import post_delete, post_save, pre_save

from .context import client_ip, current
from .models import AuditAction, AuditEntry

AUDITED = [
    "orgs.Unit", "orgs.User", "catalog.Category", "catalog.ResponsibilityRule",
    "catalog.TimeLimitRule", "sla.CalendarDay", "knowledge.Article",
    "emergency.Plan", "emergency.PlanUnit", "emergency.DutyShift", "grids.UrbanItem",
    "partners.Provider", "partners.ServiceOffer", "partners.MediationScope",
    "open311.OpenApiKey", "exchange.Peer", "security.TOTPDevice",
    # Assessment weights and thresholds are audited too once that app defines them.
    "assessment.ScoreWeights", "assessment.ColourThreshold", "replies.Calibration",
]
SECRET_FIELDS = {"password", "digest", "key_digest", "shared_key", "secret", "totp_secret"}
_BEFORE_ATTR = "_audit_before"


def snapshot(instance) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if field.name in SECRET_FIELDS:
            value = "(hidden)" if value else ""
        data[field.attname] = value
    # Through JSON once so dates and decimals compare equal to what is stored.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _write(action, instance=None, before=None, after=None, user=None, username="", ip=None):
    info = current.get()
    actor_id = user.pk if user is not None else (info.user_id if info else None)
    AuditEntry.objects.create(
        actor_id=actor_id,
        username=username or (user.get_username() if user is not None else ""),
        action=action,
        object_type=instance._meta.label if instance is not None else "",
        object_id=str(instance.pk) if instance is not None else "",
        object_repr=str(instance)[:200] if instance is not None else "",
        before=before, after=after,
        source_ip=ip or (info.source_ip if info else None),
        request_id=info.request_id if info else "",
    )


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).first()
    setattr(instance, _BEFORE_ATTR, snapshot(old) if old is not None else None)


def _post_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = snapshot(instance)
    before = None if created else getattr(instance, _BEFORE_ATTR, None)
    if before is not None:
        changed = {k for k in after if before.get(k) != after.get(k)}
        changed -= {"last_login", "updated_at"}
        if not changed:
            return
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after[k] for k in sorted(changed)}
    _write(AuditAction.CREATE if created else AuditAction.UPDATE, instance, before, after)


def _post_delete(sender, instance, **kwargs):
    _write(AuditAction.DELETE, instance, snapshot(instance), None)


def _logged_in(sender, request, user, **kwargs):
    _write(AuditAction.LOGIN, user=user, ip=client_ip(request) if request else None)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        _write(AuditAction.LOGOUT, user=user, ip=client_ip(request) if request else None)


def _login_failed(sender, credentials, request=None, **kwargs):
    _write(AuditAction.LOGIN_FAILED, username=str(credentials.get("username", ""))[:150],
           ip=client_ip(request) if request else None)


def audited_models():
    for label in AUDITED:
        try:
            yield apps.get_model(label)
        except LookupError:
            continue


def connect() -> None:
    for model in audited_models():
        uid = f"audit:{model._meta.label}"
        pre_save.connect(_pre_save, sender=model, dispatch_uid=uid + ":pre")
        post_save.connect(_post_save, sender=model, dispatch_uid=uid + ":post")
        post_delete.connect(_post_delete, sender=model, dispatch_uid=uid + ":del")
    user_logged_in.connect(_logged_in, dispatch_uid="audit:login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit:logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit:login_failed")
