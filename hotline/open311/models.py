"""Open311 GeoReport v2: the keys of client applications and what they sent with a request."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline import clock
from hotline.privacy.fields import EncryptedTextField


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class OpenApiKey(models.Model):
    """A client application allowed to POST requests. Only the key's digest is stored."""

    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("key starts with"), max_length=12, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def set_new_key(self) -> str:
        raw = "o311_" + secrets.token_urlsafe(24)
        self.digest, self.prefix = _digest(raw), raw[:9]
        return raw

    @classmethod
    def issue(cls, name: str) -> tuple[OpenApiKey, str]:
        key = cls(name=name)
        raw = key.set_new_key()
        key.save()
        return key, raw

    @classmethod
    def authenticate(cls, raw: str) -> OpenApiKey | None:
        if not raw:
            return None
        key = cls.objects.filter(digest=_digest(raw), active=True).first()
        if key is not None:
            cls.objects.filter(pk=key.pk).update(last_used_at=clock.now())
        return key


class ServiceRequest(models.Model):
    """What an Open311 client sent beyond the case itself (the case holds the rest)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="open311")
    token = models.CharField(max_length=40, unique=True)
    api_key = models.ForeignKey(OpenApiKey, null=True, on_delete=models.SET_NULL, related_name="requests")
    service_code = models.CharField(max_length=20)
    attributes = models.JSONField(default=dict, blank=True)
    email = EncryptedTextField(_("email"), blank=True)
    device_id = models.CharField(max_length=100, blank=True)
    account_id = models.CharField(max_length=100, blank=True)
    media_url = models.URLField(max_length=500, blank=True)
    received_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("Open311 request")
        verbose_name_plural = _("Open311 requests")

    def __str__(self) -> str:
        return self.token
