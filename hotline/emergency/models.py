"""Contingency plans (预案), duty rosters, incidents with per-unit tracking, 110 linkage.

An incident keeps its own rows per linkage unit (dispatched → acknowledged → arrived);
the case it may belong to is changed only through `hotline.cases.workflow`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hotline import clock
from hotline.privacy.fields import EncryptedTextField


class IncidentType(models.TextChoices):
    FLOOD = "flood", _("Flood / typhoon")
    GAS_LEAK = "gas_leak", _("Gas leak")
    FIRE_HAZARD = "fire_hazard", _("Fire hazard")
    MASS_DISPUTE = "mass_dispute", _("Mass dispute")
    PUBLIC_HEALTH = "public_health", _("Public-health event")
    WATER_OUTAGE = "water_outage", _("Water or power outage")
    ROAD_COLLAPSE = "road_collapse", _("Road collapse")
    OTHER = "other", _("Other emergency")


class Plan(models.Model):
    """A contingency plan: which linkage units move for one incident type, and how fast."""

    name = models.CharField(_("name"), max_length=100)
    incident_type = models.CharField(_("incident type"), max_length=20, choices=IncidentType.choices)
    description = models.TextField(_("description"), blank=True)
    categories = models.ManyToManyField(
        "catalog.Category", verbose_name=_("categories"), blank=True, related_name="+",
        help_text=_("Emergency cases of these categories suggest this plan."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("contingency plan")
        verbose_name_plural = _("contingency plans")
        ordering = ["incident_type", "name"]

    def __str__(self) -> str:
        return self.name


class PlanUnit(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("linkage unit"), on_delete=models.PROTECT, related_name="+")
    task = models.CharField(_("task"), max_length=200)
    ack_minutes = models.PositiveSmallIntegerField(_("minutes to acknowledge"), default=5)
    arrive_minutes = models.PositiveSmallIntegerField(_("minutes to arrive"), default=30)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("linkage unit of a plan")
        verbose_name_plural = _("linkage units of a plan")
        ordering = ["plan_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="plan_unit_once")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.unit}"


class DutyShift(models.Model):
    """The 24-hour duty roster: who answers for a unit between `start` and `end`."""

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="duty_shifts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("duty officer"), on_delete=models.CASCADE,
                             related_name="duty_shifts")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["unit_id", "start"]
        indexes = [models.Index(fields=["unit", "start", "end"], name="duty_unit_time")]
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="duty_end_after_start")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.user}"


class IncidentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")  # units dispatched, work going on
    CLOSED = "closed", pgettext_lazy("emergency incident status", "Closed")  # over; the report is written


class Incident(models.Model):
    number = models.CharField(_("incident number"), max_length=20, unique=True)
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="incidents")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    title = models.CharField(_("title"), max_length=200)
    address = models.CharField(_("address"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.ACTIVE)
    started_at = models.DateTimeField(_("started at"), default=clock.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    closed_at = models.DateTimeField(pgettext_lazy("emergency incident", "closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    summary = models.TextField(_("summary"), blank=True)
    report = models.JSONField(_("incident report"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(status="active"), name="one_active_incident_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class UnitState(models.TextChoices):
    DISPATCHED = "dispatched", _("Dispatched, not acknowledged")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged, on the way")
    ARRIVED = "arrived", _("Arrived on site")
    RELEASED = "released", _("Released")


class IncidentUnit(models.Model):
    """One linkage unit's part in an incident, timed to the minute."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    task = models.CharField(_("task"), max_length=200)
    state = models.CharField(_("state"), max_length=20, choices=UnitState.choices, default=UnitState.DISPATCHED)
    dispatched_at = models.DateTimeField(_("dispatched at"))
    ack_due_at = models.DateTimeField(_("acknowledge by"))
    arrive_due_at = models.DateTimeField(_("arrive by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    arrived_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    # Escalations already sent: 0 none, 1 the unit's leader, 2 the centre.
    ack_escalation = models.PositiveSmallIntegerField(default=0)
    arrive_escalation = models.PositiveSmallIntegerField(default=0)
    duty_officers = models.JSONField(default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("incident unit")
        verbose_name_plural = _("incident units")
        ordering = ["incident_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["incident", "unit"], name="incident_unit_once")]
        indexes = [models.Index(fields=["state", "ack_due_at"], name="incident_unit_due")]

    def __str__(self) -> str:
        return f"{self.incident.number} · {self.unit}"


class IncidentEvent(models.Model):
    """The incident's own timeline (append-only)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=clock.now)
    verb = models.CharField(max_length=30)
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("incident event")
        verbose_name_plural = _("incident events")
        ordering = ["incident_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.verb}"


class NumberSequence(models.Model):
    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class Direction(models.TextChoices):
    OUT = "out", _("To an emergency platform")
    IN = "in", _("From an emergency platform")


class TransferOutcome(models.TextChoices):
    TRANSFERRED = "transferred", _("Transferred")
    RECEIVED = "received", _("Received as a case")
    KEPT = "kept", _("Kept: responsibility unclear, the first platform keeps it")
    REFUSED = "refused", _("Refused: responsibility unclear, the first platform keeps it")


class Matter(models.TextChoices):
    POLICE = "police", _("Police matter (110)")
    FIRE = "fire", _("Fire and rescue (119)")
    MEDICAL = "medical", _("Medical emergency (120)")
    TRAFFIC = "traffic", _("Traffic accident or traffic police (122)")
    UNCLEAR = "unclear", _("Responsibility unclear")


class ExternalTransfer(models.Model):
    """One handover between 12345 and 110/119/120/122, in either direction."""

    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    outcome = models.CharField(_("outcome"), max_length=12, choices=TransferOutcome.choices)
    platform = models.CharField(_("platform"), max_length=10)  # "110", "119", "120", "122"
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("external unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    matter = models.CharField(_("matter"), max_length=10, choices=Matter.choices, blank=True)
    external_ref = models.CharField(_("reference at the other platform"), max_length=64, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    record = models.JSONField(_("record handed over"), default=dict, blank=True)
    caller_contact = EncryptedTextField(_("caller contact"), blank=True)
    at = models.DateTimeField(_("at"), default=clock.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+")

    class Meta:
        verbose_name = _("external transfer")
        verbose_name_plural = _("external transfers")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "external_ref"], condition=models.Q(direction="in") & ~models.Q(external_ref=""),
                                    name="external_in_once"),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.platform} {self.case_id or ''}"
