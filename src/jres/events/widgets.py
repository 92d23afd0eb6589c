"""Widgets that partner websites embed: the upcoming events of a selection, as a list or
a map, and the page that writes their snippet.

Only these two pages may be framed by other sites (CSP `frame-ancestors`, no
X-Frame-Options); every other page keeps refusing it. Their filters are the list's
(region, department, commune, organiser...), but a value not understood is an error here
rather than a note: a partner's page must never quietly show every event in France.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from jres.core.caching import cache_public_page
from jres.geo.models import Department, Region

from . import receivers
from .filters import EventFilters, filter_events, organised_by
from .models import Event
from .public import map_view

DEFAULT_COUNT = 5
MAX_COUNT = 30
KINDS = ("liste", "carte")
# Any site may frame these pages; everything else in the policy stays as it is.
FRAMEABLE_CSP = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}


def _count(value: str, errors: list[str]) -> int:
    if not value:
        return DEFAULT_COUNT
    if value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_COUNT:
        return int(value)
    errors.append(
        _("nombre « %(value)s » : entre 1 et %(max)s attendu")
        % {"value": value[:20], "max": MAX_COUNT}
    )
    return DEFAULT_COUNT


def _selection(params):
    """(events, filters, errors): the published events the parameters select."""
    events, filters = filter_events(params)
    errors = list(filters.ignored)
    if (
        filters.organiser
        and not Event.objects.published().filter(organised_by(filters.organiser)).exists()
    ):
        errors.append(
            _("organisateur « %(value)s » inconnu : aucun événement publié à ce nom")
            % {"value": filters.organiser}
        )
    return events, filters, errors


def _refused(request, errors: list[str]):
    return render(request, "events/widgets/refused.html", {"errors": errors}, status=400)


@xframe_options_exempt
@csp_override(FRAMEABLE_CSP)
@require_safe
@cache_public_page(generation_name=receivers.GENERATION)
def list_widget(request):
    """Public, frameable: the next events of the selection, each linking to its page; once
    the edition is over, its last events."""
    events, filters, errors = _selection(request.GET)
    count = _count(request.GET.get("nombre", ""), errors)
    if errors:
        return _refused(request, errors)
    events = events.select_related("kind")
    shown = list(events.filter(ends_at__gt=timezone.now())[: count + 1])
    past = not shown
    if past:
        shown = list(events.order_by("-starts_at", "-pk")[: count + 1])
    return render(
        request,
        "events/widgets/list.html",
        {
            "events": shown[:count],
            "past": past,
            "more": len(shown) > count,
            "filters": filters,
            "all_url": _site_url("events:list", filters.as_query()),
        },
    )


@xframe_options_exempt
@csp_override(FRAMEABLE_CSP)
@require_safe
@cache_public_page(generation_name=receivers.GENERATION)
def map_widget(request):
    """Public, frameable: the map of the selection's events (the site's map data)."""
    _events, filters, errors = _selection(request.GET)
    if errors:
        return _refused(request, errors)
    return render(
        request,
        "events/widgets/map.html",
        {
            "filters": filters,
            "query": urlencode(filters.as_query()),
            "map_view": map_view(filters) or _region_view(filters),
            "all_url": _site_url("events:list", filters.as_query()),
        },
    )


def _region_view(filters: EventFilters):
    """A region has no centre of its own: open on its first department's, wider."""
    if filters.region is None:
        return None
    department = filters.region.departments.order_by("code").first()
    return (department.latitude, department.longitude, 7) if department else None


def _site_url(name: str, query) -> str:
    # Relative: the widget's document is on the platform's origin, whatever frames it.
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


@require_safe
def builder(request):
    """Public: choose filters, get the snippet to paste, and see the widget as it will look."""
    kind = request.GET.get("type_widget", "liste")
    if kind not in KINDS:
        kind = "liste"
    errors: list[str] = []
    snippet = preview_url = ""
    filters = None
    if "type_widget" in request.GET:
        _events, filters, errors = _selection(request.GET)
        count = _count(request.GET.get("nombre", ""), errors) if kind == "liste" else None
        if not errors:
            query = filters.as_query()
            if count and count != DEFAULT_COUNT:
                query.append(("nombre", str(count)))
            name = "events:widget_list" if kind == "liste" else "events:widget_map"
            preview_url = reverse(name) + (f"?{urlencode(query)}" if query else "")
            snippet = (
                render(
                    request,
                    "events/widgets/snippet.txt",
                    {"url": settings.SITE_URL + preview_url, "kind": kind},
                )
                .content.decode()
                .strip()
            )
    return render(
        request,
        "events/widgets/builder.html",
        {
            "kind": kind,
            "regions": Region.objects.all(),
            "departments": Department.objects.select_related("region").order_by("code"),
            "values": request.GET,
            "errors": errors,
            "snippet": snippet,
            "preview_url": preview_url,
            "filters": filters,
            "max_count": MAX_COUNT,
            "default_count": DEFAULT_COUNT,
        },
    )
