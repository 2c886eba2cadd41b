from django.contrib import admin

from hotline import clock
from hotline.adminutils import ReadOnlyMixin

from .models import (
    AccountabilityRecord,
    RepeatLink,
    SupervisionEvent,
    SupervisionItem,
    SupervisionOrder,
)


class ItemInline(ReadOnlyMixin, admin.TabularInline):
    model = SupervisionItem
    fields = ("case", "unit", "level", "status", "due_at", "escalations", "answered_at", "answered_late")
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(SupervisionOrder)
class SupervisionOrderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("number", "subject", "level", "issued_at", "issued_by", "due_at", "closed_at")
    list_filter = ("level",)
    date_hierarchy = "issued_at"
    search_fields = ("subject", "reason")
    inlines = [ItemInline]


@admin.register(SupervisionItem)
class SupervisionItemAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("order", "case", "unit", "level", "status", "due_at", "escalations", "answered_late")
    list_filter = ("status", "level", "answered_late")
    search_fields = ("case__number", "unit__name", "answer")
    raw_id_fields = ("case",)


@admin.register(SupervisionEvent)
class SupervisionEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("at", "order", "item", "kind", "level", "actor", "actor_role")
    list_filter = ("kind", "level")
    date_hierarchy = "at"


@admin.register(RepeatLink)
class RepeatLinkAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("case", "earlier", "reason", "score", "unit", "days_after_close", "created_at")
    list_filter = ("reason",)
    date_hierarchy = "created_at"
    search_fields = ("case__number", "earlier__number")


@admin.register(AccountabilityRecord)
class AccountabilityRecordAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "kind", "unit", "case", "decision", "decided_by", "decided_at")
    list_filter = ("kind", "decision")
    date_hierarchy = "occurred_at"
    search_fields = ("case__number", "unit__name")
    readonly_fields = ("kind", "unit", "case", "event", "repeat_link", "occurred_at", "evidence", "found_at",
                       "decided_by", "decided_at")
    fields = (*readonly_fields[:8], "decision", "decision_note", "decided_by", "decided_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if "decision" in form.changed_data or "decision_note" in form.changed_data:
            obj.decided_by, obj.decided_at = request.user, clock.now()
        super().save_model(request, obj, form, change)
