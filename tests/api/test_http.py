"""The API's HTTP around every answer: validators and 304s, caching headers, the licence's
Link, CORS for other sites' scripts, and the per-client rate limit."""

import datetime
import re
from email.utils import format_datetime, parsedate_to_datetime
from types import SimpleNamespace

import pytest
from django.test import override_settings

from jres.api import http as api_http
from jres.api.models import DataLicence
from jres.events.models import EventKind

OTHER_ORIGIN = "https://agenda.mairie.example"

# Every answer that carries data, as (name, path built from the world, max-age).
DATA_ANSWERS = {
    "index": (lambda world: "/api/v1/", 60),
    "editions": (lambda world: "/api/v1/editions", 60),
    "edition": (lambda world: f"/api/v1/editions/{world.edition.year}", 60),
    "events": (lambda world: "/api/v1/events", 60),
    "events-geojson": (lambda world: "/api/v1/events?format=geojson", 60),
    "events-clusters": (lambda world: "/api/v1/events?format=geojson&zoom=5", 60),
    "events-ics": (lambda world: "/api/v1/events?format=ics", 300),
    "events-csv": (lambda world: "/api/v1/events?format=csv", 60),
    "event": (lambda world: f"/api/v1/events/{world.public_event.pk}", 60),
    "event-jsonld": (lambda world: f"/api/v1/events/{world.public_event.pk}/jsonld", 60),
    "withdrawn": (lambda world: "/api/v1/events/withdrawn?since=2020-01-01T00:00:00", 60),
    "partners": (lambda world: "/api/v1/partners", 60),
    "partner": (lambda world: f"/api/v1/partners/{world.partner.pk}", 60),
    "initiatives": (lambda world: "/api/v1/initiatives", 60),
    "initiative": (lambda world: f"/api/v1/initiatives/{world.initiative.pk}", 60),
    "resources": (lambda world: "/api/v1/resources", 60),
    "resource": (lambda world: f"/api/v1/resources/{world.resource.pk}", 60),
}


def body(response) -> bytes:
    """The bytes of an answer, streamed (CSV) or not."""
    return response.getvalue()


def max_age(response) -> int:
    match = re.search(r"max-age=(\d+)", response["Cache-Control"])
    assert match, response["Cache-Control"]
    return int(match.group(1))


# --- validators and conditional requests ---------------------------------------------------


@pytest.mark.parametrize("name", DATA_ANSWERS)
def test_every_data_answer_has_validators_and_answers_304_to_them(client, api_world, name):
    build, expected_max_age = DATA_ANSWERS[name]
    path = build(api_world)

    first = client.get(path)

    assert first.status_code == 200, body(first)[:300]
    assert body(first), "a data answer has a body"
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{16,}"', etag)
    last_modified = parsedate_to_datetime(first["Last-Modified"])
    assert last_modified.tzinfo is not None
    cache_control = {part.strip() for part in first["Cache-Control"].split(",")}
    assert "public" in cache_control
    assert max_age(first) == expected_max_age
    assert first["Link"] == f'<{DataLicence.current().url}>; rel="license"'

    by_etag = client.get(path, headers={"If-None-Match": etag})
    assert by_etag.status_code == 304
    assert body(by_etag) == b""
    assert by_etag["ETag"] == etag
    assert by_etag["Link"] == first["Link"]

    by_date = client.get(path, headers={"If-Modified-Since": first["Last-Modified"]})
    assert by_date.status_code == 304
    assert body(by_date) == b""
    assert by_date["ETag"] == etag

    # The same address asked again without validators gets the same bytes and tag.
    again = client.get(path)
    assert again.status_code == 200
    assert again["ETag"] == etag
    if name != "events-csv":  # the CSV rows are the same; its streaming is checked elsewhere
        assert body(again) == body(first)


def test_a_validator_of_another_address_or_an_older_date_gets_the_whole_answer(client, api_world):
    events = client.get("/api/v1/events")
    editions = client.get("/api/v1/editions")
    assert events["ETag"] != editions["ETag"]

    crossed = client.get("/api/v1/events", headers={"If-None-Match": editions["ETag"]})
    assert crossed.status_code == 200
    assert crossed.json() == events.json()

    modified = parsedate_to_datetime(events["Last-Modified"])
    older = format_datetime(modified - datetime.timedelta(hours=1), usegmt=True)
    stale = client.get("/api/v1/events", headers={"If-Modified-Since": older})
    assert stale.status_code == 200
    assert stale.json() == events.json()


