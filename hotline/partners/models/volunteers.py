"""Volunteer teams (units of kind "volunteer_team"), their members, tasks and hours."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hotline import clock
from hotline.privacy.fields import EncryptedTextField


class Volunteer(models.Model):
    team = models.ForeignKey("orgs.Unit", verbose_name=_("team"), on_delete=models.PROTECT, related_name="volunteers",
                             limit_choices_to={"kind": "volunteer_team"})
    name = models.CharField(pgettext_lazy("partner person", "name"), max_length=40)
    phone = EncryptedTextField(_("phone"), blank=True)
    skills = models.CharField(_("skills"), max_length=200, blank=True, help_text=_("Comma-separated."))
    areas = models.ManyToManyField("orgs.Unit", verbose_name=_("areas"), blank=True, related_name="+",
                                   help_text=_("Districts, streets or communities the volunteer serves."))
    is_active = models.BooleanField(pgettext_lazy("partner person", "active"), default=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["team_id", "name"]

    def __str__(self) -> str:
        return self.name

    def skill_set(self) -> set[str]:
        return {s.strip() for s in self.skills.replace("，", ",").split(",") if s.strip()}


class VolunteerTask(models.Model):
    volunteer = models.ForeignKey(Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT,
                                  related_name="tasks")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    dispatched_at = models.DateTimeField(_("dispatched at"), default=clock.now)
    dispatched_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer task")
        verbose_name_plural = _("volunteer tasks")
        ordering = ["-dispatched_at"]
        constraints = [models.UniqueConstraint(fields=["volunteer", "case"], name="volunteer_task_once")]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.case_id}"
