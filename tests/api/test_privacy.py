"""The privacy walk: every endpoint of the OpenAPI description, in every format, never
shows what the API must keep to itself.

The paths are read from `/api/v1/openapi.json`, so a new endpoint is walked without a change
here. Each one is called with its path parameters filled with the world's ids (the
in-school event's included, and unpublished objects'), with GET and HEAD, and, for the
events, in every format (JSON, GeoJSON paginated and clustered at several zooms, iCal,
CSV) with filters that select the in-school event. No body may contain the in-school
event's venue, street or precise point, any e-mail address of the world, an account's
name or the partner's contact person (`api_world.forbidden`). The walk must also see the
in-school event, by its title and commune, so that it cannot pass by showing nothing.
"""

import itertools
import json
import re

import pytest

from tests.api.conftest import SCHOOL_LATITUDE, SCHOOL_LONGITUDE, SCHOOL_TITLE

FORMATS = [
    {},
    {"format": "json"},
    {"format": "geojson"},
    *({"format": "geojson", "zoom": zoom} for zoom in (0, 4, 7, 9, 11, 13, 16, 18)),
    {"format": "ics"},
    {"format": "csv"},
]
# Filters that all select the in-school event (Toulouse, Haute-Garonne, Occitanie).
SCHOOL_FILTERS = [
    {},
    {"departement": "31"},
    {"region": "76"},
    {"commune": "31555"},
    {"cp": "31000"},
    {"bbox": "1.3,43.5,1.6,43.7"},
    {"bbox": "1.428,43.617,1.43,43.619"},  # around the school's own point: it must not be
    {"lat": str(SCHOOL_LATITUDE), "lon": str(SCHOOL_LONGITUDE), "rayon": "5"},
    {"lat": "43.60426", "lon": "1.44367", "rayon": "1"},
    {"type": "temps-echange-scolaire"},
    {"public": "eleves"},
    {"q": "collège"},
    {"du": "2026-09-27", "au": "2026-09-27"},
    {"updated_since": "2000-01-01T00:00:00+00:00"},
    {"edition": "2026", "departement": "31", "limit": "1"},
]
OTHER_FILTERS = {
    "/api/v1/partners": [{}, {"departement": "33"}, {"region": "75"}, {"kind": "commune"}],
    "/api/v1/initiatives": [{}, {"departement": "31"}, {"region": "76"}, {"theme": "mentorat"}],
    "/api/v1/resources": [{}, {"edition": "2026"}, {"category": "affiches"}],
}


def _path_values(world) -> dict[str, list]:
    """Every value a path parameter is walked with, by the parameter's name."""
    events = [*world.published_events, world.past_event, world.withdrawn_event]
    events += world.unpublished_events
    return {
        "event_id": [event.pk for event in events],
        "partner_id": [world.partner.pk, world.hidden_partner.pk],
        "initiative_id": [world.initiative.pk, world.draft_initiative.pk],
        "resource_id": [world.resource.pk, world.video.pk, world.hidden_resource.pk],
        "year": [world.edition.year, world.past_edition.year],
    }


def _required(operation: dict) -> dict:
    """The required query parameters (the withdrawn events' moment), given the oldest
    value they accept."""
    required = {}
    for parameter in operation.get("parameters", ()):
        if parameter["in"] == "query" and parameter.get("required"):
            assert "date-time" in json.dumps(parameter["schema"]), parameter
            required[parameter["name"]] = "2000-01-01T00:00:00+00:00"
    return required


def _queries(path: str, operation: dict) -> list[dict]:
    names = {parameter["name"] for parameter in operation.get("parameters", ())}
    if "format" in names:
        return [
            {**filters, **shape}
            for filters, shape in itertools.product(SCHOOL_FILTERS, FORMATS)
            if not ("limit" in filters and shape.get("format") in {"ics", "csv"})
            and not ("limit" in filters and "zoom" in shape)
        ]
    return [{**_required(operation), **query} for query in OTHER_FILTERS.get(path, [{}])]


