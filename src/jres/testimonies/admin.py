from django.contrib import admin

from .models import Testimony


@admin.register(Testimony)
class TestimonyAdmin(admin.ModelAdmin):
    list_display = ["first_name", "role", "age_bracket", "status", "created_at", "published_at"]
    list_filter = ["status", "role", "age_bracket"]
    raw_id_fields = ["commune", "event", "moderated_by"]
    # Addresses and tokens are the author's and parent's private keys: not shown here.
    exclude = ["email", "parent_email"]
    readonly_fields = ["status", "created_at", "published_at", "moderated_by"]

    def has_add_permission(self, request):
        return False  # testimonies come from the public form, with consent
