from django.contrib import admin

from .models import Audience, Event, EventKind, EventLog


@admin.register(EventKind)
class EventKindAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "slug", "order"]
    prepopulated_fields = {"slug": ["name_fr"]}


class EventLogInline(admin.TabularInline):
    model = EventLog
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "action", "status", "message", "changes"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "status", "starts_at", "department", "organiser"]
    list_filter = ["edition", "status", "kind", "region"]
    search_fields = ["title", "city", "organiser__email"]
    raw_id_fields = ["organiser", "commune", "department", "region", "duplicated_from"]
    readonly_fields = ["slug", "submitted_at", "labelled_at"]
    inlines = [EventLogInline]
