"""The map's data: events grouped on a grid by the database, as GeoJSON.

At national zoom 100,000 events become a few dozen cells (a count and a mean position
each), so the answer stays small whatever the number of events; close up (zoom 15 and
more) every event is a point of its own, and so is an event alone in its cell at any zoom.
Points are where the public may see an event (see `Event.refresh_public_fields`): never the
precise place of an in-school event.
"""

import json
import math
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Avg, Count, F, Min, QuerySet
from django.db.models.functions import Floor
from django.urls import reverse
from django.utils import timezone

from .filters import in_box

# From this zoom every event is a point. Below it, events that share a cell are counted
# together: at zoom 14 central Paris holds about a thousand events (285 KB as points).
POINT_ZOOM = 15
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


class _EventUrls:
    """Event page addresses from one reverse(): a reverse() per point cost most of a city view."""

    PLACEHOLDER = "slug-placeholder"

    def __init__(self):
        self.template = reverse("events:detail", kwargs={"slug": self.PLACEHOLDER})

    def __call__(self, slug: str) -> str:
        return self.template.replace(self.PLACEHOLDER, slug)


def _event_feature(row: dict, latitude: float, longitude: float, urls: _EventUrls) -> dict:
    properties = {
        "id": row["pk"],
        "title": row["title"],
        "url": urls(row["slug"]),
        "date": timezone.localtime(row["starts_at"]).strftime("%Y-%m-%dT%H:%M"),
        "city": row["city"],
    }
    if not row["is_public"]:
        properties["school"] = True
    if row["status"] == "cancelled":
        properties["cancelled"] = True
    return {"type": "Feature", "geometry": _point(longitude, latitude), "properties": properties}


def _cell_feature(row: dict) -> dict:
    return {
        "type": "Feature",
        "geometry": _point(row["longitude"], row["latitude"]),
        "properties": {"count": row["count"]},
    }


EVENT_FIELDS = ("pk", "slug", "title", "starts_at", "city", "is_public", "status")


def map_features(queryset: QuerySet, *, zoom: int, bbox: BoundingBox | None) -> dict:
    """A GeoJSON FeatureCollection of the queryset's events in the box (all without one).

    `queryset` comes from `filters.filter_queryset`. Below POINT_ZOOM a feature is a cell
    with `count` > 1, or an event when alone in its cell. Two queries whatever the number
    of events.
    """
    features = [feature for _cell, feature in _features(queryset, zoom=zoom, bbox=bbox)]
    collection = {"type": "FeatureCollection", "features": features}
    if zoom >= POINT_ZOOM and len(features) > MAX_POINTS:
        collection["features"] = features[:MAX_POINTS]
        collection["truncated"] = True
    return collection


def _features(
    queryset: QuerySet, *, zoom: int, bbox: BoundingBox | None, limit: int | None = MAX_POINTS + 1
):
    """(cell, feature) pairs, where cell is the (row, column) of the feature on the zoom's grid.

    At POINT_ZOOM and above, at most `limit` events (None: all of them, for tiles, whose
    area bounds them).
    """
    if bbox is None:
        queryset = queryset.filter(map_latitude__isnull=False, map_longitude__isnull=False)
    else:
        queryset = queryset.filter(
            in_box(west=bbox.west, south=bbox.south, east=bbox.east, north=bbox.north)
        )
    queryset = queryset.order_by()
    cell = cell_size(zoom)
    urls = _EventUrls()

    if zoom >= POINT_ZOOM:
        rows = queryset.order_by("starts_at", "pk").values(
            *EVENT_FIELDS, "map_latitude", "map_longitude"
        )
        if limit is not None:
            rows = rows[:limit]
        for row in rows:
            latitude, longitude = row["map_latitude"], row["map_longitude"]
            yield (
                (math.floor(latitude / cell), math.floor(longitude / cell)),
                _event_feature(row, latitude, longitude, urls),
            )
        return

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
        position = (int(row["cell_y"]), int(row["cell_x"]))
        if row["count"] == 1 and row["first"] in events:
            event = events[row["first"]]
            yield position, _event_feature(event, row["latitude"], row["longitude"], urls)
        else:
            yield position, _cell_feature(row)


# --- cached views -----------------------------------------------------------------------
#
# Every visitor's map asks for its own box, so answers are cached by tile: a square of
# TILE_CELLS × TILE_CELLS cells of the zoom's grid, fixed in space. A view needs the few
# tiles it overlaps; the features are kept as JSON text beside their position, so a cached
# answer is a filter and a join, with no query and no serialisation.

