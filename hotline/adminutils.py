"""What several apps' admin classes share."""


class ReadOnlyMixin:
    """Rows written only by an app's actions (their checks, their timeline events): the admin
    shows them and never adds, edits or deletes one. Mix in before the ModelAdmin or inline."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