def test_head_gives_the_headers_of_get_without_a_body(client, api_world):
    get = client.get("/api/v1/events")
    head = client.head("/api/v1/events")

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Type"] == get["Content-Type"]


def test_a_changed_event_changes_the_etag_and_the_body(client, api_world):
    path = f"/api/v1/events/{api_world.public_event.pk}"
    before = client.get("/api/v1/events")
    one_before = client.get(path)

    api_world.public_event.title = "Débat public à Bordeaux, nouvelle salle"
    api_world.public_event.save()

    after = client.get("/api/v1/events", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    titles = [event["title"] for event in after.json()["results"]]
    assert "Débat public à Bordeaux, nouvelle salle" in titles
    assert "Débat public à Bordeaux" not in titles

    one_after = client.get(path, headers={"If-None-Match": one_before["ETag"]})
    assert one_after.status_code == 200
    assert one_after.json()["title"] == "Débat public à Bordeaux, nouvelle salle"

    calendar = client.get("/api/v1/events?format=ics")
    assert "nouvelle salle" in body(calendar).decode()


def test_a_renamed_kind_changes_the_etag_and_the_body(client, api_world):
    before = client.get("/api/v1/events")
    kinds = {event["id"]: event["kind"]["name_fr"] for event in before.json()["results"]}
    assert kinds[api_world.public_event.pk] == "Débat"

    kind = EventKind.objects.get(slug="debat")
    kind.name_fr = "Débat citoyen"
    kind.save()

    after = client.get("/api/v1/events", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    kinds = {event["id"]: event["kind"]["name_fr"] for event in after.json()["results"]}
    assert kinds[api_world.public_event.pk] == "Débat citoyen"


def test_a_changed_edition_changes_the_etag_and_the_body(client, api_world):
    before = client.get("/api/v1/editions")
    one_before = client.get("/api/v1/editions/2026")

    api_world.edition.theme_fr = "Ce qui marche contre le décrochage"
    api_world.edition.save()

    after = client.get("/api/v1/editions", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    themes = {edition["year"]: edition["theme_fr"] for edition in after.json()["results"]}
    assert themes[2026] == "Ce qui marche contre le décrochage"
    one_after = client.get("/api/v1/editions/2026", headers={"If-None-Match": one_before["ETag"]})
    assert one_after.status_code == 200
    assert one_after.json()["theme_fr"] == "Ce qui marche contre le décrochage"


def test_an_answer_of_another_language_has_its_own_etag(client, api_world):
    french = client.get("/api/v1/events?format=ics")
    client.cookies["django_language"] = "en"
    english = client.get("/api/v1/events?format=ics", headers={"If-None-Match": french["ETag"]})

    assert english.status_code == 200
    assert english["ETag"] != french["ETag"]


# --- the licence ------------------------------------------------------------------------


def test_the_link_header_follows_the_coordinators_licence(client, api_world):
    before = client.get("/api/v1/events")
    assert before["Link"] == (
        '<https://www.etalab.gouv.fr/licence-ouverte-open-licence/>; rel="license"'
    )

    DataLicence.objects.create(
        name="Creative Commons BY 4.0",
        url="https://creativecommons.org/licenses/by/4.0/",
        attribution="JRES, association nationale",
    )

    after = client.get("/api/v1/events", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200, "a new licence is a new answer, not a 304"
    assert after["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    index = client.get("/api/v1/").json()
    assert index["licence"] == {
        "name": "Creative Commons BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
        "attribution": "JRES, association nationale",
    }


def test_the_index_follows_a_new_attribution_under_the_same_licence_url(client, api_world):
    """The coordinator corrects the source's mention only: the index must say the new one."""
    before = client.get("/api/v1/")
    assert before.json()["licence"]["attribution"] == "Journée du Refus de l'Échec Scolaire"

    DataLicence.objects.create(attribution="Association JRES — données ouvertes")

    after = client.get("/api/v1/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200, "a changed licence text must not be answered 304"
    assert after.json()["licence"]["attribution"] == "Association JRES — données ouvertes"


# --- CORS -------------------------------------------------------------------------------


def test_another_site_may_read_every_answer_and_its_validators(client, api_world):
    response = client.get("/api/v1/events", headers={"Origin": OTHER_ORIGIN})

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    exposed = {
        name.strip().lower() for name in response["Access-Control-Expose-Headers"].split(",")
    }
    assert {"etag", "last-modified", "link", "retry-after"} <= exposed
    assert "Access-Control-Allow-Credentials" not in response

    error = client.get("/api/v1/events?region=99", headers={"Origin": OTHER_ORIGIN})
    assert error.status_code == 400
    assert error["Access-Control-Allow-Origin"] == "*", "a script must be able to read errors"


def test_a_preflight_for_a_conditional_get_is_allowed(client, api_world):
    response = client.options(
        "/api/v1/events",
        headers={
            "Origin": OTHER_ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )

    assert response.status_code in (200, 204)
    assert response["Access-Control-Allow-Origin"] == "*"
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert "GET" in methods
    assert not methods & {"POST", "PUT", "PATCH", "DELETE"}
    headers = {h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"if-none-match", "if-modified-since"} <= headers


def test_writing_is_refused(client, api_world):
    for method in (client.post, client.put, client.delete):
        response = method("/api/v1/events", headers={"Origin": OTHER_ORIGIN})
        assert response.status_code == 405
        assert "POST" not in response["Allow"]
        assert set(response["Allow"].replace(" ", "").split(",")) <= {"GET", "HEAD", "OPTIONS"}
        assert response.json()["error"] == "method_not_allowed"
    assert client.get("/api/v1/events").json()["results"], "nothing was changed"


# --- rate limit -------------------------------------------------------------------------


@pytest.fixture
def frozen_clock(monkeypatch):
    """The throttle's clock stopped ten seconds into a window: no window ends mid-test."""
    now = 1_800_000_000.0 + 10  # 1_800_000_000 is a multiple of 60
    monkeypatch.setattr(api_http, "time", SimpleNamespace(time=lambda: now))
    return now


@override_settings(API_RATE_LIMIT="3/60")
def test_past_the_limit_a_client_waits_and_others_are_served(client, api_world, frozen_clock):
    for _number in range(3):
        assert client.get("/api/v1/events", REMOTE_ADDR="203.0.113.7").status_code == 200

    refused = client.get("/api/v1/events", REMOTE_ADDR="203.0.113.7")

    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/json")
    assert refused.json()["error"] == "rate_limited"
    assert refused.json()["message"]
    wait = refused["Retry-After"]
    assert wait.isdigit() and 1 <= int(wait) <= 60
    # Every endpoint shares the address's allowance.
    assert client.get("/api/v1/editions", REMOTE_ADDR="203.0.113.7").status_code == 429

    other = client.get("/api/v1/events", REMOTE_ADDR="198.51.100.20")
    assert other.status_code == 200
    assert other.json()["results"]


@override_settings(API_RATE_LIMIT="3/60")
def test_a_forged_forwarded_for_does_not_reset_the_count(client, api_world, frozen_clock):
    for number in range(3):
        response = client.get(
            "/api/v1/events",
            REMOTE_ADDR="203.0.113.7",
            headers={"X-Forwarded-For": f"192.0.2.{number}"},
        )
        assert response.status_code == 200

    forged = client.get(
        "/api/v1/events", REMOTE_ADDR="203.0.113.7", headers={"X-Forwarded-For": "192.0.2.99"}
    )

    assert forged.status_code == 429
    assert int(forged["Retry-After"]) >= 1


@override_settings(API_RATE_LIMIT="3/60")
def test_a_rate_limited_answer_is_readable_by_another_sites_script(client, api_world, frozen_clock):
    for _number in range(3):
        client.get("/api/v1/", REMOTE_ADDR="203.0.113.8")

    refused = client.get("/api/v1/", REMOTE_ADDR="203.0.113.8", headers={"Origin": OTHER_ORIGIN})

    assert refused.status_code == 429
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert "retry-after" in refused["Access-Control-Expose-Headers"].lower()


@override_settings(API_RATE_LIMIT="")
def test_an_empty_limit_serves_everyone(client, api_world):
    statuses = {client.get("/api/v1/", REMOTE_ADDR="203.0.113.9").status_code for _ in range(12)}

    assert statuses == {200}
