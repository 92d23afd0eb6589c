"""The typed shapes of the API: what the OpenAPI description publishes, and the query
parameters ninja checks before a view runs. `serializers` writes data of these shapes."""

import datetime
from typing import Literal

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import model_validator

# --- query parameters ---------------------------------------------------------------------

Limit = Field(100, ge=1, le=1000, description="Items per page (1 to 1,000).")
Cursor = Field(
    None, max_length=2000, description="The position to continue from: take it from `next`."
)


class QuerySchema(Schema):
    """Query parameters where an empty value means "not given": forms send their empty
    fields (`?cp=&du=`), and the public list's addresses must work here as they are."""

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data):
        if isinstance(data, DjangoGetter):  # how ninja's Schema hands the values over
            data = data._obj
        if not isinstance(data, dict):
            return data
        kept = {}
        for name, value in data.items():
            if isinstance(value, list):
                value = [item for item in value if item != ""]
                if not value:
                    continue
            elif value == "":
                continue
            kept[name] = value
        return kept


class PageQuery(QuerySchema):
    limit: int = Limit
    cursor: str | None = Cursor


class EventQuery(QuerySchema):
    edition: int | None = Field(
        None, ge=2000, le=2200, description="Year of the edition; the current one by default."
    )
    region: str | None = Field(None, max_length=3, description="INSEE region code, e.g. `53`.")
    departement: str | None = Field(
        None, max_length=3, description="Department code, e.g. `35`, `2A`, `971`."
    )
    commune: str | None = Field(None, max_length=5, description="INSEE commune code.")
    cp: str | None = Field(None, pattern=r"^\d{5}$", description="Postal code (five digits).")
    type: str | None = Field(None, max_length=40, description="Event kind (its `slug`).")
    public: list[str] = Field(
        default_factory=list, max_length=20, description="Audience `slug`; may be repeated."
    )
    du: datetime.date | None = Field(None, description="Events ending on or after this day.")
    au: datetime.date | None = Field(None, description="Events starting on or before this day.")
    q: str | None = Field(None, max_length=100, description="Words in title, description, town.")
    organisateur: str | None = Field(
        None, max_length=200, description="The organisation named on the events' pages."
    )
    en_ligne: bool | None = Field(None, description="`true`: online or hybrid events only.")
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude of a centre.")
    lon: float | None = Field(None, ge=-180, le=180, description="Longitude of a centre.")
    rayon: int | None = Field(None, ge=1, le=200, description="Radius around lat/lon, in km.")
    bbox: str | None = Field(
        None, max_length=200, description="`west,south,east,north` in degrees (WGS 84)."
    )
    updated_since: datetime.datetime | None = Field(
        None,
        description="Only events changed since (ISO 8601); the list is then sorted by change.",
    )
    format: Literal["json", "geojson", "ics", "csv"] = Field(
        "json", description="`json`, `geojson` (RFC 7946), `ics` (RFC 5545) or `csv`."
    )
    zoom: int | None = Field(
        None, ge=0, le=18, description="GeoJSON only: group events as the map does at this zoom."
    )
    limit: int = Limit
    cursor: str | None = Cursor


class WithdrawnQuery(QuerySchema):
    since: datetime.datetime = Field(
        ..., description="Events withdrawn from publication since this moment (ISO 8601)."
    )
    limit: int = Limit
    cursor: str | None = Cursor


class PartnerQuery(PageQuery):
    region: str | None = Field(None, max_length=3)
    departement: str | None = Field(None, max_length=3)
    kind: Literal["commune", "intercommunality", "department", "region", "overseas"] | None = None


class InitiativeQuery(PageQuery):
    theme: str | None = Field(None, max_length=40, description="Theme `slug`.")
    region: str | None = Field(None, max_length=3)
    departement: str | None = Field(None, max_length=3)


class ResourceQuery(PageQuery):
    edition: int | None = Field(None, ge=2000, le=2200, description="All editions by default.")
    category: str | None = Field(None, max_length=40, description="Category `slug`.")


