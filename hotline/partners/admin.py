from django.contrib import admin

from hotline.adminutils import ReadOnlyMixin

from .models import (
    Mediation,
    MediationScope,
    MediationSession,
    Provider,
    ProviderComplaint,
    ProviderOrder,
    ServiceOffer,
    Volunteer,
    VolunteerTask,
)


class ServiceOfferInline(admin.TabularInline):
    model = ServiceOffer
    extra = 1
    fields = ("name", "skills", "price", "market_price")


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("unit", "contract_number", "contract_start", "contract_end", "response_minutes", "status")
    list_filter = ("status",)
    # Suspension and reinstatement happen only through `providers.verify_complaint` / `reinstate`.
    readonly_fields = ("status", "suspended_at", "suspension_reason", "reinstated_at", "reinstated_by",
                       "reinstatement_reason")
    autocomplete_fields = ("unit",)
    inlines = [ServiceOfferInline]


@admin.register(ProviderOrder)
class ProviderOrderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("provider", "case", "offer", "price", "dispatched_at", "responded_at", "completed_at", "satisfied")
    list_filter = ("provider",)
    raw_id_fields = ("case",)


@admin.register(ProviderComplaint)
class ProviderComplaintAdmin(admin.ModelAdmin):
    list_display = ("provider", "received_at", "status", "verified_by")
    list_filter = ("status", "provider")
    readonly_fields = ("status", "verified_at", "verified_by")
    raw_id_fields = ("case",)


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ("name", "team", "skills", "is_active")
    list_filter = ("team", "is_active")
    search_fields = ("name", "skills")
    filter_horizontal = ("areas",)


@admin.register(VolunteerTask)
class VolunteerTaskAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("volunteer", "case", "dispatched_at", "completed_at", "hours")
    raw_id_fields = ("case",)


@admin.register(MediationScope)
class MediationScopeAdmin(admin.ModelAdmin):
    list_display = ("organisation", "kind", "territory")
    list_filter = ("kind",)


class MediationSessionInline(ReadOnlyMixin, admin.TabularInline):
    model = MediationSession
    extra = 0


@admin.register(Mediation)
class MediationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("case", "kind", "organisation", "status", "opened_at", "closed_at")
    list_filter = ("kind", "status")
    raw_id_fields = ("case",)
    inlines = [MediationSessionInline]
