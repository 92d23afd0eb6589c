"""The public filters of the events list, map and calendar feed, read from GET parameters.

One parser for the three of them, so that a shared link, the map and the feed always show
the same selection. A value that cannot be understood never fails the request: the filter
is left out and a note says so ("filtre ignoré : ...").
"""

import datetime
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils import timezone
from django.utils.translation import gettext as _

from jres.core.params import shown as _shown
from jres.core.params import value as _value
from jres.core.params import values as _values
from jres.editions.models import Edition
from jres.geo.models import Commune, Department, Region

from .models import AttendanceMode, Audience, Event, EventKind

EARTH_RADIUS_KM = 6371.0088
RADIUS_CHOICES = (5, 10, 20, 50, 100)
DEFAULT_RADIUS_KM = 20
MAX_RADIUS_KM = 200
MAX_SEARCH_WORDS = 6
MAX_SEARCH_LENGTH = 100
MAX_ORGANISER_LENGTH = 200

_TRUE = {"1", "on", "true", "oui"}
_FALSE = {"", "0", "off", "false", "non"}
_POSTAL_CODE = re.compile(r"^\d{5}$")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class Near:
    latitude: float
    longitude: float
    radius_km: int


@dataclass
class EventFilters:
    """The filters as understood, and a note for each one left out."""

    edition: Edition | None = None
    edition_is_default: bool = True
    region: Region | None = None
    department: Department | None = None
    commune: Commune | None = None
    postal_code: str = ""
    kind: EventKind | None = None
    audiences: list[Audience] = field(default_factory=list)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    text: str = ""
    # The organiser's name as event pages show it (the organisation, else the account's).
    organiser: str = ""
    near: Near | None = None
    online_only: bool = False
    ignored: list[str] = field(default_factory=list)

    @property
    def is_active(self) -> bool:
        """Whether anything narrows the edition's events (the edition itself does not)."""
        return any(
            (
                self.region,
                self.department,
                self.commune,
                self.postal_code,
                self.kind,
                self.audiences,
                self.date_from,
                self.date_to,
                self.text,
                self.organiser,
                self.near,
                self.online_only,
            )
        )

    def as_query(self) -> list[tuple[str, str]]:
        """The cleaned filters as GET parameters: what the feed and the map links carry."""
        query: list[tuple[str, str]] = []
        if self.edition and not self.edition_is_default:
            query.append(("edition", str(self.edition.year)))
        if self.region:
            query.append(("region", self.region.code))
        if self.department:
            query.append(("departement", self.department.code))
        if self.commune:
            query.append(("commune", self.commune.insee_code))
        if self.postal_code:
            query.append(("cp", self.postal_code))
        if self.kind:
            query.append(("type", self.kind.slug))
        query.extend(("public", audience.slug) for audience in self.audiences)
        if self.date_from:
            query.append(("du", self.date_from.isoformat()))
        if self.date_to:
            query.append(("au", self.date_to.isoformat()))
        if self.text:
            query.append(("q", self.text))
        if self.organiser:
            query.append(("organisateur", self.organiser))
        if self.near:
            query.append(("lat", f"{self.near.latitude:.4f}"))
            query.append(("lon", f"{self.near.longitude:.4f}"))
            query.append(("rayon", str(self.near.radius_km)))
        if self.online_only:
            query.append(("en_ligne", "1"))
        return query

    @property
    def audience_slugs(self) -> list[str]:
        return [audience.slug for audience in self.audiences]


# --- where the public may see an event --------------------------------------------------


def in_box(*, west: float, south: float, east: float, north: float) -> Q:
    """Events whose public point (`Event.map_latitude`, `map_longitude`) lies in the box.

    The public point is the commune's centre for an in-school event and nothing for an
    online one, so this never reveals a school nor places an online event.
    """
    return Q(map_latitude__range=(south, north), map_longitude__range=(west, east))


def organised_by(name: str) -> Q:
    """Events whose page names `name` as their organiser, whatever the case."""
    return Q(organisation__iexact=name) | Q(organisation="", organiser__display_name__iexact=name)


