"""The case (工单), its assignments, its append-only timeline and its attachments.

Nothing here changes a case's status: that is `hotline.cases.workflow`'s job alone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline import clock
from hotline.privacy.fields import EncryptedTextField
from hotline.privacy.masking import mask_name, mask_phone

from .choices import (
    AssignmentRole,
    AssignmentStatus,
    CaseType,
    Channel,
    Satisfaction,
    Status,
    Urgency,
)


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=20, unique=True)
    query_code = models.CharField(_("query code"), max_length=12)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    case_type = models.CharField(_("type"), max_length=20, choices=CaseType.choices)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    category = models.ForeignKey(
        "catalog.Category", verbose_name=_("category"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))

    address = models.CharField(_("address"), max_length=255, blank=True)
    district = models.ForeignKey(
        "orgs.Unit", verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    street = models.ForeignKey(
        "orgs.Unit", verbose_name=_("street"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    community = models.ForeignKey(
        "orgs.Unit", verbose_name=_("community"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    citizen_name = EncryptedTextField(_("citizen name"), blank=True)
    citizen_phone = EncryptedTextField(_("citizen phone"), blank=True)
    citizen_id_number = EncryptedTextField(_("ID number"), blank=True)
    phone_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    confidential = models.BooleanField(_("confidential"), default=False)
    personal_data_purged_at = models.DateTimeField(
        _("personal data purged at"), null=True, blank=True, editable=False,
    )

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    version = models.PositiveIntegerField(default=1)
    lead_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("lead unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    sign_due_at = models.DateTimeField(_("sign for by"), null=True, blank=True)
    due_at = models.DateTimeField(_("reply by"), null=True, blank=True)
    due_estimated = models.BooleanField(
        default=False, help_text=_("The deadline crosses a year without a holiday schedule."),
    )
    extension_pending = models.BooleanField(default=False)

    registered_at = models.DateTimeField(_("registered at"), default=clock.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    resolved = models.BooleanField(_("resolved"), null=True, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True,
    )
    reopen_count = models.PositiveSmallIntegerField(default=0)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_cases",
    )
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-registered_at"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="case_status_due"),
            models.Index(fields=["lead_unit", "status"], name="case_lead_status"),
            # Newest first (search, lists), and a unit leader's dashboard counted from its
            # cases: a month's cases grouped by day and dimensions from the index alone.
            models.Index(fields=["registered_at"], name="case_registered_dims",
                         include=["id", "channel", "case_type", "category", "district", "street"]),
            models.Index(fields=["category", "registered_at"], name="case_category_time"),
            # Repeat detection at intake: the street's cases closed in the last weeks.
            models.Index(fields=["street", "closed_at"], name="case_street_closed",
                         condition=models.Q(status="closed")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in Status.open_states()

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.citizen_phone)

    @property
    def masked_name(self) -> str:
        return "" if self.anonymous else mask_name(self.citizen_name)

    def is_overdue(self, at=None) -> bool:
        at = at or clock.now()
        return self.is_open and self.status != Status.REPLIED and self.due_at is not None and self.due_at < at


class CaseNumberSequence(models.Model):
    """Per-day counter behind the human case numbers (2026112200001)."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class Assignment(models.Model):
    """One unit's part in a case: the lead (主办) or a co-handler (协办), per dispatch round."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("role"), max_length=10, choices=AssignmentRole.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.PENDING,
    )
    round = models.PositiveSmallIntegerField(default=1)
    dispatched_at = models.DateTimeField(default=clock.now)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    sign_due_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.CharField(max_length=30, blank=True)
    return_note = models.TextField(blank=True)
    instructions = models.TextField(_("instructions"), blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["case_id", "round", "role", "id"]
        indexes = [
            models.Index(fields=["unit", "status", "due_at"], name="assignment_queue"),
            # The cases a unit and its sub-units see (`cases.access`), read from the index alone.
            models.Index(fields=["unit", "case"], name="assignment_unit_case"),
            models.Index(fields=["status", "sign_due_at"], name="assignment_sign_due"),
            # The unit workbench: its active assignments, soonest deadline first, read in order.
            models.Index(fields=["unit", "due_at", "id"], name="assignment_active_due",
                         condition=models.Q(status__in=["pending", "signed"])),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.role} {self.unit_id}"

    @property
    def is_active(self) -> bool:
        return self.status in AssignmentStatus.active()


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Extension(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("working days"))
    reason = models.TextField(_("reason"))
    status = models.CharField(max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=clock.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    old_due_at = models.DateTimeField(null=True, blank=True)
    new_due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")

    def __str__(self) -> str:
        return f"{self.case_id} +{self.days} ({self.status})"


class CaseEvent(models.Model):
    """One line of a case's timeline. Append-only: never edited, never deleted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    verb = models.CharField(max_length=30, db_index=True)
    at = models.DateTimeField(default=clock.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    actor_role = models.CharField(max_length=20, blank=True)
    actor_unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="case_event_seq")]
        indexes = [models.Index(fields=["verb", "at"], name="event_verb_at")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.verb}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("case events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("case events are append-only")


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"cases/{instance.case.registered_at:%Y/%m}/{instance.case.number}/{instance.sha256[:16]}-{filename}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(CaseEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=clock.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
