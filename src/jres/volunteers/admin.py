from django.contrib import admin

from .models import Volunteer


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "is_student", "availability", "created_at"]
    list_filter = ["is_student", "availability", "heard_from"]
    search_fields = ["name", "email"]
    raw_id_fields = ["commune"]
