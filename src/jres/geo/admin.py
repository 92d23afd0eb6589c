from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Commune, Department, PostalCode, Region


class ReadOnlyAdmin(admin.ModelAdmin):
    """The geography comes from the shipped data file (manage.py load_geo), not from edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "region", "latitude", "longitude"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["code", "name"]


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = [
        "insee_code",
        "name",
        "department",
        "postal_code_list",
        "population",
        "latitude",
        "longitude",
        "approximate",
    ]
    list_filter = ["approximate", "department__region"]
    search_fields = ["insee_code", "name", "search_name", "postal_codes__code"]
    inlines = [PostalCodeInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("department")
            .prefetch_related("postal_codes")
        )

    @admin.display(description=_("codes postaux"))
    def postal_code_list(self, commune):
        return " ".join(postal_code.code for postal_code in commune.postal_codes.all())
