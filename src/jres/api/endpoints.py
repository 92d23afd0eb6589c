"""The read API, version 1: every endpoint, who may call it (anybody) and what it answers.

Each operation checks its parameters, then hands `http.serve` a function that builds the
body: `serve` answers 304 or a cached body without calling it whenever it can.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI, Path, Query

from jres.editions.models import Edition
from jres.events import calendar
from jres.events.filters import filter_queryset, in_box
from jres.events.models import Event
from jres.events.structured_data import absolute_url
from jres.initiatives.models import Initiative, Theme
from jres.partners.models import Partner
from jres.toolkit.models import Category, Resource

from . import errors, formats, params, schemas, serializers
from .errors import ApiError
from .http import Body, ClientRateThrottle, check_parameters, serve
from .models import DataLicence

EVENTS = ("events",)
MAX_ID = 2**62

_EMPTY = {"type": "string", "maxLength": 0}


class OpenDataAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """ninja's description, told two things it does not know: every GET also answers
        HEAD (listing both doubles the documentation), and an optional parameter left empty
        (`?cp=`, as forms send it) counts as absent (schemas.QuerySchema)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for item in schema["paths"].values():
            item.pop("head", None)
            for operation in item.values():
                for parameter in operation.get("parameters", []):
                    if parameter["in"] != "query" or parameter.get("required"):
                        continue
                    value = parameter["schema"]
                    if value.get("type") == "array":
                        value["items"] = {"anyOf": [value["items"], _EMPTY]}
                    elif "anyOf" in value:
                        value["anyOf"].append(_EMPTY)
                    else:
                        parameter["schema"] = {"anyOf": [value, _EMPTY]}
        return schema

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = errors.json_not_allowed(pattern.callback)
        return patterns


api = OpenDataAPI(
    title="JRES — open data",
    version="1",
    description=(
        "The public data of the Journée du Refus de l'Échec Scolaire: editions, labelled "
        "events, partner authorities, initiatives and the communication kit. Read-only, no "
        "key, CORS open. Conditional requests (`If-None-Match`) are answered `304`. Errors "
        "are JSON naming the parameter at fault. The re-users' guide, in French and English: "
        "[/donnees-ouvertes/](/donnees-ouvertes/)."
    ),
    urls_namespace="api-1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    throttle=[ClientRateThrottle()],
    # Swagger UI, served from our static files, styles its elements inline.
    docs_decorator=csp_override(
        {**settings.SECURE_CSP, "style-src": ["'self'", "'unsafe-inline'"]}
    ),
)
errors.install(api)

ERRORS = {304: None, 400: schemas.Error, 404: schemas.Error, 429: schemas.Error}
GET = ["GET", "HEAD"]


def _json(data) -> Body:
    return Body(formats.dumps(data), "application/json")


