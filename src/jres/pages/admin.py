from django.contrib import admin

from .models import Page, TeamContact


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title_fr", "slug", "order", "updated_at"]
    prepopulated_fields = {"slug": ["title_fr"]}


@admin.register(TeamContact)
class TeamContactAdmin(admin.ModelAdmin):
    list_display = ["name", "role_fr", "email", "phone", "order"]
