"""A partner's own space: its page to edit, its territory's figures and events, the CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from jres.core.spreadsheets import csv_response
from jres.editions.models import Edition
from jres.exports.models import Format, Source
from jres.exports.services import log_export
from jres.registrations.models import Registration

from .figures import territory_events, territory_figures
from .forms import PartnerPageForm
from .models import Partner


def _own_partner(request, slug: str) -> Partner:
    """The partner `slug`, if this account is one of its accounts; else a 404."""
    return get_object_or_404(
        Partner.objects.select_related("commune", "department", "region"),
        slug=slug,
        accounts=request.user,
    )


@login_required
@require_safe
def mine(request):
    """The account's partner page, or the list when it speaks for several."""
    partners = list(Partner.objects.filter(accounts=request.user))
    if not partners:
        raise Http404
    if len(partners) == 1:
        return redirect("partners:edit", slug=partners[0].slug)
    return render(request, "partners/mine_choice.html", {"partners": partners})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug: str):
    partner = _own_partner(request, slug)
    form = PartnerPageForm(request.POST or None, request.FILES or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre page est à jour."))
        return redirect("partners:edit", slug=partner.slug)
    edition = Edition.objects.current()
    context = {"partner": partner, "form": form, "edition": edition}
    if edition is not None:
        context |= {
            "figures": territory_figures(partner, edition),
            "events": territory_events(partner, edition).select_related("kind", "commune")[:50],
        }
    status = 400 if request.method == "POST" else 200
    return render(request, "partners/partner_edit.html", context, status=status)


@login_required
@require_safe
def export_csv(request, slug: str):
    """The edition's events of the territory and the partner's own, for a council's report.

    Events and counts only: no registrant's name or address.
    """
    partner = _own_partner(request, slug)
    edition = Edition.objects.current()
    if edition is None:
        raise Http404
    events = (
        territory_events(partner, edition)
        .select_related("kind", "commune", "organiser", "report")
        .order_by("starts_at", "pk")
    )
    places = dict(
        Registration.objects.confirmed()
        .filter(event__in=events)
        .values("event")
        .annotate(total=Sum("places"))
        .values_list("event", "total")
    )
    header = [_("Événement"), _("Date"), _("Commune"), _("Département"), _("Type"), _("Statut"),
              _("Organisé par"), _("Places réservées"), _("Participants (bilan)"),
              _("Adresse web")]  # fmt: skip
    rows = (
        [
            event.title,
            timezone.localtime(event.starts_at).strftime("%d/%m/%Y %H:%M"),
            event.commune.name if event.commune else event.city,
            event.department_id,
            event.kind.localized("name"),
            event.get_status_display(),
            event.organisation or event.organiser.display_name,
            places.get(event.pk, 0),
            report.participants if (report := getattr(event, "report", None)) else "",
            request.build_absolute_uri(event.get_absolute_url()),
        ]
        for event in events
    )
    log_export(user=request.user, dataset=Source.TERRITORY_EVENTS, format=Format.CSV,
               filters={"collectivite": partner.slug, "edition": edition.year},
               rows=events.count(), personal=False)  # fmt: skip
    return csv_response(f"evenements-{partner.slug}-{edition.year}.csv", header, rows)
