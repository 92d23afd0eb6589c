from django.contrib import admin

from .models import CharterItem, Edition, KeyFigure


class KeyFigureInline(admin.TabularInline):
    model = KeyFigure
    extra = 0


class CharterItemInline(admin.TabularInline):
    model = CharterItem
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["year", "number", "day", "theme_fr", "status", "is_current"]
    list_filter = ["status"]
    inlines = [KeyFigureInline, CharterItemInline]
    actions = ["make_current"]

    @admin.action(description="Présenter sur la page d'accueil")
    def make_current(self, request, queryset):
        if queryset.count() == 1:
            queryset.get().make_current()
