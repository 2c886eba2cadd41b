"""Mediation (大调解): disputes routed to mediation organisations, sessions, outcomes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hotline import clock


class DisputeKind(models.TextChoices):
    NEIGHBOUR = "neighbour", _("Neighbour dispute")
    LABOUR = "labour", _("Labour dispute")
    MEDICAL = "medical", _("Medical dispute")
    PROPERTY = "property", _("Property-management dispute")
    CONSUMER = "consumer", _("Consumer dispute")


class MediationScope(models.Model):
    """Which mediation organisation takes which kind of dispute, where (no territory = everywhere)."""

    organisation = models.ForeignKey("orgs.Unit", verbose_name=_("mediation organisation"), on_delete=models.CASCADE,
                                     related_name="+", limit_choices_to={"kind": "mediation"})
    kind = models.CharField(_("dispute kind"), max_length=12, choices=DisputeKind.choices)
    territory = models.ForeignKey("orgs.Unit", verbose_name=_("territory"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("mediation scope")
        verbose_name_plural = _("mediation scopes")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_kind_display()}"


class MediationStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a session")
    IN_PROGRESS = "in_progress", _("In mediation")
    SETTLED = "settled", _("Settled")
    FAILED = "failed", _("No agreement")
    WITHDRAWN = "withdrawn", pgettext_lazy("mediation status", "Withdrawn")

    @classmethod
    def final(cls) -> set[str]:
        return {cls.SETTLED, cls.FAILED, cls.WITHDRAWN}


class Mediation(models.Model):
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("dispute kind"), max_length=12, choices=DisputeKind.choices)
    organisation = models.ForeignKey("orgs.Unit", verbose_name=_("mediation organisation"), on_delete=models.PROTECT,
                                     related_name="+")
    parties = models.CharField(_("parties"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MediationStatus.choices, default=MediationStatus.OPEN)
    opened_at = models.DateTimeField(_("opened at"), default=clock.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(pgettext_lazy("mediation", "closed at"), null=True, blank=True)
    outcome = models.TextField(pgettext_lazy("mediation", "outcome"), blank=True)
    agreement_amount = models.DecimalField(_("agreed amount (yuan)"), max_digits=11, decimal_places=2, null=True,
                                           blank=True)

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.case_id}"


class MediationSession(models.Model):
    mediation = models.ForeignKey(Mediation, verbose_name=_("mediation"), on_delete=models.CASCADE,
                                  related_name="sessions")
    at = models.DateTimeField(_("at"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    mediator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("mediator"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["mediation_id", "at"]

    def __str__(self) -> str:
        return f"{self.mediation} {self.at:%Y-%m-%d}"
