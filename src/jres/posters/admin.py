from django.contrib import admin

from .models import EventKit


@admin.register(EventKit)
class EventKitAdmin(admin.ModelAdmin):
    list_display = ["event", "generated_at"]
    search_fields = ["event__title"]
    raw_id_fields = ["event"]
    readonly_fields = ["fingerprint", "poster_a4", "poster_a3", "social_image", "square_image",
                       "generated_at"]  # fmt: skip

    def has_add_permission(self, request):
        return False  # kits are built from their event (generate_posters, the worker)
