from django.contrib import admin

from .models import EventReport, ReportInvitation, ReportPhoto


class ReportPhotoInline(admin.TabularInline):
    model = ReportPhoto
    extra = 0
    fields = ["image", "alt_text", "image_rights_confirmed", "shows_pupils",
              "parental_consent_confirmed", "position"]  # fmt: skip
    # Uploads go through the organiser's form, which re-encodes them and strips EXIF.
    readonly_fields = ["image", "image_rights_confirmed", "shows_pupils",
                       "parental_consent_confirmed"]  # fmt: skip

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EventReport)
class EventReportAdmin(admin.ModelAdmin):
    list_display = ["event", "participants", "show_on_event_page", "submitted_at"]
    list_filter = ["event__edition", "show_on_event_page", "audiences"]
    search_fields = ["event__title", "event__organiser__email"]
    raw_id_fields = ["event"]
    readonly_fields = ["submitted_at", "updated_at"]
    inlines = [ReportPhotoInline]

    def has_add_permission(self, request):
        return False  # organisers write reports; the national team reads and corrects them


@admin.register(ReportInvitation)
class ReportInvitationAdmin(admin.ModelAdmin):
    list_display = ["event", "sent_at"]
    raw_id_fields = ["event"]
    readonly_fields = ["sent_at"]
