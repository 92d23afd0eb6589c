"""The map's GeoJSON: cells counted by the database, points close up, nothing secret."""

import json
import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jres.events.clustering import cell_size, parse_bbox
from jres.events.models import Event, EventKind
from tests.events.factories import EventFactory, small_france, spread

pytestmark = pytest.mark.django_db

URL = "/evenements/carte.geojson"
WORLD = "-180,-90,180,90"
METROPOLE = "-5.5,41,10,51.5"


def geojson(client, **params) -> dict:
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def counted(collection: dict) -> int:
    return sum(feature["properties"].get("count", 1) for feature in collection["features"])


def event_ids(collection: dict) -> set[int]:
    return {
        feature["properties"]["id"]
        for feature in collection["features"]
        if "id" in feature["properties"]
    }


@pytest.fixture
def france(db):
    return small_france()


def test_cells_count_every_matching_event_once(client, current_edition, france):
    spread(current_edition, france.bordeaux, 7)
    spread(current_edition, france.paris, 5)
    spread(current_edition, france.toulouse, 1)
    EventFactory(edition=current_edition, commune=france.bordeaux, status="draft")

    collection = geojson(client, zoom=5, bbox=WORLD)

    assert collection["type"] == "FeatureCollection"
    assert counted(collection) == 13
    counts = sorted(feature["properties"].get("count", 1) for feature in collection["features"])
    assert counts == [1, 5, 7]


def test_a_cell_is_at_the_mean_position_of_its_events(client, current_edition, france):
    # Both in the zoom-5 cell that spans latitudes 42.19 to 44.82.
    EventFactory(edition=current_edition, commune=france.bordeaux, latitude=44.50, longitude=-0.60)
    EventFactory(edition=current_edition, commune=france.bordeaux, latitude=44.70, longitude=-0.50)

    (feature,) = geojson(client, zoom=5)["features"]

    assert feature["properties"] == {"count": 2}
    assert feature["geometry"] == {"type": "Point", "coordinates": [-0.55, 44.6]}


def test_an_event_alone_in_its_cell_is_a_point_with_its_details(client, current_edition, france):
    event = EventFactory(
        edition=current_edition, commune=france.toulouse, title="Seul à Toulouse",
        latitude=43.6012345678, longitude=1.4412345678,
    )  # fmt: skip

    (feature,) = geojson(client, zoom=6, bbox=METROPOLE)["features"]

    assert feature["geometry"]["coordinates"] == [1.44123, 43.60123]
    assert feature["properties"] == {
        "id": event.pk,
        "title": "Seul à Toulouse",
        "url": f"/evenements/{event.slug}/",
        "date": "2026-09-27T18:00",
        "city": "Toulouse",
    }


def test_the_grid_gets_finer_as_the_map_zooms_in(client, current_edition, france):
    # Bordeaux and Mérignac are 5 km apart: one cell at national zoom, two at zoom 11
    # (cells of 0.04°).
    spread(current_edition, france.bordeaux, 3, spread_degrees=0.0005)
    spread(current_edition, france.merignac, 3, spread_degrees=0.0005)

    assert len(geojson(client, zoom=5)["features"]) == 1
    assert cell_size(11) < 0.05
    zoomed = geojson(client, zoom=11)
    assert len(zoomed["features"]) == 2 and counted(zoomed) == 6


def test_the_bounding_box_excludes_what_is_outside(client, current_edition, france):
    paris = spread(current_edition, france.paris, 3)
    spread(current_edition, france.ajaccio, 2)

    # Around Paris only.
    collection = geojson(client, zoom=15, bbox="2.2,48.7,2.5,49.0")

    assert event_ids(collection) == {event.pk for event in paris}
    assert counted(geojson(client, zoom=5, bbox="8,41,10,43")) == 2


def test_from_zoom_15_every_event_is_a_point(client, current_edition, france):
    events = spread(current_edition, france.bordeaux, 4, spread_degrees=0.0001)

    collection = geojson(client, zoom=15, bbox=WORLD)

    assert event_ids(collection) == {event.pk for event in events}
    assert all("count" not in feature["properties"] for feature in collection["features"])
    assert len(geojson(client, zoom=14, bbox=WORLD)["features"]) == 1


def test_the_map_takes_the_list_filters(client, current_edition, france):
    spread(current_edition, france.bordeaux, 3, kind=EventKind.objects.get(slug="atelier"))
    spread(current_edition, france.paris, 4, audiences=["parents"])

    assert counted(geojson(client, zoom=5, type="atelier")) == 3
    assert counted(geojson(client, zoom=5, public="parents")) == 4
    assert counted(geojson(client, zoom=5, region="11")) == 4
    assert counted(geojson(client, zoom=5, lat="44.84", lon="-0.58", rayon="20")) == 3
    assert counted(geojson(client, zoom=5, region="inconnue")) == 7