def _addresses(openapi: dict, world) -> list[tuple[str, dict]]:
    values = _path_values(world)
    walked = []
    for template, item in openapi["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        names = re.findall(r"{(\w+)}", template)
        missing = [name for name in names if name not in values]
        assert not missing, f"{template}: give the walk values for {missing}"
        for combination in itertools.product(*(values[name] for name in names)):
            path = template
            for name, value in zip(names, combination, strict=True):
                path = path.replace("{" + name + "}", str(value))
            walked += [(path, query) for query in _queries(template, operation)]
    return walked


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _readings(response, text: str) -> list[str]:
    """The body as text, and as a reader would see it once decoded (iCal lines unfolded and
    unescaped, JSON strings unescaped), so that no spelling slips through."""
    readings = [text]
    content_type = response["Content-Type"]
    if content_type.startswith("text/calendar"):
        unfolded = re.sub(r"\r?\n[ \t]", "", text)
        readings += [unfolded, re.sub(r"\\([,;\\])", r"\1", unfolded).replace("\\n", "\n")]
    if "json" in content_type:
        readings.append(json.dumps(json.loads(text), ensure_ascii=False))
    return readings


@pytest.fixture
def openapi(client):
    return client.get("/api/v1/openapi.json").json()


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.API_RATE_LIMIT = ""  # the walk makes a few thousand requests


def test_the_walk_covers_every_operation_and_format(openapi, api_world):
    addresses = _addresses(openapi, api_world)
    walked_paths = {re.sub(r"/\d+", "/{id}", path) for path, _query in addresses}
    assert {
        "/api/v1/",
        "/api/v1/events",
        "/api/v1/events/{id}",
        "/api/v1/events/{id}/jsonld",
        "/api/v1/events/withdrawn",
        "/api/v1/editions/{id}",
        "/api/v1/partners/{id}",
        "/api/v1/initiatives/{id}",
        "/api/v1/resources/{id}",
    } <= walked_paths
    assert len(addresses) > 200
    formats = {query.get("format", "json") for _path, query in addresses}
    assert formats == {"json", "geojson", "ics", "csv"}


def test_no_answer_shows_the_school_the_people_or_unpublished_events(client, openapi, api_world):
    seen_school = set()
    leaks = []
    statuses = set()
    for path, query in _addresses(openapi, api_world):
        response = client.get(path, query)
        statuses.add(response.status_code)
        assert response.status_code in {200, 404}, (path, query, response.content[:300])
        text = body(response).decode()
        for reading in _readings(response, text):
            leaks += [(path, query, secret) for secret in api_world.forbidden if secret in reading]
        if SCHOOL_TITLE in text and ("Toulouse" in text or "31555" in text):
            seen_school.add(query.get("format", "json") + (" zoom" if "zoom" in query else ""))
            if path.endswith("/jsonld"):
                seen_school.add("jsonld")

        head = client.head(path, query)
        assert head.status_code == response.status_code, (path, query)
        assert body(head) == b""
    assert leaks == []
    assert statuses == {200, 404}
    # The walk saw the in-school event in every format: it is listed, not left out.
    assert seen_school == {"json", "geojson", "geojson zoom", "ics", "csv", "jsonld"}


def test_the_school_is_at_its_communes_centre_in_every_format(client, api_world):
    school = api_world.school_event
    data = client.get(f"/api/v1/events/{school.pk}").json()
    assert (data["latitude"], data["longitude"]) == (43.60426, 1.44367)
    assert data["location_precision"] == "commune"
    assert data["venue_name"] is None and data["address"] is None
    assert data["city"] == "Toulouse" and data["commune"] == "31555"

    features = client.get("/api/v1/events", {"format": "geojson", "departement": "31"}).json()
    (feature,) = features["features"]
    assert feature["geometry"]["coordinates"] == [1.44367, 43.60426]
    for zoom in (0, 9, 18):
        clusters = client.get(
            "/api/v1/events", {"format": "geojson", "zoom": zoom, "departement": "31"}
        ).json()
        (feature,) = clusters["features"]
        longitude, latitude = feature["geometry"]["coordinates"]
        assert abs(longitude - SCHOOL_LONGITUDE) > 0.005 or abs(latitude - SCHOOL_LATITUDE) > 0.005

    # A box around the school's own point, which is not the public point, finds nothing.
    around = client.get("/api/v1/events", {"bbox": "1.428,43.617,1.43,43.619"}).json()
    assert around["results"] == []


def test_the_walk_would_see_a_leak(client, api_world):
    """The walk's reading finds a secret where it is: a public event's venue, and the
    school's venue printed in a folded, escaped iCal line."""
    public = client.get(f"/api/v1/events/{api_world.public_event.pk}")
    assert "Salle Son-Tay" in _readings(public, public.content.decode())[0]

    folded = "DESCRIPTION:" + "x" * 60 + "Collège Zéphyrin-\r\n Quillebœuf\\, 17"
    calendar = {"Content-Type": "text/calendar; charset=utf-8"}
    readings = _readings(calendar, folded)
    assert any("Collège Zéphyrin-Quillebœuf, 17" in reading for reading in readings)
