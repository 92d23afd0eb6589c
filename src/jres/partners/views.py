"""Public: the directory of partner authorities, its map's GeoJSON, each partner's page."""

import json
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from jres.core.caching import cache_public_page
from jres.editions.models import Edition
from jres.geo.models import Region

from . import receivers
from .figures import territory_events, territory_figures
from .filters import filter_partners
from .models import Partner, PartnerKind

PAGE_SIZE = 24
EVENTS_SHOWN = 30
MAP_CACHE_SECONDS = 60


@require_safe
@cache_public_page(generation_name=receivers.GENERATION)
def directory(request):
    """Public: the partners, filtered by kind and region, as a list beside a map."""
    partners, filters = filter_partners(request.GET)
    page = Paginator(
        partners.select_related("commune", "department", "region"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = urlencode(filters.as_query())
    context = {
        "page": page,
        "filters": filters,
        "query": query,
        "kinds": PartnerKind.choices,
        "regions": Region.objects.all(),
    }
    return render(request, "partners/partner_list.html", context)


@require_safe
@cache_public_page(generation_name=receivers.GENERATION)
def map_data(request):
    """Public: GeoJSON of the partners the directory's filters select, at their centre.

    A few hundred points at most: no clustering on the server, one cached answer per
    selection and language until a partner changes.
    """
    partners, _filters = filter_partners(request.GET)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [partner.longitude, partner.latitude]},
            "properties": {
                "id": partner.pk,
                "name": partner.name,
                "kind": str(PartnerKind(partner.kind).label),
                "url": partner.get_absolute_url(),
            },
        }
        for partner in partners.filter(latitude__isnull=False).only(
            "pk", "name", "kind", "slug", "latitude", "longitude"
        )
    ]
    response = HttpResponse(
        json.dumps({"type": "FeatureCollection", "features": features}),
        content_type="application/geo+json",
    )
    patch_cache_control(response, public=True, max_age=MAP_CACHE_SECONDS)
    return response


@require_safe
def detail(request, slug: str):
    """Public: a partner's commitment, contact, and its territory's events and figures.

    Not cached: its figures follow registrations and reports as they come, and it costs a
    fixed handful of queries.
    """
    partner = get_object_or_404(
        Partner.objects.public().select_related("commune", "department", "region"), slug=slug
    )
    edition = Edition.objects.current()
    context = {"partner": partner, "edition": edition}
    if edition is not None:
        accounts = list(partner.accounts.values_list("pk", flat=True))
        events = territory_events(partner, edition).select_related("kind", "commune")
        in_territory = events.filter(partner.territory_q())
        context |= {
            "events": in_territory[:EVENTS_SHOWN],
            "events_count": in_territory.count(),
            "organised": events.filter(organiser__in=accounts)[:EVENTS_SHOWN],
            "figures": territory_figures(partner, edition),
        }
    return render(request, "partners/partner_detail.html", context)
