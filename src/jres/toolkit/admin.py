from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .forms import ResourceForm
from .models import Category, KitArchive, Resource


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    """The coordinator adds, orders, replaces and retires the kit's resources here."""

    form = ResourceForm
    list_display = ["title_fr", "category", "edition", "position", "is_published",
                    "file_kind", "download_count", "updated_at"]  # fmt: skip
    list_editable = ["position", "is_published"]
    list_filter = ["edition", "category", "is_published", "file_kind"]
    search_fields = ["title_fr", "title_en", "description_fr"]
    ordering = ["-edition__year", "category__order", "position", "pk"]
    readonly_fields = ["file_kind", "file_size", "width", "height", "download_count",
                       "published_at", "created_at", "updated_at"]  # fmt: skip
    actions = ["publish", "retire"]

    def save_model(self, request, obj, form, change):
        services.save_resource(resource=obj, checked=getattr(form, "checked", None))

    def delete_model(self, request, obj):
        services.delete_resources(resources=Resource.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_resources(resources=queryset)

    @admin.action(description=_("Publier les ressources choisies"), permissions=["change"])
    def publish(self, request, queryset):
        count = services.set_published(resources=queryset, published=True)
        self.message_user(
            request,
            ngettext("%(count)d ressource publiée.", "%(count)d ressources publiées.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Retirer du kit les ressources choisies (dépublier)"), permissions=["change"]
    )
    def retire(self, request, queryset):
        count = services.set_published(resources=queryset, published=False)
        self.message_user(
            request,
            ngettext("%(count)d ressource retirée.", "%(count)d ressources retirées.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(KitArchive)
class KitArchiveAdmin(admin.ModelAdmin):
    list_display = ["edition", "files", "size", "built_at"]
    readonly_fields = ["edition", "fingerprint", "path", "size", "files", "built_at"]

    def has_add_permission(self, request):
        return False  # built by the task whenever a resource changes
