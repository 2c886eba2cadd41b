from django.contrib import admin, messages
from django.utils.translation import gettext as _

from .models import OpenApiKey


@admin.register(OpenApiKey)
class OpenApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "active", "created_at", "last_used_at")
    list_filter = ("active",)
    search_fields = ("name", "prefix")
    fields = ("name", "active", "prefix", "created_at", "last_used_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")

    def save_model(self, request, obj, form, change):
        if not change:
            raw = obj.set_new_key()
            messages.warning(request, _("The new key is %(key)s. Copy it now: it is not shown again.") % {"key": raw})
        super().save_model(request, obj, form, change)
