"""The events' other formats, read back with the parsers a re-user would use: iCalendar
(icalendar), GeoJSON (geojson_pydantic), CSV (the csv module) and schema.org JSON-LD."""

import csv
import io

import pytest
from geojson_pydantic import FeatureCollection
from icalendar import Calendar

from jres.api import formats
from tests.api.conftest import SCHOOL_ADDRESS, SCHOOL_VENUE
from tests.events.factories import EventFactory


def _text(response) -> str:
    assert response.status_code == 200, response.content[:300]
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _json_events(client, **params) -> list[dict]:
    return client.get("/api/v1/events", {**params, "limit": 1000}).json()["results"]


# --- iCalendar ------------------------------------------------------------------------------


def _vevents(client, **params):
    response = client.get("/api/v1/events", {**params, "format": "ics"})
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(_text(response)).walk("VEVENT")


def test_the_calendar_holds_one_vevent_per_published_event(client, api_world):
    vevents = _vevents(client)
    uids = sorted(str(vevent["UID"]) for vevent in vevents)
    assert uids == sorted(event["ical_uid"] for event in _json_events(client))
    assert len(vevents) == len(api_world.published_events) == 4
    summaries = {str(vevent["SUMMARY"]) for vevent in vevents}
    assert summaries == {event.title for event in api_world.published_events}


def test_the_calendars_times_are_in_paris_and_its_uids_stable(client, api_world):
    by_uid = {str(vevent["UID"]): vevent for vevent in _vevents(client)}
    for event in _json_events(client):
        vevent = by_uid[event["ical_uid"]]
        start = vevent["DTSTART"].dt
        assert str(start.tzinfo) == "Europe/Paris"
        assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
        assert start.isoformat() == event["starts_at"]
        assert vevent["DTEND"].dt.isoformat() == event["ends_at"]

    public = api_world.public_event
    public.title = "Débat public à Bordeaux, nouvelle heure"
    public.save()
    again = {str(vevent["UID"]) for vevent in _vevents(client)}
    assert again == set(by_uid)


def test_a_cancelled_event_is_cancelled_in_the_calendar(client, api_world):
    statuses = {str(vevent["SUMMARY"]): str(vevent["STATUS"]) for vevent in _vevents(client)}
    assert statuses[api_world.cancelled_event.title] == "CANCELLED"
    assert statuses[api_world.public_event.title] == "CONFIRMED"
    assert statuses[api_world.school_event.title] == "CONFIRMED"


@pytest.mark.parametrize(
    ("department", "titles"),
    [
        ("31", ["school_event"]),
        ("33", ["public_event"]),
        ("2A", ["cancelled_event"]),
        ("75", ["online_event"]),
    ],
)
def test_a_departments_calendar_holds_that_department_only(client, api_world, department, titles):
    vevents = _vevents(client, departement=department)
    assert sorted(str(vevent["SUMMARY"]) for vevent in vevents) == sorted(
        getattr(api_world, name).title for name in titles
    )


def test_the_in_school_events_calendar_entry_names_its_town_only(client, api_world):
    (vevent,) = _vevents(client, departement="31")
    assert str(vevent["LOCATION"]) == "Toulouse (31)"
    assert "GEO" not in vevent
    text = vevent.to_ical().decode()
    assert SCHOOL_VENUE not in text and SCHOOL_ADDRESS not in text


# --- GeoJSON --------------------------------------------------------------------------------


def _collection(client, **params) -> FeatureCollection:
    response = client.get("/api/v1/events", {**params, "format": "geojson"})
    assert response["Content-Type"] == "application/geo+json"
    return FeatureCollection.model_validate_json(_text(response))


def test_the_geojson_page_validates_with_lon_lat_points(client, api_world):
    collection = _collection(client)
    by_id = {feature.id: feature for feature in collection.features}
    assert set(by_id) == {event.pk for event in api_world.published_events}

    public = by_id[api_world.public_event.pk]
    assert list(public.geometry.coordinates) == [-0.57918, 44.837789]
    assert public.properties["title"] == api_world.public_event.title
    assert "latitude" not in public.properties

    school = by_id[api_world.school_event.pk]
    assert list(school.geometry.coordinates) == [1.44367, 43.60426]
    assert school.properties["in_school"] is True
    assert school.properties["venue_name"] is None

    assert by_id[api_world.online_event.pk].geometry is None


