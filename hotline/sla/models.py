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


# --------------------------------------------------------------------------- reminders


class DeadlineKind(models.TextChoices):
    SIGN = "sign", _("Sign for")
    REPLY = "reply", _("Reply")


class Stage(models.IntegerChoices):
    REMIND = 0, _("Reminder (催办)")  # approaching: the unit is reminded
    UNIT_LEADER = 1, _("Escalated to the unit's leader")  # overdue
    CENTRE = 2, _("Escalated to the centre")  # overdue for longer
    DONE = 3, _("Nothing left to watch")


class Watch(models.Model):
    """A timer on one deadline of one assignment: when to look at it next, for which stage.

    The sweep finds due watches through the partial index on `fire_at` alone, so its cost
    follows the number of deadlines that matured, not the number of open cases. When a
    watch fires it re-reads the assignment: a deadline moved by an extension is simply
    re-planned, a signed or replied assignment ends the watch.
    """

    assignment = models.ForeignKey("cases.Assignment", on_delete=models.CASCADE, related_name="sla_watches")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=DeadlineKind.choices)
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.REMIND)
    fire_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deadline watch")
        verbose_name_plural = _("deadline watches")
        constraints = [models.UniqueConstraint(fields=["assignment", "kind"], name="sla_watch_once")]
        indexes = [
            models.Index(fields=["fire_at"], name="sla_watch_due", condition=models.Q(fire_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.kind} stage {self.stage} at {self.fire_at}"


class Reminder(models.Model):
    """A reminder (催办) or escalation that went out: once per assignment, deadline and stage."""

    assignment = models.ForeignKey("cases.Assignment", on_delete=models.CASCADE, related_name="sla_reminders")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="sla_reminders")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("deadline"), max_length=10, choices=DeadlineKind.choices)
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    due_at = models.DateTimeField(_("deadline"))
    at = models.DateTimeField(_("at"), default=clock.now)
    recipients = models.JSONField(default=list, blank=True)
    # Which sweep inserted the row: an INSERT ... ON CONFLICT DO NOTHING loses the race
    # silently, so the winner finds its own rows by this token.
    token = models.CharField(max_length=32, editable=False)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "kind", "stage"], name="sla_reminder_once"),
        ]
        indexes = [
            models.Index(fields=["unit", "at"], name="sla_reminder_unit"),
            models.Index(fields=["token"], name="sla_reminder_token"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.get_stage_display()}"


class SweepMark(models.Model):
    """How far the sweep has read a growing table (the last assignment id it planned)."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
