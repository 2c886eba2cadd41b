from django.contrib import admin

from .models import Category, ResponsibilityRule, TimeLimitRule


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "parent", "complexity", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("name",)
    raw_id_fields = ("parent",)


@admin.register(TimeLimitRule)
class TimeLimitRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "sign_hours", "sign_minutes", "reply_days", "reply_minutes")
    list_filter = ("urgency", "case_type")
    raw_id_fields = ("category",)


@admin.register(ResponsibilityRule)
class ResponsibilityRuleAdmin(admin.ModelAdmin):
    list_display = ("category", "territory", "lead_mode", "lead_unit", "priority", "is_active")
    list_filter = ("lead_mode", "is_active")
    search_fields = ("category__name", "lead_unit__name")
    raw_id_fields = ("category", "territory", "lead_unit")
    filter_horizontal = ("co_handlers",)