def _next_url(request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = [(key, value) for key, value in request.GET.lists() if key != "cursor"]
    query.append(("cursor", [cursor]))
    return absolute_url(request.path + "?" + urlencode(query, doseq=True))


# --- index ------------------------------------------------------------------------------


@api.api_operation(
    GET,
    "/",
    response={200: schemas.Index, 429: schemas.Error},
    url_name="index",
    summary="What this API publishes",
    tags=["index"],
)
def index(request):
    check_parameters(request, ())

    def build():
        licence = DataLicence.current()
        return _json(
            {
                "name": "JRES open data",
                "version": "1",
                "licence": {
                    "name": licence.name,
                    "url": licence.url,
                    "attribution": licence.attribution,
                },
                "documentation": absolute_url(reverse("api:reuse")),
                "openapi": absolute_url(reverse("api-1:openapi-json")),
                "endpoints": {
                    name: absolute_url(reverse(f"api-1:{name}"))
                    for name in ("editions", "events", "partners", "initiatives", "resources")
                },
            }
        )

    return serve(request, scope=EVENTS, build=build)


# --- editions -----------------------------------------------------------------------------


@api.api_operation(
    GET,
    "/editions",
    response={200: schemas.EditionList, **ERRORS},
    url_name="editions",
    summary="Editions of the day",
    tags=["editions"],
)
def editions(request):
    check_parameters(request, ())

    def build():
        found = Edition.objects.public().order_by("-year")
        return _json({"results": [serializers.edition_data(e) for e in found], "next": None})

    return serve(request, scope=EVENTS, build=build)


@api.api_operation(
    GET,
    "/editions/{year}",
    response={200: schemas.Edition, **ERRORS},
    url_name="edition",
    summary="One edition",
    tags=["editions"],
)
def edition(request, year: int = Path(..., ge=2000, le=2200)):
    check_parameters(request, ())

    def build():
        found = get_object_or_404(Edition.objects.public(), year=year)
        return _json(serializers.edition_data(found))

    return serve(request, scope=EVENTS, build=build)


# --- events -------------------------------------------------------------------------------

EVENT_FORMATS = {
    "responses": {
        200: {
            "description": (
                "`json`: a page of events. `geojson`: a FeatureCollection (with `zoom`, the "
                "map's clusters). `ics`: a calendar to subscribe to. `csv`: every event."
            ),
            "content": {
                formats.GEOJSON: {
                    "schema": {
                        "type": "object",
                        "required": ["type", "features"],
                        "properties": {
                            "type": {"const": "FeatureCollection"},
                            "features": {"type": "array"},
                        },
                    }
                },
                "text/calendar": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        }
    }
}


def _event_selection(query: schemas.EventQuery):
    filters = params.event_filters_from(query)
    queryset = filter_queryset(filters)
    if name := params.organisation(query):
        queryset = queryset.filter(organisation__iexact=name)
    if box := params.bbox(query.bbox):
        queryset = queryset.filter(
            in_box(west=box.west, south=box.south, east=box.east, north=box.north)
        )
    if since := params.moment(query.updated_since, "updated_since"):
        queryset = queryset.filter(updated_at__gte=since)
    return queryset, filters, box


def _check_format_options(request, query: schemas.EventQuery) -> None:
    if query.zoom is not None and query.format != "geojson":
        raise ApiError("Parameter “zoom” goes with format=geojson only.", parameter="zoom")
    paged = query.format == "json" or (query.format == "geojson" and query.zoom is None)
    if not paged:
        for name in ("cursor", "limit"):
            if request.GET.get(name):
                raise ApiError(
                    f"Parameter “{name}”: this format holds the whole selection, not pages.",
                    parameter=name,
                )


def _event_page(request, query, queryset):
    if query.updated_since is not None:
        order, field, key = "updated", "updated_at", params.by_update
    else:
        order, field, key = "date", "starts_at", params.by_date
    queryset = params.after(queryset, query.cursor, order, field, params.parse_moment)
    events, cursor = params.page(serializers.events_for_output(queryset), query.limit, order, key)
    return events, _next_url(request, cursor)


@api.api_operation(
    GET,
    "/events",
    response={200: schemas.EventPage, **ERRORS},
    url_name="events",
    openapi_extra=EVENT_FORMATS,
    summary="Published events, filtered, in JSON, GeoJSON, iCal or CSV",
    tags=["events"],
)
def events(request, query: Query[schemas.EventQuery]):
    check_parameters(request, schemas.EventQuery.model_fields)
    _check_format_options(request, query)

    def build():
        queryset, filters, box = _event_selection(query)
        year = filters.edition.year if filters.edition else ""
        if query.format == "ics":
            selective = filters.is_active or bool(box or query.updated_since)
            body = calendar.edition_feed(
                queryset, year=year, selective=selective, limit=formats.ICS_LIMIT
            )
            return Body(body, "text/calendar; charset=utf-8", f"jres-{year}.ics")
        if query.format == "csv":
            return Body(formats.csv_stream(queryset), formats.CSV, f"jres-{year}.csv")
        if query.format == "geojson" and query.zoom is not None:
            collection = formats.clustered(queryset, zoom=query.zoom, bbox=box)
            return Body(formats.dumps(collection), formats.GEOJSON)
        found, next_url = _event_page(request, query, queryset)
        if query.format == "geojson":
            return Body(formats.dumps(formats.feature_collection(found, next_url)), formats.GEOJSON)
        results = [serializers.event_data(event) for event in found]
        return _json({"results": results, "next": next_url})

    return serve(
        request,
        scope=EVENTS,
        build=build,
        max_age=300 if query.format == "ics" else 60,
        cached=query.format != "csv",
    )


@api.api_operation(
    GET,
    "/events/withdrawn",
    response={200: schemas.WithdrawnPage, **ERRORS},
    url_name="withdrawn",
    tags=["events"],
    summary="Events no longer published, for incremental sync",
)
def withdrawn(request, query: Query[schemas.WithdrawnQuery]):
    """Events that were published and are not any more (sent back to review after a
    change): a copy kept with `updated_since` removes them."""
    check_parameters(request, schemas.WithdrawnQuery.model_fields)

    def build():
        since = params.moment(query.since, "since")
        queryset = Event.objects.filter(
            published=False, labelled_at__isnull=False, updated_at__gte=since
        )
        queryset = params.after(
            queryset, query.cursor, "withdrawn", "updated_at", params.parse_moment
        )
        found, cursor = params.page(
            queryset.only("pk", "updated_at"), query.limit, "withdrawn", params.by_update
        )
        results = [
            {"id": event.pk, "withdrawn_at": serializers.iso(event.updated_at)} for event in found
        ]
        return _json({"results": results, "next": _next_url(request, cursor)})

    return serve(request, scope=EVENTS, build=build)


def _published_event(event_id: int) -> Event:
    queryset = serializers.events_for_output(Event.objects.published())
    return get_object_or_404(queryset, pk=event_id)


@api.api_operation(
    GET,
    "/events/{event_id}",
    response={200: schemas.Event, **ERRORS},
    url_name="event",
    summary="One published event",
    tags=["events"],
)
def event(request, event_id: int = Path(..., ge=1, le=MAX_ID)):
    check_parameters(request, ())

    def build():
        return _json(serializers.event_data(_published_event(event_id)))

    return serve(request, scope=EVENTS, build=build)


JSON_LD_CONTENT = {
    "responses": {
        200: {
            "description": "A schema.org Event.",
            "content": {formats.JSON_LD: {"schema": {"type": "object"}}},
        }
    }
}


@api.api_operation(
    GET,
    "/events/{event_id}/jsonld",
    response={200: dict, **ERRORS},
    url_name="event_jsonld",
    openapi_extra=JSON_LD_CONTENT,
    summary="One event as schema.org JSON-LD",
    tags=["events"],
)
def event_jsonld(request, event_id: int = Path(..., ge=1, le=MAX_ID)):
    check_parameters(request, ())

    def build():
        found = _published_event(event_id)
        return Body(formats.dumps(formats.json_ld(found)), formats.JSON_LD)

    return serve(request, scope=EVENTS, build=build)


# --- partners, initiatives, toolkit -------------------------------------------------------


def _listing(request, query, queryset, *, order: str, output, data) -> Body:
    queryset = params.after(queryset, query.cursor, order)
    found, cursor = params.page(output(queryset), query.limit, order, lambda item: [item.pk])
    return _json({"results": [data(item) for item in found], "next": _next_url(request, cursor)})


@api.api_operation(
    GET,
    "/partners",
    response={200: schemas.PartnerPage, **ERRORS},
    url_name="partners",
    summary="Partner local authorities",
    tags=["partners"],
)
def partners(request, query: Query[schemas.PartnerQuery]):
    check_parameters(request, schemas.PartnerQuery.model_fields)

    def build():
        queryset = Partner.objects.public()
        if region := params.region(query.region):
            queryset = queryset.filter(region=region)
        if department := params.department(query.departement):
            queryset = queryset.filter(department=department)
        if query.kind:
            queryset = queryset.filter(kind=query.kind)
        return _listing(
            request,
            query,
            queryset,
            order="partners",
            output=serializers.partners_for_output,
            data=serializers.partner_data,
        )

    return serve(request, scope=("partners",), build=build)


@api.api_operation(
    GET,
    "/partners/{partner_id}",
    response={200: schemas.Partner, **ERRORS},
    url_name="partner",
    summary="One partner authority",
    tags=["partners"],
)
def partner(request, partner_id: int = Path(..., ge=1, le=MAX_ID)):
    check_parameters(request, ())

    def build():
        queryset = serializers.partners_for_output(Partner.objects.public())
        return _json(serializers.partner_data(get_object_or_404(queryset, pk=partner_id)))

    return serve(request, scope=("partners",), build=build)


@api.api_operation(
    GET,
    "/initiatives",
    response={200: schemas.InitiativePage, **ERRORS},
    url_name="initiatives",
    summary="Initiatives that others can reproduce",
    tags=["initiatives"],
)
def initiatives(request, query: Query[schemas.InitiativeQuery]):
    check_parameters(request, schemas.InitiativeQuery.model_fields)

    def build():
        queryset = Initiative.objects.published()
        if query.theme:
            theme = Theme.objects.filter(slug=query.theme).first()
            if theme is None:
                raise params.unknown("theme", query.theme, "theme")
            queryset = queryset.filter(themes=theme)
        if region := params.region(query.region):
            queryset = queryset.filter(commune__department__region=region)
        if department := params.department(query.departement):
            queryset = queryset.filter(commune__department=department)
        return _listing(
            request,
            query,
            queryset,
            order="initiatives",
            output=serializers.initiatives_for_output,
            data=serializers.initiative_data,
        )

    return serve(request, scope=EVENTS, build=build)


@api.api_operation(
    GET,
    "/initiatives/{initiative_id}",
    response={200: schemas.Initiative, **ERRORS},
    url_name="initiative",
    summary="One initiative",
    tags=["initiatives"],
)
def initiative(request, initiative_id: int = Path(..., ge=1, le=MAX_ID)):
    check_parameters(request, ())

    def build():
        queryset = serializers.initiatives_for_output(Initiative.objects.published())
        return _json(serializers.initiative_data(get_object_or_404(queryset, pk=initiative_id)))

    return serve(request, scope=EVENTS, build=build)


def _public_resources():
    return Resource.objects.published().filter(edition__in=Edition.objects.public())


@api.api_operation(
    GET,
    "/resources",
    response={200: schemas.ResourcePage, **ERRORS},
    url_name="resources",
    summary="The communication kit's resources",
    tags=["toolkit"],
)
def resources(request, query: Query[schemas.ResourceQuery]):
    check_parameters(request, schemas.ResourceQuery.model_fields)

    def build():
        queryset = _public_resources()
        if query.edition is not None:
            queryset = queryset.filter(edition=params.edition(query.edition))
        if query.category:
            category = Category.objects.filter(slug=query.category).first()
            if category is None:
                raise params.unknown("category", query.category, "category")
            queryset = queryset.filter(category=category)
        return _listing(
            request,
            query,
            queryset,
            order="resources",
            output=serializers.resources_for_output,
            data=serializers.resource_data,
        )

    return serve(request, scope=("toolkit", "events"), build=build)


@api.api_operation(
    GET,
    "/resources/{resource_id}",
    response={200: schemas.Resource, **ERRORS},
    url_name="resource",
    summary="One kit resource",
    tags=["toolkit"],
)
def resource(request, resource_id: int = Path(..., ge=1, le=MAX_ID)):
    check_parameters(request, ())

    def build():
        queryset = serializers.resources_for_output(_public_resources())
        return _json(serializers.resource_data(get_object_or_404(queryset, pk=resource_id)))

    return serve(request, scope=("toolkit", "events"), build=build)
