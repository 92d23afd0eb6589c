"""The map's answers from cached tiles: the same features as a direct computation, fresh."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jres.events import clustering
from jres.events.models import AttendanceMode, Event
from tests.events.factories import EventFactory, spread

pytestmark = pytest.mark.django_db

URL = "/evenements/carte.geojson"
# What the map asks for around Bordeaux at zoom 9 and in central Paris at zoom 14.
BORDEAUX_9 = "-1.9,44.3,0.8,45.4"
PARIS_14 = "2.30,48.84,2.40,48.88"


def features(client, **params) -> list[dict]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return json.loads(response.content)["features"]


def direct(zoom: int, bbox: str) -> list[dict]:
    collection = clustering.map_features(
        Event.objects.published(), zoom=zoom, bbox=clustering.parse_bbox(bbox)
    )
    return collection["features"]


def normalised(collection: list[dict]) -> list[str]:
    return sorted(json.dumps(feature, sort_keys=True) for feature in collection)


@pytest.mark.parametrize(("zoom", "bbox"), [(9, BORDEAUX_9), (11, BORDEAUX_9), (14, PARIS_14)])
def test_tiles_give_what_a_direct_computation_gives(client, current_edition, france, zoom, bbox):
    spread(current_edition, france.bordeaux, 40, spread_degrees=0.6, seed=1)
    spread(current_edition, france.merignac, 10, spread_degrees=0.05, seed=2)
    spread(current_edition, france.paris, 30, spread_degrees=0.03, seed=3)

    from_tiles = features(client, zoom=zoom, bbox=bbox)

    assert from_tiles
    assert normalised(from_tiles) == normalised(direct(zoom, bbox))


def test_a_second_request_is_answered_without_grouping_again(client, current_edition, france):
    spread(current_edition, france.bordeaux, 20, spread_degrees=0.5, seed=4)
    with CaptureQueriesContext(connection) as first:
        first_features = features(client, zoom=9, bbox=BORDEAUX_9)
    with CaptureQueriesContext(connection) as second:
        second_features = features(client, zoom=9, bbox=BORDEAUX_9)

    assert second_features == first_features
    grouping = [query for query in first.captured_queries if "GROUP BY" in query["sql"]]
    assert grouping
    assert not [query for query in second.captured_queries if "GROUP BY" in query["sql"]]


def test_a_neighbouring_view_reuses_the_shared_tiles(client, current_edition, france):
    spread(current_edition, france.bordeaux, 20, spread_degrees=0.5, seed=5)
    features(client, zoom=9, bbox=BORDEAUX_9)
    with CaptureQueriesContext(connection) as moved:
        features(client, zoom=9, bbox="-1.85,44.35,0.75,45.35")  # a little pan, same tiles

    assert not [query for query in moved.captured_queries if "GROUP BY" in query["sql"]]


def test_a_moved_event_shows_at_its_new_place_at_once(client, current_edition, france):
    (event,) = spread(current_edition, france.paris, 1, spread_degrees=0.001, seed=6)
    assert [f["properties"]["id"] for f in features(client, zoom=14, bbox=PARIS_14)] == [event.pk]

    event.latitude, event.longitude = 44.84, -0.58  # to Bordeaux
    event.save()

    assert features(client, zoom=14, bbox=PARIS_14) == []
    moved = features(client, zoom=14, bbox="-0.62,44.82,-0.54,44.86")
    assert [feature["properties"]["id"] for feature in moved] == [event.pk]


def test_an_event_on_a_tile_edge_is_counted_once(client, current_edition, france):
    step = clustering.cell_size(9) * clustering.TILE_CELLS
    edge = round(44.5 / step) * step  # a latitude where two rows of tiles meet
    for offset in (-1e-9, 0.0, 1e-9):
        EventFactory(
            edition=current_edition, commune=france.bordeaux, latitude=edge + offset,
            longitude=-0.5,
        )  # fmt: skip
    view = f"-1.5,{edge - 0.5},0.5,{edge + 0.5}"

    collection = features(client, zoom=9, bbox=view)

    assert sum(feature["properties"].get("count", 1) for feature in collection) == 3


def test_an_in_school_event_stays_at_its_commune_centre_in_tiles(client, current_edition, france):
    EventFactory(
        edition=current_edition, commune=france.paris, is_public=False,
        latitude=48.8700, longitude=2.3900,
    )  # fmt: skip

    (feature,) = features(client, zoom=14, bbox=PARIS_14)

    assert feature["geometry"]["coordinates"] == [
        round(france.paris.longitude, 5),
        round(france.paris.latitude, 5),
    ]
    assert feature["properties"]["school"] is True


def test_online_events_have_no_public_point(current_edition, france):
    event = EventFactory(
        edition=current_edition, commune=france.paris, attendance_mode=AttendanceMode.ONLINE,
        online_url="https://visio.example.org/jres",
    )  # fmt: skip

    assert (event.map_latitude, event.map_longitude) == (None, None)


def test_a_status_change_saved_with_update_fields_keeps_the_published_column(
    current_edition, france
):
    event = EventFactory(edition=current_edition, commune=france.paris)
    assert event.published

    event.status = "refused"
    event.save(update_fields=["status"])
    event.refresh_from_db()

    assert not event.published
    assert not Event.objects.published().filter(pk=event.pk).exists()
