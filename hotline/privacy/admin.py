"""Read-only admin views of the two logs: nobody edits or deletes what was logged."""

from django.contrib import admin

from .models import ExportLog, RevealLog


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RevealLog)
class RevealLogAdmin(ReadOnly):
    list_display = ("at", "actor", "case", "fields", "reason", "source_ip")
    list_filter = ("at",)
    search_fields = ("actor__username", "case__number", "reason")
    list_select_related = ("actor", "case")


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnly):
    list_display = ("at", "actor", "kind", "file_format", "rows", "masked", "source_ip")
    list_filter = ("kind", "masked", "at")
    search_fields = ("actor__username",)
    list_select_related = ("actor",)
