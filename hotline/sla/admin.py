from django.contrib import admin, messages
from django.utils.translation import gettext as _

from hotline import clock

from .calendar import coverage_gaps
from .models import CalendarDay, Reminder


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name", "updated_at")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)

    def changelist_view(self, request, extra_context=None):
        year = clock.today().year
        gaps = coverage_gaps([year, year + 1])
        if gaps:
            messages.warning(
                request,
                _("No holiday schedule for %(years)s: deadlines there count weekends only. "
                  "Enter the official holidays and make-up days.")
                % {"years": ", ".join(map(str, gaps))},
            )
        return super().changelist_view(request, extra_context)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Reminders and escalations that went out (read-only: the sweep writes them)."""

    list_display = ("at", "case", "unit", "kind", "stage", "due_at")
    list_filter = ("stage", "kind")
    search_fields = ("case__number",)
    raw_id_fields = ("case", "assignment", "unit")
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
