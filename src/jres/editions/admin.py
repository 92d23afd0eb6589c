from django.contrib import admin

from .models import CharterItem, Edition, EditionLog, KeyFigure


class KeyFigureInline(admin.TabularInline):
    model = KeyFigure
    extra = 0


class CharterItemInline(admin.TabularInline):
    model = CharterItem
    extra = 0


class EditionLogInline(admin.TabularInline):
    model = EditionLog
    extra = 0
    fields = ["created_at", "action", "actor", "message"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["year", "number", "day", "theme_fr", "status", "is_current",
                    "submissions_open_on", "submissions_close_on"]  # fmt: skip
    list_filter = ["status"]
    inlines = [KeyFigureInline, CharterItemInline, EditionLogInline]
    actions = ["make_current"]

    @admin.action(description="Présenter sur la page d'accueil")
    def make_current(self, request, queryset):
        if queryset.count() == 1:
            queryset.get().make_current()
