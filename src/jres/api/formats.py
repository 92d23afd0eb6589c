"""The events in the API's other formats: GeoJSON, iCalendar, CSV and schema.org JSON-LD.

Each is written from `serializers.event_data`, or from the events app's own writers (the
map's clustering, the calendar), so that every format publishes the same fields under the
same rule.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from jres.core.spreadsheets import neutralise
from jres.events import clustering, structured_data
from jres.events.models import Event

from .serializers import event_data, events_for_output

GEOJSON = "application/geo+json"
CSV = "text/csv; charset=utf-8"
JSON_LD = "application/ld+json"
# An iCal feed holds the whole selection, up to this many events (see calendar.edition_feed).
ICS_LIMIT = 10_000
CSV_BATCH = 1000


def dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


# --- GeoJSON (RFC 7946) -------------------------------------------------------------------


def event_feature(event: Event) -> dict:
    """A Feature whose geometry is the public point (none for an online-only event)."""
    properties = event_data(event)
    longitude, latitude = properties.pop("longitude"), properties.pop("latitude")
    geometry = None
    if latitude is not None and longitude is not None:
        geometry = {"type": "Point", "coordinates": [longitude, latitude]}
    return {"type": "Feature", "id": event.pk, "geometry": geometry, "properties": properties}


def feature_collection(events: Iterable[Event], next_url: str | None) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [event_feature(event) for event in events],
        "next": next_url,
    }


def clustered(queryset: QuerySet, *, zoom: int, bbox) -> dict:
    """The map's grouping (events.clustering): cells with a `count`, lone events as points."""
    collection = clustering.map_features(queryset, zoom=zoom, bbox=bbox)
    for feature in collection["features"]:
        properties = feature["properties"]
        if "url" in properties:
            properties["url"] = structured_data.absolute_url(properties["url"])
    collection.setdefault("truncated", False)
    return collection


# --- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "id", "slug", "url", "api_url", "ical_uid", "edition", "title", "description",
    "kind", "kind_name_fr", "kind_name_en", "audiences", "starts_at", "ends_at", "status",
    "cancellation_reason", "in_school", "attendance_mode", "venue_name", "address",
    "postal_code", "city", "commune", "department", "region", "latitude", "longitude",
    "location_precision", "organisation", "local_partners", "step_free_access",
    "sign_language", "hearing_loop", "accessibility_notes", "capacity", "registration_mode",
    "registration_url", "image", "updated_at",
]  # fmt: skip


def csv_row(event: Event) -> list:
    data = event_data(event)
    kind, accessibility, registration = data["kind"], data["accessibility"], data["registration"]
    flat = data | {
        "kind": kind["slug"],
        "kind_name_fr": kind["name_fr"],
        "kind_name_en": kind["name_en"],
        "audiences": "|".join(audience["slug"] for audience in data["audiences"]),
        "step_free_access": accessibility["step_free_access"],
        "sign_language": accessibility["sign_language"],
        "hearing_loop": accessibility["hearing_loop"],
        "accessibility_notes": accessibility["notes"],
        "registration_mode": registration["mode"],
        "registration_url": registration["url"],
    }
    return [_cell(flat[column]) for column in CSV_COLUMNS]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    # Text typed by organisers: a spreadsheet must not run it as a formula.
    return neutralise(value)


def csv_stream(queryset: QuerySet) -> Iterator[bytes]:
    """The header, then the rows, written a batch at a time: memory stays flat."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for index, event in enumerate(
        events_for_output(queryset).iterator(chunk_size=CSV_BATCH), start=1
    ):
        writer.writerow(csv_row(event))
        if index % CSV_BATCH == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


# --- JSON-LD --------------------------------------------------------------------------------


def json_ld(event: Event) -> dict:
    """The event page's schema.org Event, without a person's name as organiser."""
    data = structured_data.event_json_ld(event)
    if not event.organisation:
        data.pop("organizer", None)
    return data
