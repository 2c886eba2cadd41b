"""Pre-aggregated figures for the leaders' view, and the problem of the month (每月一题).

`DailyVolume` counts registered cases per local day × channel × type × top-level
category × district × street. Those dimensions are fixed when a case is registered
(no workflow verb changes them), so the rollup is kept by one increment in the
registering transaction (`rollup.record_registration`) and can be rebuilt from the
cases at any time (`hotline rollup rebuild`). Missing dimensions are stored as 0, not
NULL, so the unique key works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hotline import clock


class DailyVolume(models.Model):
    day = models.DateField()
    channel = models.CharField(max_length=20)
    case_type = models.CharField(max_length=20)
    category_top = models.PositiveIntegerField(default=0)  # top-level category id, 0 = none
    district = models.PositiveIntegerField(default=0)  # unit id, 0 = none
    street = models.PositiveIntegerField(default=0)  # unit id, 0 = none
    cases = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily volume")
        verbose_name_plural = _("daily volumes")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel", "case_type", "category_top", "district", "street"],
                name="daily_volume_key",
            ),
        ]
        indexes = [models.Index(fields=["district", "street", "day"], name="daily_volume_place")]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.case_type} {self.category_top}/{self.district}/{self.street}: {self.cases}"


class MonthlyProblem(models.Model):
    """A recurring problem leaders chose to tackle in a month, and how related cases are found."""

    month = models.DateField(_("month"), help_text=_("The month the problem was chosen (first day)."))
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    lead_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="+",
    )
    category = models.ForeignKey(
        "catalog.Category", verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Cases in this category or below it are related."),
    )
    keywords = models.CharField(
        _("keywords"), max_length=200, blank=True,
        help_text=_("Separated by commas; a case whose title or content holds any of them is related."),
    )
    district = models.ForeignKey(
        "orgs.Unit", verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    street = models.ForeignKey(
        "orgs.Unit", verbose_name=_("street"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    baseline_month = models.DateField(_("baseline month"), help_text=_("First day of the month compared against."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("problem of the month")
        verbose_name_plural = _("problems of the month")
        ordering = ["-month", "-pk"]
        constraints = [models.UniqueConstraint(fields=["month", "title"], name="monthly_problem_once")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.title}"

    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.replace("，", ",").split(",") if k.strip()]


class ProblemAction(models.Model):
    problem = models.ForeignKey(MonthlyProblem, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(pgettext_lazy("problem of the month: remedial measure", "action"), max_length=200)
    owner = models.ForeignKey("orgs.Unit", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("problem action")
        verbose_name_plural = _("problem actions")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["problem", "description", "owner"], name="problem_action_once"),
        ]

    def __str__(self) -> str:
        return self.description
