"""The editable working-day calendar."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline import clock


class DayKind(models.TextChoices):
    DAY_OFF = "off", _("Day off (holiday, typhoon day...)")
    WORKING = "working", _("Working day (make-up day 调休)")


class CalendarDay(models.Model):
    """An administrator's entry that overrides the official calendar for one date.

    Use it for next year's State Council schedule before `chinese-calendar` ships it,
    and for local decisions such as a typhoon day off.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=60, blank=True)
    updated_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self.updated_at = clock.now()
        super().save(*args, **kwargs)
        from .calendar import invalidate

        invalidate()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        from .calendar import invalidate

        invalidate()
        return result
