"""Grids (网格): the digital-urban-management catalogue, inspectors' reports and rewards.

A grid is an `orgs.Unit` of kind "grid" under a community; an inspector is a user with
role "inspector" whose unit is a grid (or a community). A report is a case (channel
`grid`) plus a `GridReport` row saying what was found where and how it was routed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline import clock


class ItemKind(models.TextChoices):
    COMPONENT = "component", _("Component")  # 部件: a city object with an owner (manhole cover, street light)
    EVENT = "event", _("Event")  # 事件: something happening (illegal parking, street vending)


class UrbanItem(models.Model):
    """One entry of the component/event catalogue (数字城管部件事件分类)."""

    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    category = models.ForeignKey("catalog.Category", verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        "orgs.Unit", verbose_name=_("owner unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("For components: the unit that owns and maintains them (reports go there first)."),
    )
    simple = models.BooleanField(
        _("simple"), default=False,
        help_text=_("Simple problems go to the community work station instead of dispatch."),
    )
    hazard = models.BooleanField(_("safety hazard"), default=False,
                                 help_text=_("Verified reports of this item earn the inspector a reward."))
    reward = models.DecimalField(_("reward (yuan)"), max_digits=8, decimal_places=2, default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("component or event type")
        verbose_name_plural = _("component and event types")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class GridReport(models.Model):
    case = models.OneToOneField("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                                related_name="grid_report")
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("inspector"), on_delete=models.PROTECT,
                                  related_name="grid_reports")
    grid = models.ForeignKey("orgs.Unit", verbose_name=_("grid"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    item = models.ForeignKey(UrbanItem, verbose_name=_("component or event"), on_delete=models.PROTECT,
                             related_name="reports")
    routed_to = models.ForeignKey("orgs.Unit", verbose_name=_("routed to"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    route = models.CharField(_("route"), max_length=20)  # community / owner / territory / centre
    reported_at = models.DateTimeField(_("reported at"), default=clock.now)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    hazard_confirmed = models.BooleanField(_("hazard confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("grid report")
        verbose_name_plural = _("grid reports")
        ordering = ["-reported_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.item}"


class RewardRecord(models.Model):
    """A reward for a verified hazard report (隐患举报奖励): one per case."""

    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("inspector"), on_delete=models.PROTECT,
                                  related_name="rewards")
    case = models.OneToOneField("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount (yuan)"), max_digits=8, decimal_places=2)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"), on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(_("created at"), default=clock.now)

    class Meta:
        verbose_name = _("reward record")
        verbose_name_plural = _("reward records")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.inspector} {self.amount}"
