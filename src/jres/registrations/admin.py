from django.contrib import admin

from .models import Registration, RegistrationSettings


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "event", "status", "places", "created_at"]
    list_filter = ["status", "role"]
    search_fields = ["name", "email", "event__title"]
    raw_id_fields = ["event"]
    readonly_fields = ["token", "parent_token", "created_at", "confirmed_at", "cancelled_at"]


@admin.register(RegistrationSettings)
class RegistrationSettingsAdmin(admin.ModelAdmin):
    list_display = ["event", "is_open", "max_places"]
    raw_id_fields = ["event"]
