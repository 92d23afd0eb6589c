from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import JoinRequest, JoinRequestStatus, Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "is_public", "joined_at"]
    list_filter = ["kind", "is_public", "region"]
    search_fields = ["name", "contact_name", "contact_email"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["commune", "department", "member_communes", "accounts"]
    readonly_fields = ["latitude", "longitude", "joined_at", "updated_at"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["authority_name", "kind", "contact_email", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["authority_name", "contact_name", "contact_email"]
    raw_id_fields = ["commune", "department", "partner"]
    readonly_fields = ["status", "decided_by", "decided_at", "partner", "created_at"]
    actions = ["accept"]

    @admin.action(description=_("Accepter les demandes choisies"))
    def accept(self, request, queryset):
        # Declining needs a reason for the authority: that is the page /gestion/collectivites/.
        for join_request in queryset.filter(status=JoinRequestStatus.PENDING):
            try:
                services.accept_join_request(join_request=join_request, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
