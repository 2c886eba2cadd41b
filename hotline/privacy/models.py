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


class ExportKind(models.TextChoices):
    CASES = "cases", _("Case list (Excel/CSV)")
    REPORT = "report", _("Period report and ledger (Excel)")
    LEDGER_PRINT = "ledger_print", _("Printable ledger")
    ACCOUNTABILITY = "accountability", _("Accountability records (Excel)")
    PRIVACY_LOG = "privacy_log", _("Personal data log")
    BACKUP = "backup", _("Full backup (database and attachments, unmasked)")


class ExportLog(models.Model):
    """Every copy of data that may hold personal data leaving the platform, masked or not."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              null=True, blank=True)  # empty: run from the command line
    kind = models.CharField(_("export"), max_length=20, choices=ExportKind.choices)
    file_format = models.CharField(_("format"), max_length=10, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    masked = models.BooleanField(_("personal data masked"), default=True)
    at = models.DateTimeField(default=clock.now, db_index=True)
    source_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.actor or '-'} {self.kind} {self.rows}"
