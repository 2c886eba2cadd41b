from django.contrib import admin

from hotline.adminutils import ReadOnlyMixin

from .models import (
    DutyShift,
    ExternalTransfer,
    Incident,
    IncidentEvent,
    IncidentUnit,
    Plan,
    PlanUnit,
)


class PlanUnitInline(admin.TabularInline):
    model = PlanUnit
    extra = 1
    autocomplete_fields = ("unit",)
    fields = ("order", "unit", "task", "ack_minutes", "arrive_minutes")


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("name", "incident_type", "is_active")
    list_filter = ("incident_type", "is_active")
    search_fields = ("name",)
    filter_horizontal = ("categories",)
    inlines = [PlanUnitInline]


@admin.register(DutyShift)
class DutyShiftAdmin(admin.ModelAdmin):
    list_display = ("unit", "user", "start", "end")
    list_filter = ("unit",)
    autocomplete_fields = ("unit", "user")
    date_hierarchy = "start"




class IncidentUnitInline(ReadOnlyMixin, admin.TabularInline):
    model = IncidentUnit
    fields = ("unit", "task", "state", "dispatched_at", "acknowledged_at", "arrived_at", "ack_escalation",
              "arrive_escalation")
    readonly_fields = fields
    extra = 0


class IncidentEventInline(ReadOnlyMixin, admin.TabularInline):
    model = IncidentEvent
    fields = ("at", "verb", "unit", "actor", "data")
    readonly_fields = fields
    extra = 0


@admin.register(Incident)
class IncidentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("number", "title", "plan", "status", "started_at", "closed_at")
    list_filter = ("status", "plan")
    inlines = [IncidentUnitInline, IncidentEventInline]


@admin.register(ExternalTransfer)
class ExternalTransferAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("at", "direction", "platform", "outcome", "case", "external_ref")
    list_filter = ("direction", "platform", "outcome")
    exclude = ("caller_contact",)
