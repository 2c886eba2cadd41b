from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hotline.adminutils import ReadOnlyMixin

from .models import AssignmentFact, ColourThreshold, ScoreWeights, SecondCallback


@admin.register(ScoreWeights)
class ScoreWeightsAdmin(admin.ModelAdmin):
    list_display = ("name", "active", "satisfaction_share", "resolution_share", "completion_share",
                    "response_share", "min_sample", "second_callback_share")
    fieldsets = (
        (None, {"fields": ("name", "active")}),
        (_("Shares (%)"), {"fields": ("satisfaction_share", "resolution_share", "completion_share", "response_share")}),
        (_("Difficulty"), {"fields": ("multi_unit_bonus", "repeat_bonus", "supervised_bonus",
                                   "difficulty_floor", "difficulty_cap")}),
        (_("Penalties"), {"fields": ("fake_closure_penalty", "unjustified_return_penalty")}),
        (_("Ranking and second callback"), {"fields": ("min_sample", "second_callback_share", "sample_salt",
                                                    "disagreement_threshold", "disagreement_min_sample")}),
    )


@admin.register(ColourThreshold)
class ColourThresholdAdmin(admin.ModelAdmin):
    list_display = ("rate", "green_from", "red_below")




@admin.register(AssignmentFact)
class AssignmentFactAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("case", "round", "unit", "is_lead", "period", "signed_in_time", "completed_in_time",
                    "resolved", "satisfied", "excluded")
    list_filter = ("is_lead", "excluded", "returned", "fake_closure")
    list_select_related = ("case", "unit")
    raw_id_fields = ("case", "unit", "category", "district", "street", "community")


@admin.register(SecondCallback)
class SecondCallbackAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("case", "unit", "sampled_at", "first_satisfied", "satisfaction", "resolved", "agent", "done_at")
    list_select_related = ("case", "unit", "agent")