def test_an_in_school_event_shows_at_its_commune_centre_and_nothing_more(
    client, current_edition, france
):
    event = EventFactory(
        edition=current_edition, commune=france.bordeaux, title="Au collège",
        is_public=False, venue_name="Collège Montesquieu", address="3 rue du Secret",
        latitude=44.8612345, longitude=-0.5412345,
    )  # fmt: skip

    for zoom in (5, 13, 18):
        response = client.get(URL, {"zoom": zoom, "bbox": WORLD})
        content = response.content.decode()
        (feature,) = json.loads(content)["features"]
        assert feature["geometry"]["coordinates"] == [-0.58046, 44.84124]
        assert feature["properties"]["id"] == event.pk
        assert feature["properties"]["school"] is True
        for secret in ("44.86123", "-0.54123", "3 rue du Secret", "Montesquieu"):
            assert secret not in content
    # Its own point is not where a box finds it either.
    assert geojson(client, zoom=14, bbox="-0.545,44.858,-0.538,44.864")["features"] == []


def test_online_only_events_are_not_on_the_map(client, current_edition, france):
    EventFactory(
        edition=current_edition, commune=france.bordeaux, attendance_mode="online",
        online_url="https://visio.example.org",
    )  # fmt: skip
    hybrid = EventFactory(
        edition=current_edition, commune=france.paris, attendance_mode="hybrid",
        online_url="https://visio.example.org",
    )  # fmt: skip

    assert event_ids(geojson(client, zoom=14, bbox=WORLD)) == {hybrid.pk}


def test_a_cancelled_event_says_so(client, current_edition, france):
    EventFactory(edition=current_edition, commune=france.bordeaux, status="cancelled")

    (feature,) = geojson(client, zoom=14, bbox=WORLD)["features"]

    assert feature["properties"]["cancelled"] is True


@pytest.mark.parametrize(
    "params",
    [
        {"zoom": "banana", "bbox": "1,2,3"},
        {"zoom": "-4", "bbox": "a,b,c,d"},
        {"zoom": "99", "bbox": "10,50,0,40"},
        {"zoom": "1e999", "bbox": "nan,nan,nan,nan"},
        {"zoom": "6", "bbox": "-540,-90,540,90"},
        {"lat": "x", "lon": "y", "du": "hier", "region": "??"},
    ],
)
def test_odd_parameters_never_fail(client, current_edition, france, params):
    spread(current_edition, france.bordeaux, 2)

    assert counted(geojson(client, **params)) == 2


def test_bbox_parsing():
    assert parse_bbox("-5,41,10,51") is not None
    assert parse_bbox("-540,-100,540,100").west == -180
    assert parse_bbox("1,2,3") is None
    assert parse_bbox("3,0,1,1") is None


def test_the_answer_may_be_cached_for_a_minute(client, current_edition, france):
    response = client.get(URL, {"zoom": 5})

    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}


def _bulk_events(edition, communes, count):
    generator = random.Random(2026)
    template = EventFactory.build(edition=edition, commune=communes[0])
    template.organiser.save()
    rows = []
    for number in range(count):
        commune = communes[number % len(communes)]
        rows.append(
            Event(
                edition=edition,
                organiser=template.organiser,
                kind=template.kind,
                slug=f"evenement-{number}",
                title=f"Événement numéro {number} pour la réussite de tous",
                description="Un débat.",
                starts_at=template.starts_at,
                ends_at=template.ends_at,
                is_public=number % 5 != 0,
                address="1 rue de la Paix",
                postal_code="00000",
                city=commune.name,
                commune=commune,
                department=commune.department,
                region=commune.department.region,
                latitude=commune.latitude + generator.uniform(-0.8, 0.8),
                longitude=commune.longitude + generator.uniform(-0.8, 0.8),
                status="labelled",
                labelled_at=template.labelled_at,
            )
        )
    for row in rows:  # bulk_create skips save(), which sets them
        row.refresh_public_fields()
    Event.objects.bulk_create(rows, batch_size=500)


def test_the_national_view_stays_small_with_thousands_of_events(client, current_edition, france):
    communes = [france.bordeaux, france.paris, france.toulouse, france.ajaccio, france.merignac]
    _bulk_events(current_edition, communes, 2000)

    for zoom in (5, 6):
        response = client.get(URL, {"zoom": zoom, "bbox": "-12,40,14,52"})
        collection = json.loads(response.content)
        assert counted(collection) == 2000
        assert len(response.content) < 50_000


def test_the_query_count_does_not_grow_with_the_events(
    client, current_edition, france, django_assert_num_queries
):
    communes = [france.bordeaux, france.paris, france.toulouse]
    _bulk_events(current_edition, communes, 5)
    for params in ({"zoom": 5}, {"zoom": 10}, {"zoom": 14, "bbox": WORLD}):
        with CaptureQueriesContext(connection) as context:
            client.get(URL, params)
        queries_for_five = len(context.captured_queries)
        Event.objects.all().delete()
        _bulk_events(current_edition, communes, 50)
        cache.clear()  # national zooms are shared for a minute

        with django_assert_num_queries(queries_for_five):
            response = client.get(URL, params)
        assert counted(json.loads(response.content)) == 50
        Event.objects.all().delete()
        _bulk_events(current_edition, communes, 5)
