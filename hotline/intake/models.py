"""Intake's own records: what the classifier suggested and what the agent chose."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline import clock


class CategoryFeedback(models.Model):
    """An agent's confirmation or correction of a suggested category: training data
    for the next `hotline classifier train`."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="category_feedback",
    )
    suggested = models.ForeignKey(
        "catalog.Category", verbose_name=_("suggested category"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    suggested_label = models.CharField(_("suggested label"), max_length=120, blank=True)
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    model_version = models.CharField(_("model version"), max_length=40, blank=True)
    chosen = models.ForeignKey(
        "catalog.Category", verbose_name=_("chosen category"), on_delete=models.PROTECT, related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    at = models.DateTimeField(_("at"), default=clock.now)

    class Meta:
        verbose_name = _("category feedback")
        verbose_name_plural = _("category feedback")
        indexes = [models.Index(fields=["case", "at"], name="intake_feedback_case_at")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.suggested_label or '-'} → {self.chosen_id}"

    @property
    def is_correction(self) -> bool:
        return self.suggested_id != self.chosen_id
