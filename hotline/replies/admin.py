from django.contrib import admin

from hotline.cases.actors import Actor

from . import actions
from .models import Calibration, ReplyScore


@admin.register(Calibration)
class CalibrationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "source", "rows", "scorer_version", "percentile", "threshold", "active")
    readonly_fields = ("created_at", "source", "source_sha256", "rows", "scorer_version", "distribution")
    fields = ("threshold", "percentile", "active", *readonly_fields)

    def has_add_permission(self, request, obj=None):
        return False  # calibrations come from `hotline reply_quality calibrate`

    def save_model(self, request, obj, form, change):
        # At most one calibration is in use: switching to another one goes through `activate`.
        if obj.active and Calibration.objects.filter(active=True).exclude(pk=obj.pk).exists():
            obj.active = False
            super().save_model(request, obj, form, change)
            actions.activate(obj, actor=Actor.staff(request.user))
        else:
            super().save_model(request, obj, form, change)


@admin.register(ReplyScore)
class ReplyScoreAdmin(admin.ModelAdmin):
    list_display = ("case", "unit", "overall", "relevance", "completeness", "interpretability", "timeliness",
                    "perfunctory", "flagged", "scored_at")
    list_filter = ("flagged", "perfunctory")
    list_select_related = ("case", "unit")
    raw_id_fields = ("case", "event", "unit", "calibration")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
