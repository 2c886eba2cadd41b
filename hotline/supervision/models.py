"""Supervision orders (督办单), repeat links (重复投诉) and accountability records (问责).

Nothing here writes a case: the case's timeline gets a note through
`hotline.cases.workflow.annotate`, and the rows below are written by `actions.py`,
`repeats.py` and `accountability.py` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hotline import clock

from .choices import (
    AccountabilityKind,
    Decision,
    EscalationReason,
    EventKind,
    ItemStatus,
    Level,
    RepeatReason,
)


class SupervisionOrder(models.Model):
    """One order, issued on one case or on a group of cases chosen by a filter."""

    level = models.CharField(pgettext_lazy("supervision level", "level"), max_length=10, choices=Level.choices, default=Level.GENERAL)
    subject = models.CharField(pgettext_lazy("supervision order", "subject"), max_length=200)
    reason = models.TextField(_("reason"))
    days = models.PositiveSmallIntegerField(_("working days to answer"))
    due_at = models.DateTimeField(_("answer by"))
    # The filter a group order was built from (street, category, period...), kept as issued.
    selection = models.JSONField(_("selection"), default=dict, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=clock.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_by_role = models.CharField(max_length=20)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The issuing form's one-time token: a resubmitted form finds this order instead of making another.
    request_token = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issued_by", "request_token"], condition=~Q(request_token=""), name="supervision_order_token_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def number(self) -> str:
        return f"DB{self.issued_at.astimezone(clock.LOCAL_TZ):%Y%m%d}-{self.pk or 0:05d}"

    @property
    def is_group(self) -> bool:
        return bool(self.selection)


class SupervisionItem(models.Model):
    """The order as it applies to one case and the unit that must answer for it."""

    order = models.ForeignKey(SupervisionOrder, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="supervision_items")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(pgettext_lazy("supervision level", "level"), max_length=10, choices=Level.choices)
    status = models.CharField(_("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    due_at = models.DateTimeField(_("answer by"))
    escalations = models.PositiveSmallIntegerField(_("escalations"), default=0)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    answered_late = models.BooleanField(_("answered late"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervised case")
        verbose_name_plural = _("supervised cases")
        ordering = ["order_id", "id"]
        constraints = [models.UniqueConstraint(fields=["order", "case"], name="supervision_item_once")]
        indexes = [
            models.Index(fields=["status", "due_at"], name="supervision_item_due"),
            models.Index(fields=["unit", "status"], name="supervision_item_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.case_id} {self.level} {self.status}"

    @property
    def is_overdue(self) -> bool:
        return self.status == ItemStatus.PENDING and self.due_at < clock.now()


class SupervisionEvent(models.Model):
    """The log of every supervision action. Append-only, like the case timeline."""

    order = models.ForeignKey(SupervisionOrder, on_delete=models.CASCADE, related_name="events")
    item = models.ForeignKey(SupervisionItem, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    at = models.DateTimeField(default=clock.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    actor_role = models.CharField(max_length=20, blank=True)
    level = models.CharField(max_length=10, choices=Level.choices)
    case_event = models.ForeignKey(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("supervision event")
        verbose_name_plural = _("supervision events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.item_id} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("supervision events are append-only")
        super().save(*args, **kwargs)

    @property
    def text(self) -> str:
        """What the event said: the answer, the rejection or escalation reason, the note."""
        d = self.data or {}
        if self.kind == EventKind.ESCALATED:
            reason = d.get("reason", "")
            label = EscalationReason(reason).label if reason in EscalationReason.values else reason
            return f"{Level(d['from_level']).label} → {Level(d['to_level']).label}: {label}" if d.get("to_level") else str(label)
        return str(d.get("answer") if self.kind == EventKind.ANSWERED else d.get("reason") or d.get("note") or "")


class RepeatLink(models.Model):
    """A case that came back after an earlier one was closed (重复投诉)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="repeat_links")
    earlier = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="repeated_by")
    reason = models.CharField(pgettext_lazy("repeat complaint cause", "reason"), max_length=20, choices=RepeatReason.choices)
    score = models.FloatField(_("similarity"), default=1.0)
    # The unit that closed the earlier case (its lead unit): the repeat counts against it.
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    days_after_close = models.FloatField(_("days after closure"))
    created_at = models.DateTimeField(default=clock.now)
    case_event = models.ForeignKey(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("repeat link")
        verbose_name_plural = _("repeat links")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "earlier", "reason"], name="repeat_link_once")]
        indexes = [models.Index(fields=["unit", "created_at"], name="repeat_unit_time")]

    def __str__(self) -> str:
        return f"{self.case_id} ↻ {self.earlier_id} ({self.reason})"


class AccountabilityRecord(models.Model):
    """A failing of a unit found on the timeline, with the events that show it (问责)."""

    kind = models.CharField(_("kind"), max_length=20, choices=AccountabilityKind.choices)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    # The event that makes the record; a re-scan finds it again and adds nothing.
    event = models.ForeignKey("cases.CaseEvent", on_delete=models.PROTECT, related_name="+")
    repeat_link = models.ForeignKey(RepeatLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    occurred_at = models.DateTimeField(_("occurred at"))
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    found_at = models.DateTimeField(_("found at"), default=clock.now)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True, default="")
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("accountability record")
        verbose_name_plural = _("accountability records")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "event"], name="accountability_once"),
            models.CheckConstraint(
                condition=~Q(decision="") | Q(decided_at__isnull=True), name="accountability_decided_at",
            ),
        ]
        indexes = [models.Index(fields=["unit", "occurred_at"], name="accountability_unit_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit} · {self.case_id}"
