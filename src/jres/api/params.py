"""The API's filters: the public list's parameters, read strictly.

The public pages leave out a value they do not understand and say so; a program cannot
read that note, so here the same value is a 400 naming the parameter. Once understood,
the filters are the public list's own `EventFilters`, applied by the same function: the
API, the list, the map and the calendar feeds always select the same events.
"""

import datetime
import math

from django.db.models import Q, QuerySet
from django.utils import timezone

from jres.editions.models import Edition
from jres.events import filters as event_filters
from jres.events.clustering import BoundingBox
from jres.events.models import Audience, Event, EventKind
from jres.geo.models import Commune, Department, Region

from . import cursors
from .errors import ApiError

FIRST_YEAR, LAST_YEAR = 2000, 2200


def unknown(parameter: str, value: str, what: str) -> ApiError:
    return ApiError(
        f"Unknown {what} “{value[:60]}” in parameter “{parameter}”.",
        parameter=parameter,
        code="unknown_value",
    )


def edition(year: int | None, *, parameter: str = "edition") -> Edition | None:
    """The public edition of that year; the current one (else the latest) without a year."""
    if year is None:
        return event_filters.default_edition()
    found = Edition.objects.public().filter(year=year).first()
    if found is None:
        raise unknown(parameter, str(year), "edition")
    return found


def region(code: str | None) -> Region | None:
    if not code:
        return None
    found = Region.objects.filter(code=code[:3]).first()
    if found is None:
        raise unknown("region", code, "region code")
    return found


def department(code: str | None) -> Department | None:
    if not code:
        return None
    found = Department.objects.filter(code=code[:3].upper()).first()
    if found is None:
        raise unknown("departement", code, "department code")
    return found


def bbox(value: str | None) -> BoundingBox | None:
    if not value:
        return None
    parts = value.split(",")
    message = (
        "Parameter “bbox”: four numbers west,south,east,north in degrees expected "
        "(for example -5.5,41,10,51.5), with west < east and south < north."
    )
    if len(parts) != 4:
        raise ApiError(message, parameter="bbox")
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise ApiError(message, parameter="bbox") from None
    numbers = (west, south, east, north)
    if (
        not all(math.isfinite(number) for number in numbers)
        or not (-180 <= west < east <= 180)
        or not (-90 <= south < north <= 90)
    ):
        raise ApiError(message, parameter="bbox")
    return BoundingBox(west=west, south=south, east=east, north=north)


def moment(value: datetime.datetime | None, parameter: str) -> datetime.datetime | None:
    """An aware date-time (Paris time when none is given), within the platform's years."""
    if value is None:
        return None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ApiError(
            f"Parameter “{parameter}”: a date between {FIRST_YEAR} and {LAST_YEAR} expected.",
            parameter=parameter,
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def day(value: datetime.date | None, parameter: str) -> datetime.date | None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ApiError(
            f"Parameter “{parameter}”: a date between {FIRST_YEAR} and {LAST_YEAR} expected.",
            parameter=parameter,
        )
    return value


def event_filters_from(query) -> event_filters.EventFilters:
    """The typed query (api.EventQuery) as the public list's filters; 400 on any value
    that names nothing."""
    filters = event_filters.EventFilters()
    filters.edition = edition(query.edition)
    filters.edition_is_default = query.edition is None
    filters.region = region(query.region)
    filters.department = department(query.departement)
    if query.commune:
        filters.commune = Commune.objects.filter(insee_code=query.commune[:5].upper()).first()
        if filters.commune is None:
            raise unknown("commune", query.commune, "commune (INSEE code)")
    filters.postal_code = query.cp or ""
    if query.type:
        filters.kind = EventKind.objects.filter(slug=query.type[:40]).first()
        if filters.kind is None:
            raise unknown("type", query.type, "event kind")
    if query.public:
        slugs = list(dict.fromkeys(query.public))
        filters.audiences = list(Audience.objects.filter(slug__in=[s[:40] for s in slugs]))
        known = {audience.slug for audience in filters.audiences}
        for slug in slugs:
            if slug not in known:
                raise unknown("public", slug, "audience")
    filters.date_from = day(query.du, "du")
    filters.date_to = day(query.au, "au")
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        raise ApiError("Parameter “au”: the end date precedes “du”.", parameter="au")
    filters.text = " ".join((query.q or "").split())[: event_filters.MAX_SEARCH_LENGTH]
    filters.online_only = bool(query.en_ligne)
    if (query.lat is None) != (query.lon is None):
        missing = "lon" if query.lon is None else "lat"
        raise ApiError(f"Parameter “{missing}”: “lat” and “lon” go together.", parameter=missing)
    if query.lat is not None:
        filters.near = event_filters.Near(
            latitude=query.lat,
            longitude=query.lon,
            radius_km=query.rayon or event_filters.DEFAULT_RADIUS_KM,
        )
    # Without a centre, a radius is ignored: the public list's form always sends one.
    return filters


def organisation(query) -> str:
    """The `organisateur` filter, matched against organisations only: the public list also
    matches an organiser's own name, which the API never publishes nor lets anyone probe."""
    return " ".join((query.organisateur or "").split())[: event_filters.MAX_ORGANISER_LENGTH]


# --- keyset pages -----------------------------------------------------------------------


def after(
    queryset: QuerySet, cursor: str | None, order: str, field: str = "pk", parse=int
) -> QuerySet:
    """The items after the cursor's position in (field, id) order, or in id order alone."""
    queryset = queryset.order_by(field, "pk") if field != "pk" else queryset.order_by("pk")
    if not cursor:
        return queryset
    values = cursors.decode(cursor, order)
    try:
        value, pk = parse(values[0]), int(values[-1])
    except (IndexError, TypeError, ValueError):
        raise ApiError("This cursor cannot be read.", parameter="cursor") from None
    if field == "pk":
        return queryset.filter(pk__gt=pk)
    return queryset.filter(Q(**{f"{field}__gt": value}) | Q(**{field: value, "pk__gt": pk}))


def page(queryset: QuerySet, limit: int, order: str, key) -> tuple[list, str | None]:
    """(items, cursor of the next page or None): one query, one item more than the page."""
    items = list(queryset[: limit + 1])
    if len(items) <= limit:
        return items, None
    items = items[:limit]
    return items, cursors.encode(order, key(items[-1]))


parse_moment = datetime.datetime.fromisoformat


def by_date(event: Event) -> list:
    return [event.starts_at.isoformat(), event.pk]


def by_update(event: Event) -> list:
    return [event.updated_at.isoformat(), event.pk]
