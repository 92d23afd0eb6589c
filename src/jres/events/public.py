"""Public views: the list and map of events, each event's page, calendars, contact."""

import functools
import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from jres.core.caching import cache_public_page, generation
from jres.editions.models import Edition
from jres.geo.models import Department, Region
from jres.posters import content as poster_content
from jres.reports.models import EventReport
from jres.testimonies.models import Testimony

from . import calendar, clustering, contact, receivers, structured_data
from .filters import DEFAULT_RADIUS_KM, RADIUS_CHOICES, EventFilters, filter_events
from .models import Audience, Event, EventKind

PAGE_SIZE = 20
FEED_LIMIT = 5000
FEED_CACHE_SECONDS = 300
MAP_CACHE_SECONDS = 60
EVENT_TESTIMONIES = 6


def _visible_event(request, slug: str) -> Event:
    """A published event; its organiser and moderators also see it before that."""
    event = get_object_or_404(
        Event.objects.select_related(
            "edition", "kind", "commune", "department", "organiser", "initiative"
        ).prefetch_related("audiences"),
        slug=slug,
    )
    user = request.user
    if not event.is_published and not (
        user.is_authenticated and (user.pk == event.organiser_id or user.is_moderator)
    ):
        raise Http404
    return event


def _selection_key(filters: EventFilters, *parts: str) -> str:
    """A short key for the filters and the state of the events: what cached answers share."""
    selection = "|".join(
        (
            str(generation(receivers.GENERATION)),
            str(filters.edition and filters.edition.pk),
            urlencode(filters.as_query()),
            *parts,
        )
    )
    return hashlib.sha256(selection.encode()).hexdigest()


def map_view(filters: EventFilters) -> tuple[float, float, int] | None:
    """Where the map opens for these filters: the circle, the commune or the department."""
    if filters.near:
        zoom = 12 if filters.near.radius_km <= 10 else 10 if filters.near.radius_km <= 50 else 8
        return filters.near.latitude, filters.near.longitude, zoom
    if filters.commune:
        return filters.commune.latitude, filters.commune.longitude, 12
    if filters.department:
        return filters.department.latitude, filters.department.longitude, 8
    return None


def _list_context(request, events, filters: EventFilters) -> dict:
    page = Paginator(
        # The cards show the department's code (department_id) and no other of its fields.
        events.select_related("kind").prefetch_related("audiences"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    query = filters.as_query()
    return {
        "page": page,
        "filters": filters,
        "query": urlencode(query),
        "query_without_near": urlencode(
            [(key, value) for key, value in query if key not in {"lat", "lon", "rayon"}]
        ),
        "map_view": map_view(filters),
    }


@require_safe
@cache_public_page(generation_name=receivers.GENERATION)
@vary_on_headers("HX-Request")
def event_list(request):
    """Public: the published events of an edition, filtered, as a list beside a map.

    An htmx request (the filter form, the pagination) gets the results fragment only; a
    history restore or a plain request gets the whole page, which works without JavaScript.
    """
    events, filters = filter_events(request.GET)
    context = _list_context(request, events, filters)
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "events/_event_results.html", context)
    departments = Department.objects.select_related("region").order_by("region__name", "code")
    context |= {
        "regions": Region.objects.all(),
        "departments": departments,
        "kinds": EventKind.objects.all(),
        "audiences": Audience.objects.all(),
        "editions": Edition.objects.public(),
        "radius_choices": RADIUS_CHOICES,
        "default_radius": DEFAULT_RADIUS_KM,
    }
    return render(request, "events/event_list.html", context)


@require_safe
@cache_public_page(generation_name=receivers.GENERATION)
def map_data(request):
    """Public: GeoJSON of the events on the map's view, grouped by the database below zoom 15.

    Takes the list's filters plus `zoom` and `bbox=west,south,east,north`. Answers are
    cached by tiles shared by every visitor (see clustering.cached_map), and whole for
    each address, until an event changes.
    """
    events, filters = filter_events(request.GET)
    zoom = clustering.parse_zoom(request.GET.get("zoom", ""))
    bbox = clustering.parse_bbox(request.GET.get("bbox", ""))
    selection = _selection_key(filters)
    response = HttpResponse(
        clustering.cached_map(events, zoom=zoom, bbox=bbox, selection=selection),
        content_type="application/geo+json",
    )
    patch_cache_control(response, public=True, max_age=MAP_CACHE_SECONDS)
    return response


@require_safe
@cache_public_page(generation_name=receivers.GENERATION, with_query=False)
def event_detail(request, slug: str):
    """Public: a published event; its organiser and moderators also see it before that."""
    event = _visible_event(request, slug)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "canonical_url": structured_data.absolute_url(event.get_absolute_url()),
            "summary": structured_data.summary(event),
            "json_ld": structured_data.json_ld_script(structured_data.event_json_ld(event)),
            "share_links": structured_data.share_links(event),
            "image_url": structured_data.absolute_url(event.image.url) if event.image else "",
            "social_image_url": _social_image_url(event),
            "report": _shown_report(event),
            "testimonies": list(Testimony.objects.shown().filter(event=event)[:EVENT_TESTIMONIES]),
        },
    )


def _social_image_url(event: Event) -> str:
    """The generated 1200×630 image; its version in the query, as networks cache by address."""
    version = poster_content.fingerprint(poster_content.poster_texts(event))[:12]
    path = reverse("posters:social_image", kwargs={"slug": event.slug})
    return structured_data.absolute_url(f"{path}?v={version}")


def _shown_report(event: Event) -> EventReport | None:
    """The report after the day, when its organiser chose to show it on the page."""
    reports = EventReport.objects.on_event_page().filter(event=event)
    return reports.prefetch_related("audiences", "photos").first()


@require_safe
def event_ics(request, slug: str):
    """Public: one event as an .ics file to add to a diary."""
    event = _visible_event(request, slug)
    body = calendar.build_calendar([event], name=event.title)
    response = HttpResponse(body, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_safe
def feed(request):
    """Public: the edition's events, or the list's filtered selection, as a calendar feed.

    Diaries poll feeds over and over, and writing thousands of events takes seconds: the
    body is kept in the cache for FEED_CACHE_SECONDS, per selection and language, until an
    event changes.
    """
    events, filters = filter_events(request.GET)
    key = "events:feed:" + _selection_key(filters, get_language())
    year = filters.edition.year if filters.edition else ""
    body = cache.get(key)
    if body is None:
        body = calendar.edition_feed(
            events, year=year, selective=filters.is_active, limit=FEED_LIMIT
        )
        cache.set(key, body, FEED_CACHE_SECONDS)
    response = HttpResponse(body, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="jres-{year}.ics"'
    patch_cache_control(response, public=True, max_age=FEED_CACHE_SECONDS)
    return response


@require_http_methods(["GET", "POST"])
def contact_organiser(request, slug: str):
    """Public: write to the organiser of a published event; their address stays hidden."""
    event = _visible_event(request, slug)
    if not event.is_published:
        raise Http404
    form = contact.ContactForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        status = contact.submit(
            request,
            form,
            allow=contact.allow_attempt,
            send=functools.partial(contact.send_contact_message, event=event),
            sent=_("Votre message a été envoyé à l'organisateur."),
            about=f"event {event.pk}",
        )
        if status is None:
            return redirect(event)
    return render(
        request, "events/event_contact.html", {"event": event, "form": form}, status=status
    )
