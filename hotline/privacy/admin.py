"""Read-only admin views of the two logs: nobody edits or deletes what was logged."""

from django.contrib import admin

from hotline.adminutils import ReadOnlyMixin

from .models import ExportLog, RevealLog


@admin.register(RevealLog)
class RevealLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("at", "actor", "case", "fields", "reason", "source_ip")
    list_filter = ("at",)
    search_fields = ("actor__username", "case__number", "reason")
    list_select_related = ("actor", "case")


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("at", "actor", "kind", "file_format", "rows", "masked", "source_ip")
    list_filter = ("kind", "masked", "at")
    search_fields = ("actor__username",)
    list_select_related = ("actor",)
