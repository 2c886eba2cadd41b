"""Every reveal of a citizen's personal data leaves a row here."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline import clock


class RevealLog(models.Model):
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    fields = models.CharField(_("fields"), max_length=100)
    reason = models.CharField(_("reason"), max_length=200)
    at = models.DateTimeField(default=clock.now, db_index=True)
    source_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("personal data reveal")
        verbose_name_plural = _("personal data reveals")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.actor} {self.case_id} {self.fields}"
