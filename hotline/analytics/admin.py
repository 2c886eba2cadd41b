from django.contrib import admin

from hotline.adminutils import ReadOnlyMixin

from .models import DailyVolume, MonthlyProblem, ProblemAction


class ProblemActionInline(admin.TabularInline):
    model = ProblemAction
    extra = 0


@admin.register(MonthlyProblem)
class MonthlyProblemAdmin(admin.ModelAdmin):
    list_display = ("month", "title", "lead_unit", "category", "keywords", "baseline_month")
    list_filter = ("month",)
    search_fields = ("title", "keywords")
    raw_id_fields = ("lead_unit", "category", "district", "street", "created_by")
    inlines = [ProblemActionInline]


@admin.register(DailyVolume)
class DailyVolumeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: the rollup is kept by registrations and `hotline rollup rebuild`."""

    list_display = ("day", "channel", "case_type", "category_top", "district", "street", "cases")
    list_filter = ("channel", "case_type")
    date_hierarchy = "day"