TILE_CELLS = 16
# A view that overlaps more tiles than this (the whole world at street zoom) is computed
# directly: caching it would fill the cache with tiles nobody else asks for.
MAX_TILES = 24
CACHE_SECONDS = 300

Entry = tuple[float, float, str]  # longitude, latitude, the feature as JSON


def _entry(feature: dict) -> Entry:
    longitude, latitude = feature["geometry"]["coordinates"]
    return longitude, latitude, json.dumps(feature, ensure_ascii=False, separators=(",", ":"))


def tiles_for(bbox: BoundingBox, zoom: int) -> list[tuple[int, int]] | None:
    """The (row, column) of every tile the box overlaps at this zoom; None past MAX_TILES."""
    step = cell_size(zoom) * TILE_CELLS
    rows = range(math.floor(bbox.south / step), math.floor(bbox.north / step) + 1)
    columns = range(math.floor(bbox.west / step), math.floor(bbox.east / step) + 1)
    if len(rows) * len(columns) > MAX_TILES:
        return None
    return [(row, column) for row in rows for column in columns]


def _tile_box(tiles: list[tuple[int, int]], zoom: int) -> BoundingBox:
    """The box around these tiles, a hair wider: a point on an edge belongs to one cell,
    whose own index (not the box) says which tile it is in."""
    step = cell_size(zoom) * TILE_CELLS
    margin = step / 1000
    return BoundingBox(
        west=min(column for _row, column in tiles) * step - margin,
        south=min(row for row, _column in tiles) * step - margin,
        east=(max(column for _row, column in tiles) + 1) * step + margin,
        north=(max(row for row, _column in tiles) + 1) * step + margin,
    )


def compute_tiles(
    queryset: QuerySet, *, zoom: int, tiles: list[tuple[int, int]]
) -> dict[tuple[int, int], list[Entry]]:
    """The entries of each tile, from one grouping query over the box around them all."""
    computed: dict[tuple[int, int], list[Entry]] = {tile: [] for tile in tiles}
    for (cell_row, cell_column), feature in _features(
        queryset, zoom=zoom, bbox=_tile_box(tiles, zoom), limit=None
    ):
        tile = (cell_row // TILE_CELLS, cell_column // TILE_CELLS)
        if tile in computed:
            computed[tile].append(_entry(feature))
    return computed


def cached_map(queryset: QuerySet, *, zoom: int, bbox: BoundingBox | None, selection: str) -> str:
    """The GeoJSON text of the queryset's events in the box, cached as described above.

    `selection` names the filters and the state of the data (see public.map_data): two
    requests with the same selection share their tiles.
    """
    if zoom <= SHARED_ZOOM:
        key = f"events:map:{zoom}:{selection}"
        entries = cache.get(key)
        if entries is None:
            entries = [
                _entry(feature) for _cell, feature in _features(queryset, zoom=zoom, bbox=None)
            ]
            cache.set(key, entries, CACHE_SECONDS)
        return _collection(entries, bbox)
    tiles = tiles_for(bbox, zoom) if bbox else None
    if not tiles:
        collection = map_features(queryset, zoom=zoom, bbox=bbox)
        return json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    keys = {tile: f"events:tile:{zoom}:{tile[0]}:{tile[1]}:{selection}" for tile in tiles}
    found = cache.get_many(keys.values())
    missing = [tile for tile in tiles if keys[tile] not in found]
    if missing:
        computed = compute_tiles(queryset, zoom=zoom, tiles=missing)
        cache.set_many({keys[tile]: entries for tile, entries in computed.items()}, CACHE_SECONDS)
        found |= {keys[tile]: entries for tile, entries in computed.items()}
    entries = [entry for tile in tiles for entry in found[keys[tile]]]
    return _collection(entries, bbox, limit=MAX_POINTS if zoom >= POINT_ZOOM else None)


def _collection(entries: list[Entry], bbox: BoundingBox | None, limit: int | None = None) -> str:
    if bbox is not None:
        entries = [
            entry
            for entry in entries
            if bbox.west <= entry[0] <= bbox.east and bbox.south <= entry[1] <= bbox.north
        ]
    truncated = limit is not None and len(entries) > limit
    if truncated:
        entries = entries[:limit]
    features = ",".join(entry[2] for entry in entries)
    extra = ',"truncated":true' if truncated else ""
    return f'{{"type":"FeatureCollection","features":[{features}]{extra}}}'