def distance_km(latitude: float, longitude: float):
    """The haversine distance from a point to the event's public point, in kilometres."""
    phi = math.radians(latitude)
    delta_phi = Radians(F("map_latitude")) - Value(phi)
    delta_lambda = Radians(F("map_longitude")) - Value(math.radians(longitude))
    a = Power(Sin(delta_phi / 2), 2) + Value(math.cos(phi)) * Cos(
        Radians(F("map_latitude"))
    ) * Power(Sin(delta_lambda / 2), 2)
    # Least() keeps rounding errors from pushing ASin out of its domain.
    return Value(2 * EARTH_RADIUS_KM) * ASin(Least(Sqrt(a), Value(1.0)))


def _near_box(near: Near) -> Q:
    """A box around the circle: a cheap, indexed first cut before the exact distance."""
    latitude_span = near.radius_km / 111.2
    cos_latitude = max(math.cos(math.radians(near.latitude)), 0.01)
    longitude_span = min(near.radius_km / (111.32 * cos_latitude), 180)
    return in_box(
        west=near.longitude - longitude_span,
        south=near.latitude - latitude_span,
        east=near.longitude + longitude_span,
        north=near.latitude + latitude_span,
    )


# --- reading the parameters -------------------------------------------------------------


def _parse_date(value: str) -> datetime.date | None:
    match = _FRENCH_DATE.match(value)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            date = datetime.date(year, month, day)
        else:
            date = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return date if 2000 <= date.year <= 2200 else None


def _parse_float(value: str) -> float | None:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def default_edition() -> Edition | None:
    return Edition.objects.filter(is_current=True).first() or Edition.objects.public().first()


def parse_filters(params: Mapping) -> EventFilters:
    """Read the GET parameters into filters; every value not understood becomes a note."""
    filters = EventFilters()
    ignored = filters.ignored

    year = _value(params, "edition")
    if year:
        is_year = year.isascii() and year.isdigit() and len(year) == 4
        edition = Edition.objects.public().filter(year=int(year)).first() if is_year else None
        if edition is None:
            ignored.append(_("édition « %(value)s » inconnue") % {"value": _shown(year)})
        else:
            filters.edition, filters.edition_is_default = edition, False
    if filters.edition is None:
        filters.edition = default_edition()

    if code := _value(params, "region"):
        filters.region = Region.objects.filter(code=code[:3]).first()
        if filters.region is None:
            ignored.append(_("région « %(value)s » inconnue") % {"value": _shown(code)})

    if code := _value(params, "departement"):
        filters.department = Department.objects.filter(code=code[:3].upper()).first()
        if filters.department is None:
            ignored.append(_("département « %(value)s » inconnu") % {"value": _shown(code)})

    if code := _value(params, "commune"):
        filters.commune = Commune.objects.filter(insee_code=code[:5].upper()).first()
        if filters.commune is None:
            ignored.append(_("commune « %(value)s » inconnue") % {"value": _shown(code)})

    if code := _value(params, "cp"):
        if _POSTAL_CODE.match(code):
            filters.postal_code = code
        else:
            ignored.append(
                _("code postal « %(value)s » : cinq chiffres attendus") % {"value": _shown(code)}
            )

    if slug := _value(params, "type"):
        filters.kind = EventKind.objects.filter(slug=slug[:40]).first()
        if filters.kind is None:
            ignored.append(_("type « %(value)s » inconnu") % {"value": _shown(slug)})

    slugs = list(dict.fromkeys(slug for slug in _values(params, "public") if slug))
    if slugs:
        filters.audiences = list(Audience.objects.filter(slug__in=[s[:40] for s in slugs]))
        known = {audience.slug for audience in filters.audiences}
        ignored.extend(
            _("public « %(value)s » inconnu") % {"value": _shown(slug)}
            for slug in slugs
            if slug not in known
        )

    for name, attribute in (("du", "date_from"), ("au", "date_to")):
        if value := _value(params, name):
            date = _parse_date(value)
            if date is None:
                ignored.append(
                    _("date « %(value)s » non reconnue (attendu : jj/mm/aaaa)")
                    % {"value": _shown(value)}
                )
            setattr(filters, attribute, date)
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        ignored.append(_("la date de fin précède la date de début"))
        filters.date_to = None

    text = " ".join(_value(params, "q").split())
    filters.text = text[:MAX_SEARCH_LENGTH]
    filters.organiser = " ".join(_value(params, "organisateur").split())[:MAX_ORGANISER_LENGTH]

    filters.near = _parse_near(params, ignored)

    online = _value(params, "en_ligne").lower()
    if online in _TRUE:
        filters.online_only = True
    elif online not in _FALSE:
        ignored.append(
            _("« en ligne » : valeur « %(value)s » non reconnue") % {"value": _shown(online)}
        )

    return filters


