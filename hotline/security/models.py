"""Second factor for staff: a TOTP authenticator app (RFC 6238)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline import clock
from hotline.privacy.fields import EncryptedTextField


class TOTPDevice(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device")
    secret = EncryptedTextField()
    created_at = models.DateTimeField(default=clock.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last time step accepted: a code is never accepted twice (replay).
    last_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")

    def __str__(self) -> str:
        return f"TOTP {self.user}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None
