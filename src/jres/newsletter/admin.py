from django.contrib import admin

from .models import Mailing, OptOut, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "status", "language", "created_at", "confirmed_at"]
    list_filter = ["status", "language"]
    search_fields = ["email", "name"]
    exclude = ["confirmation_token", "unsubscribe_token"]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at", "mailing"]
    search_fields = ["email"]
    raw_id_fields = ["mailing"]


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = ["subject", "segment", "status", "recipient_count", "created_at"]
    list_filter = ["status", "segment"]
    readonly_fields = [field.name for field in Mailing._meta.fields]

    def has_add_permission(self, request):
        return False
