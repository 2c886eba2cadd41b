from django.contrib import admin

from .models import InboxMessage, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "recipient", "address", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "channel")
    search_fields = ("subject", "dedupe_key", "address")
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(InboxMessage)
class InboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "subject", "read_at")
    list_filter = ("read_at",)
    readonly_fields = [f.name for f in InboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False
