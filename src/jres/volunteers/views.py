"""Mentoring volunteers: the public form, and the coordinator's list and export."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from jres.core.access import coordinator_required
from jres.core.spreadsheets import csv_response
from jres.exports.models import Format, Source
from jres.exports.services import log_export

from . import services
from .forms import VolunteerFilters, VolunteerForm
from .models import Volunteer

logger = logging.getLogger(__name__)

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def sign_up(request):
    """Public: offer to mentor a pupil."""
    form = VolunteerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_robot:
            logger.info("Volunteer form refused as automated")
        else:
            volunteer = form.save(commit=False)
            volunteer.language = get_language() or "fr"
            services.sign_up_volunteer(volunteer=volunteer)
        messages.success(
            request, _("Merci ! Votre proposition est enregistrée : nous vous avons écrit.")
        )
        return redirect("volunteers:sign_up")
    return render(
        request,
        "volunteers/volunteer_form.html",
        {"form": form, "retention_days": settings.VOLUNTEER_RETENTION_DAYS},
    )


def _filtered(request):
    filters = VolunteerFilters(request.GET or None)
    volunteers = Volunteer.objects.select_related("commune", "commune__department")
    return filters, filters.filter(volunteers)


@coordinator_required
@require_safe
def volunteer_list(request):
    """Coordinators: the volunteers, newest first, with filters and the CSV export."""
    filters, volunteers = _filtered(request)
    page = Paginator(volunteers, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "volunteers/volunteer_list.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


@coordinator_required
@require_safe
def export_csv(request):
    filters, volunteers = _filtered(request)
    cleaned = getattr(filters, "cleaned_data", {})  # none when no filter was sent
    applied = {name: str(getattr(value, "pk", value)) for name, value in cleaned.items() if value}
    log_export(user=request.user, dataset=Source.VOLUNTEERS, format=Format.CSV,
               filters=applied, rows=volunteers.count(), personal=True)  # fmt: skip
    header = [_("Nom"), _("E-mail"), _("Commune"), _("Département"), _("Étudiant"),
              _("Disponibilité"), _("Nous a connus"), _("Inscrit le")]  # fmt: skip
    rows = (
        [
            volunteer.name,
            volunteer.email,
            volunteer.commune.name,
            volunteer.commune.department_id,
            _("oui") if volunteer.is_student else _("non"),
            volunteer.get_availability_display(),
            volunteer.get_heard_from_display(),
            timezone.localtime(volunteer.created_at).strftime("%d/%m/%Y %H:%M"),
        ]
        for volunteer in volunteers.iterator(chunk_size=500)
    )
    return csv_response("benevoles.csv", header, rows)
