"""The map's data: events grouped on a grid by the database, as GeoJSON.

At national zoom 100,000 events become a few dozen cells (a count and a mean position
each), so the answer stays small whatever the number of events; close up (zoom 13 and
more) every event is a point of its own. Points are where the public may see an event
(see `filters.with_public_point`): never the precise place of an in-school event.
"""

import math
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Min, QuerySet
from django.db.models.functions import Floor
from django.urls import reverse
from django.utils import timezone

from .filters import in_box, with_public_point

POINT_ZOOM = 13
# Up to this zoom the whole world holds few cells: they are computed once for everybody
# (see public.map_data) and each view keeps those in its box.
SHARED_ZOOM = 7
MAX_ZOOM = 18
DEFAULT_ZOOM = 6
# A cell is about this many screen pixels wide, whatever the zoom.
CELL_PIXELS = 60
MAX_POINTS = 2000
DECIMALS = 5


@dataclass(frozen=True)
class BoundingBox:
    west: float
    south: float
    east: float
    north: float


def parse_bbox(value: str) -> BoundingBox | None:
    """`west,south,east,north` in degrees; None when absent or not understood."""
    parts = (value or "").split(",")
    if len(parts) != 4:
        return None
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        return None
    if not all(math.isfinite(number) for number in (west, south, east, north)):
        return None
    south, north = max(south, -90.0), min(north, 90.0)
    # Leaflet's bounds run past ±180° when the world repeats: the whole width, then.
    if east - west >= 360:
        west, east = -180.0, 180.0
    west, east = max(west, -180.0), min(east, 180.0)
    if south > north or west > east:
        return None
    return BoundingBox(west=west, south=south, east=east, north=north)


def parse_zoom(value: str) -> int:
    try:
        zoom = int(float(value))
    except (TypeError, ValueError, OverflowError):
        return DEFAULT_ZOOM
    return min(max(zoom, 0), MAX_ZOOM)


def cell_size(zoom: int) -> float:
    """The grid's step in degrees: CELL_PIXELS of a 256-pixel web-map tile at this zoom."""
    return 360 / (256 * 2**zoom) * CELL_PIXELS


def _point(longitude: float, latitude: float) -> dict:
    return {
        "type": "Point",
        "coordinates": [round(longitude, DECIMALS), round(latitude, DECIMALS)],
    }


def _event_feature(row: dict, latitude: float, longitude: float) -> dict:
    properties = {
        "id": row["pk"],
        "title": row["title"],
        "url": reverse("events:detail", kwargs={"slug": row["slug"]}),
        "date": timezone.localtime(row["starts_at"]).strftime("%Y-%m-%dT%H:%M"),
        "city": row["city"],
    }
    if not row["is_public"]:
        properties["school"] = True
    if row["status"] == "cancelled":
        properties["cancelled"] = True
    return {"type": "Feature", "geometry": _point(longitude, latitude), "properties": properties}


EVENT_FIELDS = ("pk", "slug", "title", "starts_at", "city", "is_public", "status")


def map_features(queryset: QuerySet, *, zoom: int, bbox: BoundingBox | None) -> dict:
    """A GeoJSON FeatureCollection of the queryset's events in the box.

    `queryset` comes from `filters.filter_queryset`. Below
    POINT_ZOOM a feature is a cell with `count` > 1, or an event when alone in its cell.
    Two queries whatever the number of events.
    """
    if "map_latitude" not in queryset.query.annotations:
        queryset = with_public_point(queryset)
    if bbox is None:
        queryset = queryset.filter(map_latitude__isnull=False, map_longitude__isnull=False)
    else:
        queryset = queryset.filter(
            in_box(west=bbox.west, south=bbox.south, east=bbox.east, north=bbox.north)
        )
    queryset = queryset.order_by()
    features: list[dict] = []
    collection = {"type": "FeatureCollection", "features": features}

    if zoom >= POINT_ZOOM:
        rows = list(
            queryset.order_by("starts_at", "pk").values(
                *EVENT_FIELDS, "map_latitude", "map_longitude"
            )[: MAX_POINTS + 1]
        )
        if len(rows) > MAX_POINTS:
            rows = rows[:MAX_POINTS]
            collection["truncated"] = True
        features.extend(
            _event_feature(row, row["map_latitude"], row["map_longitude"]) for row in rows
        )
        return collection

    cell = cell_size(zoom)
    cells = list(
        queryset.annotate(
            cell_y=Floor(F("map_latitude") / cell), cell_x=Floor(F("map_longitude") / cell)
        )
        .values("cell_y", "cell_x")
        .annotate(
            count=Count("pk"),
            latitude=Avg("map_latitude"),
            longitude=Avg("map_longitude"),
            first=Min("pk"),
        )
        .order_by()
    )
    alone = [row["first"] for row in cells if row["count"] == 1]
    events = (
        {
            row["pk"]: row
            for row in queryset.model.objects.filter(pk__in=alone).values(*EVENT_FIELDS)
        }
        if alone
        else {}
    )
    for row in cells:
        if row["count"] == 1 and row["first"] in events:
            features.append(_event_feature(events[row["first"]], row["latitude"], row["longitude"]))
        else:
            features.append(
                {
                    "type": "Feature",
                    "geometry": _point(row["longitude"], row["latitude"]),
                    "properties": {"count": row["count"]},
                }
            )
    return collection


def within(collection: dict, bbox: BoundingBox | None) -> dict:
    """The collection's features whose point lies in the box."""
    if bbox is None:
        return collection
    features = [
        feature
        for feature in collection["features"]
        if bbox.west <= feature["geometry"]["coordinates"][0] <= bbox.east
        and bbox.south <= feature["geometry"]["coordinates"][1] <= bbox.north
    ]
    return {**collection, "features": features}
