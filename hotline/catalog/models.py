"""The matter catalogue: categories, time limits and responsibility rules."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline.cases.choices import CaseType, Urgency


class Category(models.Model):
    """A node of the three-level matter taxonomy (一级/二级/三级分类)."""

    name = models.CharField(_("name"), max_length=60)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(_("level"), default=1, editable=False)
    path = models.CharField(max_length=120, db_index=True, editable=False, default="")
    complexity = models.DecimalField(
        _("difficulty weight"), max_digits=4, decimal_places=2, default=1,
        help_text=_("Used by assessment: harder matters count for more."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.level = (self.parent.level + 1) if self.parent_id else 1
        super().save(*args, **kwargs)
        expected = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        if self.path != expected:
            self.path = expected
            Category.objects.filter(pk=self.pk).update(path=expected)

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]

    def full_name(self) -> str:
        names = dict(Category.objects.filter(pk__in=self.ancestor_ids()).values_list("pk", "name"))
        return " / ".join(names[i] for i in self.ancestor_ids() if i in names)

    def top(self) -> Category:
        ids = self.ancestor_ids()
        return self if len(ids) <= 1 else Category.objects.get(pk=ids[0])


class TimeLimitRule(models.Model):
    """How long a unit has to sign for and to reply.

    The most specific rule wins: urgency first (an emergency is always in minutes),
    then the deepest category, then the case type. Blank fields match anything.
    """

    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.CASCADE,
        help_text=_("Applies to this category and everything under it."),
    )
    case_type = models.CharField(_("case type"), max_length=20, choices=CaseType.choices, blank=True)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, blank=True)
    sign_hours = models.PositiveIntegerField(
        _("sign for within (working hours)"), null=True, blank=True,
    )
    sign_minutes = models.PositiveIntegerField(
        _("sign for within (minutes, clock time)"), null=True, blank=True,
    )
    reply_days = models.PositiveIntegerField(_("reply within (working days)"), null=True, blank=True)
    reply_minutes = models.PositiveIntegerField(
        _("reply within (minutes, clock time)"), null=True, blank=True,
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("time limit rule")
        verbose_name_plural = _("time limit rules")

    def __str__(self) -> str:
        return f"{self.category or '*'} / {self.case_type or '*'} / {self.urgency or '*'}"

    def clean(self):
        if not (self.sign_hours or self.sign_minutes):
            raise ValidationError(_("Give a sign-for limit in working hours or in minutes."))
        if not (self.reply_days or self.reply_minutes):
            raise ValidationError(_("Give a reply limit in working days or in minutes."))


class LeadMode(models.TextChoices):
    UNIT = "unit", _("A named unit (line department, utility...)")
    TERRITORY = "territory", _("The street of the place (territorial matter)")


class ResponsibilityRule(models.Model):
    """Dispatch catalogue (派单目录): matter × territory → lead unit and co-handlers."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="rules",
        help_text=_("Applies to this category and everything under it."),
    )
    territory = models.ForeignKey(
        "orgs.Unit", verbose_name=_("territory"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+", help_text=_("Only for cases located in this district or street."),
    )
    lead_mode = models.CharField(_("lead"), max_length=20, choices=LeadMode.choices, default=LeadMode.UNIT)
    lead_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("lead unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    co_handlers = models.ManyToManyField(
        "orgs.Unit", verbose_name=_("co-handlers"), blank=True, related_name="+",
    )
    priority = models.IntegerField(_("priority"), default=0)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("responsibility rule")
        verbose_name_plural = _("responsibility rules")

    def __str__(self) -> str:
        target = self.lead_unit or self.get_lead_mode_display()
        return f"{self.category} → {target}"

    def clean(self):
        if self.lead_mode == LeadMode.UNIT and not self.lead_unit_id:
            raise ValidationError({"lead_unit": _("A unit rule needs a lead unit.")})
