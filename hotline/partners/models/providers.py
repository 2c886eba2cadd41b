"""Partner providers (加盟企业): contracted companies for paid services dispatched by the centre."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hotline import clock

# The contract rule (Shaowu "民生110" partner contract): a partner's price is at
# least 15% below the market reference price.
MAX_PRICE_SHARE = Decimal("0.85")


class ProviderStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("provider status", "Active")
    SUSPENDED = "suspended", _("Suspended")


class Provider(models.Model):
    unit = models.OneToOneField("orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                                related_name="provider", limit_choices_to={"kind": "provider"})
    contract_number = models.CharField(_("contract number"), max_length=40, blank=True)
    contract_start = models.DateField(_("contract start"))
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    response_minutes = models.PositiveSmallIntegerField(_("response promise (minutes)"), default=30)
    subsidy_per_order = models.DecimalField(_("subsidy per order (yuan)"), max_digits=8, decimal_places=2,
                                            default=Decimal("20.00"))
    status = models.CharField(_("status"), max_length=10, choices=ProviderStatus.choices, default=ProviderStatus.ACTIVE)
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspension_reason = models.CharField(_("suspension reason"), max_length=200, blank=True)
    reinstated_at = models.DateTimeField(_("reinstated at"), null=True, blank=True)
    reinstated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reinstated by"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    reinstatement_reason = models.CharField(_("reinstatement reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("partner provider")
        verbose_name_plural = _("partner providers")
        ordering = ["unit__name"]

    def __str__(self) -> str:
        return self.unit.name


class ServiceOffer(models.Model):
    provider = models.ForeignKey(Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="offers")
    name = models.CharField(_("service"), max_length=60)
    skills = models.CharField(_("skills"), max_length=200, blank=True, help_text=_("Comma-separated."))
    price = models.DecimalField(_("price (yuan)"), max_digits=9, decimal_places=2)
    market_price = models.DecimalField(_("market reference price (yuan)"), max_digits=9, decimal_places=2)

    class Meta:
        verbose_name = _("service offer")
        verbose_name_plural = _("service offers")
        ordering = ["provider_id", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gte=0, market_price__gt=0)
                & models.Q(price__lte=models.F("market_price") * MAX_PRICE_SHARE),
                name="offer_price_15pct_below_market",
                violation_error_message=_("The price must be at least 15% below the market reference price."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} · {self.name}"

    def clean(self):
        super().clean()
        if self.price is not None and self.market_price is not None:
            if self.market_price <= 0 or self.price < 0:
                raise ValidationError({"price": _("Give positive prices.")})
            if self.price > self.market_price * MAX_PRICE_SHARE:
                cap = (self.market_price * MAX_PRICE_SHARE).quantize(Decimal("0.01"))
                raise ValidationError({"price": _(
                    "The price must be at least 15%% below the market reference price (at most %(cap)s yuan)."
                ) % {"cap": cap}})


class ProviderOrder(models.Model):
    """One paid service the centre dispatched to a provider."""

    provider = models.ForeignKey(Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="orders")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    offer = models.ForeignKey(ServiceOffer, verbose_name=_("service"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    price = models.DecimalField(_("price (yuan)"), max_digits=9, decimal_places=2, null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), default=clock.now)
    dispatched_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    satisfied = models.BooleanField(_("satisfied"), null=True, blank=True)

    class Meta:
        verbose_name = _("provider order")
        verbose_name_plural = _("provider orders")
        ordering = ["-dispatched_at"]

    def __str__(self) -> str:
        return f"{self.provider} · {self.case_id}"

    @property
    def on_time(self) -> bool:
        return (self.responded_at is not None
                and (self.responded_at - self.dispatched_at).total_seconds() <= self.provider.response_minutes * 60)


class ComplaintStatus(models.TextChoices):
    OPEN = "open", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Not substantiated")


class ProviderComplaint(models.Model):
    provider = models.ForeignKey(Provider, verbose_name=_("provider"), on_delete=models.PROTECT,
                                 related_name="complaints")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    text = models.TextField(_("complaint"))
    status = models.CharField(_("status"), max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN)
    received_at = models.DateTimeField(_("received at"), default=clock.now)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("complaint about a provider")
        verbose_name_plural = _("complaints about providers")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.provider} {self.received_at:%Y-%m-%d}"
