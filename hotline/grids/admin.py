from django.contrib import admin

from .models import GridReport, RewardRecord, UrbanItem


@admin.register(UrbanItem)
class UrbanItemAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "owner", "simple", "hazard", "reward", "is_active")
    list_filter = ("kind", "simple", "hazard", "is_active")
    search_fields = ("name", "code")
    autocomplete_fields = ("owner",)


@admin.register(GridReport)
class GridReportAdmin(admin.ModelAdmin):
    list_display = ("case", "item", "inspector", "grid", "route", "routed_to", "reported_at", "hazard_confirmed")
    list_filter = ("route", "item__kind")
    readonly_fields = ("case", "inspector", "grid", "item", "routed_to", "route", "reported_at", "verified_at",
                       "verified_by", "hazard_confirmed")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RewardRecord)
class RewardRecordAdmin(admin.ModelAdmin):
    list_display = ("inspector", "case", "amount", "verified_by", "created_at")
    readonly_fields = ("inspector", "case", "amount", "verified_by", "created_at")

    def has_add_permission(self, request, obj=None):
        return False