# --- answers ----------------------------------------------------------------------------


class Error(Schema):
    error: str = Field(
        description="`invalid`, `unknown_parameter`, `unknown_value`, "
        "`not_found` or `rate_limited`."
    )
    parameter: str | None = Field(description="The parameter to fix, when one is at fault.")
    message: str


class Named(Schema):
    slug: str
    name_fr: str
    name_en: str


class Licence(Schema):
    name: str
    url: str
    attribution: str


class Index(Schema):
    name: str
    version: str
    licence: Licence
    documentation: str
    openapi: str
    endpoints: dict[str, str]


class Edition(Schema):
    year: int
    number: int
    day: datetime.date
    theme_fr: str
    theme_en: str
    status: Literal["open", "closed", "archived"]
    is_current: bool
    window_start: datetime.date | None
    window_end: datetime.date | None
    url: str
    api_url: str
    events_url: str


class Accessibility(Schema):
    step_free_access: bool
    sign_language: bool
    hearing_loop: bool
    notes: str | None


class Registration(Schema):
    mode: Literal["none", "platform", "external"]
    url: str | None


class Event(Schema):
    id: int
    slug: str
    url: str = Field(description="The event's public page.")
    api_url: str
    ical_uid: str = Field(description="The UID of the event in every calendar feed.")
    edition: int
    title: str
    description: str = Field(description="Markdown.")
    kind: Named
    audiences: list[Named]
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: Literal["labelled", "cancelled"]
    cancellation_reason: str | None
    in_school: bool = Field(description="Held in a school for its pupils: no address given.")
    attendance_mode: Literal["in_person", "online", "hybrid"]
    venue_name: str | None
    address: str | None
    postal_code: str
    city: str
    commune: str | None = Field(description="INSEE code.")
    department: str | None
    region: str | None
    latitude: float | None
    longitude: float | None
    location_precision: Literal["address", "commune"] | None = Field(
        description="`commune`: the commune's centre (in-school events); none online."
    )
    organisation: str | None
    local_partners: str | None
    accessibility: Accessibility
    capacity: int | None
    registration: Registration
    image: str | None
    updated_at: datetime.datetime


class EventPage(Schema):
    results: list[Event]
    next: str | None = Field(description="The next page's address; null on the last one.")


class Withdrawn(Schema):
    id: int
    withdrawn_at: datetime.datetime


class WithdrawnPage(Schema):
    results: list[Withdrawn]
    next: str | None


class EditionList(Schema):
    results: list[Edition]
    next: None = None


class Territory(Schema):
    level: Literal["commune", "department", "region"]
    commune: str | None
    department: str | None
    region: str | None
    member_communes: list[str]


class Partner(Schema):
    id: int
    slug: str
    name: str
    kind: str
    url: str
    api_url: str
    logo: str | None
    commitment: str
    territory: Territory
    latitude: float | None
    longitude: float | None
    joined_on: datetime.date
    updated_at: datetime.datetime


class PartnerPage(Schema):
    results: list[Partner]
    next: str | None


class Document(Schema):
    title: str
    url: str | None


class Initiative(Schema):
    id: int
    slug: str
    title: str
    summary: str
    description: str
    results: str | None
    themes: list[Named]
    levels: list[str]
    organisation: str
    commune: str
    city: str
    department: str | None
    region: str | None
    links: list[str]
    editions: list[int]
    documents: list[Document]
    featured: bool
    url: str
    api_url: str
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


class InitiativePage(Schema):
    results: list[Initiative]
    next: str | None


class Resource(Schema):
    id: int
    edition: int
    category: Named
    title_fr: str
    title_en: str
    description_fr: str | None
    description_en: str | None
    kind: Literal["file", "video"]
    file_kind: str | None
    file_size: int | None
    width: int | None
    height: int | None
    url: str
    api_url: str
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


class ResourcePage(Schema):
    results: list[Resource]
    next: str | None
