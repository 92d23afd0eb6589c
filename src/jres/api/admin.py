from django.contrib import admin

from .models import DataLicence


@admin.register(DataLicence)
class DataLicenceAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "updated_at"]

    def has_add_permission(self, request):
        # One licence: the coordinator edits it (the first save creates it).
        return super().has_add_permission(request) and not DataLicence.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
