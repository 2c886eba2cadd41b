from django.contrib import admin

from .models import DemoLoad


@admin.register(DemoLoad)
class DemoLoadAdmin(admin.ModelAdmin):
    list_display = ("loaded_at", "seed", "cases")
    readonly_fields = ("loaded_at", "seed", "cases", "summary")

    def has_add_permission(self, request):
        return False
