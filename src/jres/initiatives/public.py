"""Public views: the list of initiatives, each one's page, writing to its carrier.

Not cached (see receivers.py): the pages are rendered for every visitor.
"""

import functools
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from jres.events.contact import submit
from jres.events.models import Event
from jres.events.structured_data import absolute_url
from jres.geo.models import Department, Region

from . import contact, structured_data
from .filters import filter_initiatives
from .inspiration import PARAMETER
from .models import Initiative, SchoolLevel, Theme

PAGE_SIZE = 12


def _visible_initiative(request, slug: str) -> Initiative:
    """A published initiative; its proposer and moderators also see it before that."""
    initiative = get_object_or_404(
        Initiative.objects.select_related("commune__department__region", "proposer"), slug=slug
    )
    user = request.user
    if not initiative.is_published and not (
        user.is_authenticated and (user.pk == initiative.proposer_id or user.is_moderator)
    ):
        raise Http404
    return initiative


@require_safe
def initiative_list(request):
    """Public: published initiatives, filtered by theme, level, region, department and text."""
    initiatives, filters = filter_initiatives(request.GET)
    page = Paginator(
        initiatives.select_related("commune__department").prefetch_related("themes"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "query": urlencode(filters.as_query()),
        "themes": Theme.objects.all(),
        "levels": SchoolLevel.choices,
        "regions": Region.objects.all(),
        "departments": Department.objects.order_by("code"),
    }
    return render(request, "initiatives/initiative_list.html", context)


@require_safe
def initiative_detail(request, slug: str):
    initiative = _visible_initiative(request, slug)
    inspired = (
        Event.objects.published()
        .filter(initiative=initiative)
        .select_related("edition")
        .order_by("-starts_at")[:20]
    )
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "themes": initiative.themes.all(),
            "documents": initiative.documents.all(),
            "editions": initiative.editions.all(),
            "inspired_events": inspired,
            "canonical_url": absolute_url(initiative.get_absolute_url()),
            "json_ld": structured_data.json_ld_script(
                structured_data.initiative_json_ld(initiative)
            ),
            "inspiration_parameter": PARAMETER,
        },
    )


@require_http_methods(["GET", "POST"])
def contact_carrier(request, slug: str):
    """Public: write to the carrier of a published initiative; their address stays hidden."""
    initiative = _visible_initiative(request, slug)
    if not initiative.is_published:
        raise Http404
    form = contact.ContactForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        status = submit(
            request,
            form,
            allow=contact.allow_attempt,
            send=functools.partial(contact.send_contact_message, initiative=initiative),
            sent=_("Votre message a été transmis."),
            about=f"initiative {initiative.pk}",
        )
        if status is None:
            return redirect(initiative)
    return render(
        request,
        "initiatives/initiative_contact.html",
        {"initiative": initiative, "form": form},
        status=status,
    )
