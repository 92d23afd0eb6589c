from django.contrib import admin

from .models import Initiative, InitiativeDocument, InitiativeLog, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_fr"]}


class InitiativeDocumentInline(admin.TabularInline):
    model = InitiativeDocument
    extra = 0
    readonly_fields = ["file", "created_at"]


class InitiativeLogInline(admin.TabularInline):
    model = InitiativeLog
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "action", "status", "message", "changes"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "featured", "commune", "organisation", "proposer"]
    list_filter = ["status", "featured", "themes"]
    search_fields = ["title", "organisation", "proposer__email"]
    raw_id_fields = ["proposer", "commune"]
    readonly_fields = ["slug", "submitted_at", "published_at"]
    filter_horizontal = ["themes", "editions"]
    inlines = [InitiativeDocumentInline, InitiativeLogInline]
