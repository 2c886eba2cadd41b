from django.contrib import admin

from .models import Hotspot, Scan


class HotspotInline(admin.TabularInline):
    model = Hotspot
    fields = ("rank", "label", "items", "people", "votes", "heat", "growth", "warning")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(Scan)
class ScanAdmin(admin.ModelAdmin):
    """Read-only: scans are written by `hotline hotspots scan` and the periodic job."""

    list_display = ("ran_at", "source", "messages", "seconds")
    list_filter = ("source",)
    inlines = [HotspotInline]
    readonly_fields = ("source", "since", "until", "ran_at", "messages", "seconds", "params")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