def test_the_geojson_pages_follow_their_next_address(client, api_world):
    response = client.get("/api/v1/events", {"format": "geojson", "limit": 3})
    first = FeatureCollection.model_validate_json(_text(response))
    assert len(first.features) == 3
    following = response.json()["next"]
    assert following.startswith("http") and "format=geojson" in following
    second = FeatureCollection.model_validate_json(_text(client.get(following)))
    assert response.json().keys() >= {"type", "features", "next"}
    ids = [feature.id for feature in first.features + second.features]
    assert sorted(ids) == sorted(event.pk for event in api_world.published_events)


@pytest.mark.parametrize("zoom", [0, 3, 6, 9, 12, 15, 18])
def test_the_clustered_geojson_validates_at_every_zoom(client, api_world, zoom):
    collection = _collection(client, zoom=zoom)
    counted = 0
    for feature in collection.features:
        longitude, latitude = feature.geometry.coordinates
        assert -10 < longitude < 10 and 40 < latitude < 52  # lon, lat: France
        counted += feature.properties.get("count", 1)
    # Every event with a point (all but the online one), once.
    assert counted == 3


def test_the_clustered_geojson_shows_lone_events_with_their_page(client, api_world):
    collection = _collection(client, zoom=18, departement="31")
    (feature,) = collection.features
    assert feature.properties["school"] is True
    assert feature.properties["title"] == api_world.school_event.title
    assert feature.properties["url"].startswith("http")
    assert list(feature.geometry.coordinates) == [1.44367, 43.60426]


# --- CSV ------------------------------------------------------------------------------------


def _rows(client, **params) -> list[list[str]]:
    response = client.get("/api/v1/events", {**params, "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(_text(response))))


def test_the_csv_has_the_documented_columns_and_one_row_per_event(client, api_world):
    header, *rows = _rows(client)
    assert header == formats.CSV_COLUMNS
    assert len(rows) == len(api_world.published_events)
    by_id = {int(row[0]): dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_id) == {event.pk for event in api_world.published_events}
    school = by_id[api_world.school_event.pk]
    assert school["venue_name"] == "" and school["address"] == ""
    assert (school["latitude"], school["longitude"]) == ("43.60426", "1.44367")
    assert school["location_precision"] == "commune" and school["in_school"] == "true"
    assert school["audiences"] == "eleves|enseignants"


def test_the_csv_keeps_negative_longitudes_and_neutralises_formulas(client, api_world):
    formula = EventFactory(
        edition=api_world.edition,
        commune=api_world.public_event.commune,
        title='=HYPERLINK("https://evil.example","cliquez")',
        organisation="+33 Association",
        latitude=44.9,
        longitude=-0.6543,
    )
    header, *rows = _rows(client, departement="33")
    by_id = {int(row[0]): dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_id) == {api_world.public_event.pk, formula.pk}
    assert by_id[formula.pk]["title"] == "'" + formula.title
    assert by_id[formula.pk]["organisation"] == "'+33 Association"
    assert by_id[formula.pk]["longitude"] == "-0.6543"
    assert by_id[api_world.public_event.pk]["longitude"] == "-0.57918"
    assert by_id[api_world.public_event.pk]["title"] == api_world.public_event.title


# --- JSON-LD --------------------------------------------------------------------------------


def _json_ld(client, event) -> dict:
    response = client.get(f"/api/v1/events/{event.pk}/jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return response.json()


def test_the_json_ld_is_a_schema_org_event(client, api_world):
    data = _json_ld(client, api_world.public_event)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == api_world.public_event.title
    assert data["location"]["address"]["streetAddress"] == "2 rue de la Réussite"
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Association des parents de Bordeaux",
    }
    cancelled = _json_ld(client, api_world.cancelled_event)
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"


def test_the_in_school_events_json_ld_has_its_town_and_no_person(client, api_world):
    data = _json_ld(client, api_world.school_event)
    location = data["location"]
    assert location["@type"] == "Place" and location["name"] == "Toulouse"
    assert "streetAddress" not in location["address"] and "geo" not in location
    assert location["address"]["addressLocality"] == "Toulouse"
    # The organiser wrote no organisation: no one's name stands in for it.
    assert "organizer" not in data
    text = str(data)
    assert SCHOOL_VENUE not in text and "Sévérine" not in text
