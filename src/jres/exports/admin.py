from django.contrib import admin

from .models import ExportLog


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """The export log, to read only: an audit trail nobody edits or deletes."""

    list_display = ["created_at", "user_email", "dataset", "format", "rows", "personal"]
    list_filter = ["dataset", "format", "personal"]
    search_fields = ["user_email"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in ExportLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
