"""The API against its own OpenAPI description, with Schemathesis and Hypothesis.

The description is read from `/api/v1/openapi.json` through the WSGI application (no
network), and every operation is called in-process on the `api_world` of the test database:

- a positive pass: generated valid requests get no 5xx, a documented status code and
  content type, and a body that conforms to the documented schema;
- a negative pass: generated invalid requests are refused with a 4xx, never a 5xx, and
  every 400 is the API's JSON error naming a parameter;
- a property of the events list: any combination of valid filters that name the world's
  places, kinds and audiences, in any format, answers 200 with a conforming body.

Reproducible (derandomized Hypothesis, Schemathesis deterministic) and bounded: the whole
file takes about 30 s on two cores (measured: 24 s on SQLite, 25 s on PostgreSQL).
"""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from jres.wsgi import application

OPENAPI = "/api/v1/openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 60
HYPOTHESIS = settings(
    deadline=None,
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _load(mode: GenerationMode):
    loaded = schemathesis.openapi.from_wsgi(OPENAPI, application)
    loaded.config.generation.update(modes=[mode], max_examples=EXAMPLES, deterministic=True)
    return loaded


schema = _load(GenerationMode.POSITIVE)
negative_schema = _load(GenerationMode.NEGATIVE)


@pytest.fixture(autouse=True)
def _in_process(settings):
    """Requests reach the WSGI application directly, as Django's test client does: the
    test's connection (and its transaction) stays open between requests, and the rate
    limit, which its own tests cover, does not stop a long generated run."""
    settings.API_RATE_LIMIT = ""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@HYPOTHESIS
def test_valid_requests_conform_to_the_description(case, api_world):
    case.call_and_validate(checks=CHECKS)


def _is_json_error(response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    return (
        isinstance(body, dict)
        and set(body) == {"error", "parameter", "message"}
        and isinstance(body["message"], str)
        and body["message"] != ""
    )


# The index and the editions' list take no parameter: nothing to make invalid there.
@negative_schema.exclude(path_regex=r"^/api/v1/(editions)?$").parametrize()
@HYPOTHESIS
def test_invalid_requests_are_refused_in_json(case, api_world):
    response = case.call_and_validate(
        checks=[not_a_server_error, negative_data_rejection, content_type_conformance]
    )
    if case.method.upper() in {"GET", "HEAD"} and response.status_code == 400:
        if case.method.upper() == "GET":
            assert _is_json_error(response), response.text[:300]
        assert response.headers["content-type"][0].startswith("application/json")


# --- a property of the events list ---------------------------------------------------------

EVENTS = schema["/api/v1/events"]["GET"]
PLACES = {
    "region": ["75", "76", "11", "94"],
    "departement": ["33", "31", "75", "2A", "2a"],
    "commune": ["33063", "31555", "75056", "2A004", "33281"],
    "cp": ["33000", "31000", "20000", "75011", "33700"],
}
BOXES = ["-1,44,0,45", "1,43,2,44", "-5.5,41,10,51.5", "8,41,9,42", "-180,-90,180,90"]


@st.composite
def event_queries(draw):
    query = {}
    for name, values in PLACES.items():
        if draw(st.booleans()):
            query[name] = draw(st.sampled_from(values))
    optional = {
        "type": st.sampled_from(["debat", "atelier", "temps-echange-scolaire"]),
        "public": st.lists(st.sampled_from(["parents", "eleves", "enseignants"]), max_size=2),
        "du": st.dates(datetime.date(2026, 9, 1), datetime.date(2026, 10, 15)),
        "au": st.dates(datetime.date(2026, 9, 20), datetime.date(2026, 12, 31)),
        "q": st.sampled_from(["débat", "Toulouse", "collège", "rien-du-tout"]),
        "en_ligne": st.booleans(),
        "bbox": st.sampled_from(BOXES),
        "edition": st.sampled_from([2025, 2026]),
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            query[name] = draw(strategy)
    if "du" in query and "au" in query and query["au"] < query["du"]:
        query["du"], query["au"] = query["au"], query["du"]
    for name in ("du", "au"):
        if name in query:
            query[name] = query[name].isoformat()
    if draw(st.booleans()):
        query["lat"], query["lon"] = draw(
            st.sampled_from([(44.84, -0.58), (43.6, 1.44), (41.92, 8.74)])
        )
        if draw(st.booleans()):
            query["rayon"] = draw(st.integers(1, 200))
    shape = draw(st.sampled_from(["json", "geojson", "clusters", "ics", "csv"]))
    if shape == "clusters":
        query["format"], query["zoom"] = "geojson", draw(st.integers(0, 18))
    elif shape != "json":
        query["format"] = shape
    if shape in {"json", "geojson"} and draw(st.booleans()):
        query["limit"] = draw(st.integers(1, 3))
    return query


@given(query=event_queries())
@HYPOTHESIS
def test_any_valid_filters_answer_the_documented_shape(query, api_world):
    response = EVENTS.Case(query=query).call_and_validate(checks=CHECKS)
    assert response.status_code == 200, response.text[:300]
    if query.get("format", "json") == "json":
        for event in response.json()["results"]:
            assert event["edition"] == query.get("edition", 2026)
            if "departement" in query:
                assert event["department"] == query["departement"].upper()
            if "region" in query:
                assert event["region"] == query["region"]
            if "commune" in query:
                assert event["commune"] == query["commune"]
            if "cp" in query:
                assert event["postal_code"] == query["cp"]
            if event["in_school"]:
                assert event["venue_name"] is None and event["address"] is None


# --- what the generated runs found ---------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/events", "/api/v1/editions"])
def test_a_client_without_an_address_is_counted_not_refused(api_world, settings, path):
    """A WSGI server may give no REMOTE_ADDR (Werkzeug's test client, a Unix socket): the
    rate limit counted it by allauth's reader of the address, which refuses such a request
    with an HTML 403. It now shares one count with the others without an address."""
    from schemathesis.python import wsgi

    settings.API_RATE_LIMIT = "600/60"
    response = wsgi.get_client(application).get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["X-RateLimit-Limit"] == "600"
