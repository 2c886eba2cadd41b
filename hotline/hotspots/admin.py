from django.contrib import admin

from hotline.adminutils import ReadOnlyMixin

from .models import Hotspot, Scan


class HotspotInline(ReadOnlyMixin, admin.TabularInline):
    model = Hotspot
    fields = ("rank", "label", "items", "people", "votes", "heat", "growth", "warning")
    readonly_fields = fields
    extra = 0
    show_change_link = False


@admin.register(Scan)
class ScanAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: scans are written by `hotline hotspots scan` and the periodic job."""

    list_display = ("ran_at", "source", "messages", "seconds")
    list_filter = ("source",)
    inlines = [HotspotInline]
    readonly_fields = ("source", "since", "until", "ran_at", "messages", "seconds", "params")
