from django.contrib import admin

from .models import ImportedRecord, InboxMessage, OutboxMessage, Peer, Transfer


@admin.register(Peer)
class PeerAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "our_code", "base_url", "active")
    list_filter = ("active",)


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    list_display = ("case", "direction", "peer", "remote_number", "remote_status", "created_at", "acknowledged_at")
    list_filter = ("direction", "peer")
    raw_id_fields = ("case",)
    readonly_fields = ("transfer_id", "remote_timeline")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("message_id", "kind", "peer", "attempts", "next_attempt_at", "delivered_at")
    list_filter = ("kind", "peer")
    readonly_fields = ("message_id", "body", "response", "last_error")


@admin.register(InboxMessage)
class InboxMessageAdmin(admin.ModelAdmin):
    list_display = ("message_id", "kind", "peer", "received_at")
    list_filter = ("kind", "peer")


@admin.register(ImportedRecord)
class ImportedRecordAdmin(admin.ModelAdmin):
    list_display = ("source", "external_id", "case", "imported_at")
    list_filter = ("source",)
    raw_id_fields = ("case",)
