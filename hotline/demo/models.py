"""A record that the demo city was loaded: the marker that makes `hotline demo` idempotent."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hotline import clock


class DemoLoad(models.Model):
    loaded_at = models.DateTimeField(_("loaded at"), default=clock.now)
    seed = models.IntegerField(_("random seed"))
    cases = models.PositiveIntegerField(_("cases created"))
    summary = models.JSONField(pgettext_lazy("demo run", "summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("demo load")
        verbose_name_plural = _("demo loads")

    def __str__(self) -> str:
        return f"demo {self.loaded_at:%Y-%m-%d %H:%M} ({self.cases} cases)"
