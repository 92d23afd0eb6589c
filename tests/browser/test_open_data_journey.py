"""A partner's web officer, with nothing but the re-users' guide: they read /donnees-ouvertes/,
copy its examples for their department, and get every labelled event of it in JSON (the
guide's own Python loop), GeoJSON, iCal (the address a calendar subscribes to) and CSV,
over real HTTP from a running server.

The guide's examples are read from the page itself, not written here: if the page and the
API part ways, this test fails.
"""

import contextlib
import csv
import io
import json
import urllib.request

import icalendar
import pytest
from geojson_pydantic import FeatureCollection

from jres.events.models import EventStatus
from tests.api.test_reuse_page import _outline
from tests.browser.conftest import event_day
from tests.events.factories import EventFactory
from tests.geo.factories import CommuneFactory, DepartmentFactory, RegionFactory

pytestmark = pytest.mark.django_db(transaction=True)

GUIDE_DEPARTMENT = "35"  # the guide's example: Ille-et-Vilaine


@pytest.fixture
def brittany(events_world):
    """Labelled events in Ille-et-Vilaine (one in a school, one cancelled), and the events a
    department's feed must leave out: another department's, a draft, a refused one."""
    region = RegionFactory(code="53", name="Bretagne")
    department = DepartmentFactory(
        code=GUIDE_DEPARTMENT, name="Ille-et-Vilaine", region=region,
        latitude=48.15, longitude=-1.68,
    )  # fmt: skip
    rennes = CommuneFactory(
        insee_code="35238", name="Rennes", department=department,
        latitude=48.11198, longitude=-1.67429, postal_codes=["35000"],
    )  # fmt: skip
    edition = events_world.edition

    def event(title, **fields):
        fields.setdefault("commune", rennes)
        fields.setdefault("postal_code", "35000")
        fields.setdefault("status", EventStatus.LABELLED)
        return EventFactory(edition=edition, title=title, starts_at=event_day(edition), **fields)

    wanted = [
        event("Débat des parents à Rennes"),
        event("Atelier devoirs à la médiathèque", latitude=48.1201, longitude=-1.6702),
        event("Temps d'échange au collège", is_public=False, venue_name="Collège Anne de Bretagne"),
        event("Forum annulé", status=EventStatus.CANCELLED, cancellation_reason="Salle fermée"),
    ]
    for published in wanted:
        if published.status == EventStatus.CANCELLED:
            published.labelled_at = published.starts_at
            published.save()
    others = [
        event("Débat à Bordeaux", commune=events_world.geo.bordeaux, postal_code="33000"),
        event("Brouillon rennais", status=EventStatus.DRAFT),
        event("Refusé rennais", status=EventStatus.REFUSED),
    ]
    return wanted, others


def fetch(url: str) -> tuple[bytes, dict]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the live server
        return response.read(), dict(response.headers)


def guide_examples(live_server) -> list[str]:
    body, _headers = fetch(live_server.url + "/donnees-ouvertes/")
    return _outline(body.decode()).examples


def curl_url(examples: list[str], marker: str) -> str:
    """The address of the guide's one `curl` example that contains `marker`."""
    (example,) = [
        e for e in examples if e.startswith("curl") and marker in e and "\n" not in e.strip()
    ]
    return example.split("'")[1]


def test_a_partner_gets_its_departments_events_in_four_formats_from_the_guide(
    live_server, settings, brittany
):
    settings.SITE_URL = live_server.url
    wanted, others = brittany
    titles = {event.title for event in wanted}
    examples = guide_examples(live_server)

    # JSON: the guide's Python loop, run as printed (it follows `next` to the end).
    (program,) = [example for example in examples if example.startswith("import json")]
    printed = io.StringIO()
    namespace: dict = {}
    with contextlib.redirect_stdout(printed):
        exec(compile(program, "guide.py", "exec"), namespace)  # noqa: S102 - the guide's code
    assert printed.getvalue().split()[0] == str(len(wanted))  # "4 événements"
    assert {event["title"] for event in namespace["events"]} == titles
    assert {event["department"] for event in namespace["events"]} == {GUIDE_DEPARTMENT}

    # GeoJSON: a valid FeatureCollection of the same events.
    body, headers = fetch(curl_url(examples, "format=geojson"))
    assert headers["Content-Type"] == "application/geo+json"
    collection = FeatureCollection.model_validate_json(body)
    assert {feature.properties["title"] for feature in collection.features} == titles

    # iCal: the address to subscribe to, in the guide's calendar section and its curl example.
    ics_url = curl_url(examples, "format=ics")
    assert ics_url in examples, "the subscription address is given on its own"
    body, headers = fetch(ics_url)
    assert headers["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(body)
    vevents = calendar.walk("VEVENT")
    assert {str(vevent["SUMMARY"]) for vevent in vevents} == titles
    statuses = {str(vevent["SUMMARY"]): str(vevent["STATUS"]) for vevent in vevents}
    assert statuses["Forum annulé"] == "CANCELLED"
    webcal = "webcal://" + ics_url.split("://", 1)[1]
    page, _headers = fetch(live_server.url + "/donnees-ouvertes/")
    assert webcal in page.decode().replace("&amp;", "&"), "calendars that want webcal:// get it"

    # CSV: one row per event, opened by any spreadsheet.
    body, headers = fetch(curl_url(examples, "format=csv"))
    assert headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert {row["title"] for row in rows} == titles
    school = next(row for row in rows if row["title"] == "Temps d'échange au collège")
    assert school["address"] == "" and school["venue_name"] == ""
    assert school["in_school"] == "true"

    # Nothing of another department, nor an unpublished event, in any of the four.
    everything = json.dumps(namespace["events"], ensure_ascii=False) + body.decode()
    for event in others:
        assert event.title not in everything