def _parse_near(params: Mapping, ignored: list[str]) -> Near | None:
    raw_latitude, raw_longitude = _value(params, "lat"), _value(params, "lon")
    if not raw_latitude and not raw_longitude:
        return None
    latitude, longitude = _parse_float(raw_latitude), _parse_float(raw_longitude)
    if (
        latitude is None
        or longitude is None
        or not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
    ):
        ignored.append(
            _("position « %(latitude)s, %(longitude)s » non reconnue")
            % {
                "latitude": _shown(raw_latitude) or "?",
                "longitude": _shown(raw_longitude) or "?",
            }
        )
        return None
    radius = DEFAULT_RADIUS_KM
    if raw_radius := _value(params, "rayon"):
        number = _parse_float(raw_radius)
        if number is None or not 1 <= number <= MAX_RADIUS_KM:
            ignored.append(
                _("rayon « %(value)s » : entre 1 et %(max)s km attendu, %(default)s km utilisés")
                % {"value": raw_radius, "max": MAX_RADIUS_KM, "default": DEFAULT_RADIUS_KM}
            )
        else:
            radius = round(number)
    return Near(latitude=latitude, longitude=longitude, radius_km=radius)


# --- the selection ----------------------------------------------------------------------


def _local_midnight(date: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))


def filter_queryset(filters: EventFilters, queryset: QuerySet | None = None) -> QuerySet:
    """The published events that the filters select, nearest first when near a point."""
    queryset = Event.objects.published() if queryset is None else queryset
    if filters.edition is None:
        return queryset.none()
    queryset = queryset.filter(edition=filters.edition)
    if filters.region:
        queryset = queryset.filter(region=filters.region)
    if filters.department:
        queryset = queryset.filter(department=filters.department)
    if filters.commune:
        queryset = queryset.filter(commune=filters.commune)
    if filters.postal_code:
        queryset = queryset.filter(postal_code=filters.postal_code)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.audiences:
        # EXISTS rather than a join: one row per event, with no DISTINCT to disturb counts.
        queryset = queryset.filter(
            Exists(
                Event.audiences.through.objects.filter(
                    event_id=OuterRef("pk"), audience__in=filters.audiences
                )
            )
        )
    if filters.date_from:
        queryset = queryset.filter(ends_at__gt=_local_midnight(filters.date_from))
    if filters.date_to:
        next_day = filters.date_to + datetime.timedelta(days=1)
        queryset = queryset.filter(starts_at__lt=_local_midnight(next_day))
    for word in filters.text.split()[:MAX_SEARCH_WORDS]:
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(city__icontains=word)
        )
    if filters.organiser:
        queryset = queryset.filter(organised_by(filters.organiser))
    if filters.online_only:
        queryset = queryset.filter(
            attendance_mode__in=[AttendanceMode.ONLINE, AttendanceMode.HYBRID]
        )
    if filters.near:
        near = filters.near
        queryset = (
            queryset.filter(_near_box(near))
            .annotate(distance=distance_km(near.latitude, near.longitude))
            .filter(distance__lte=near.radius_km)
            .order_by("distance", "starts_at", "pk")
        )
    else:
        queryset = queryset.order_by("starts_at", "pk")
    return queryset


def filter_events(params: Mapping, queryset: QuerySet | None = None):
    """Parse the GET parameters and apply them: (queryset, EventFilters)."""
    filters = parse_filters(params)
    return filter_queryset(filters, queryset), filters
