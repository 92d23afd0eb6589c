"""Calendars: one event's .ics and the feed of the edition or of a filtered selection."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from jres.events import public
from jres.events.calendar import event_uid
from tests.events.factories import EventFactory, small_france
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db

FEED = "/evenements/calendrier.ics"
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def france(db):
    return small_france()


@pytest.fixture
def event(current_edition, france):
    return EventFactory(
        edition=current_edition, commune=france.bordeaux, title="Débat, parents ; école",
        venue_name="Salle Son Tay", address="1 rue Son Tay", postal_code="33000",
        description="Un **débat** ouvert à tous.",
    )  # fmt: skip


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def test_one_event_downloads_as_an_ics_file(client, event):
    response = client.get(f"/evenements/{event.slug}/calendrier.ics")

    calendar = parse(response)
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    (vevent,) = vevents(calendar)
    assert str(vevent["UID"]) == f"event-{event.pk}@127.0.0.1"
    assert str(vevent["SUMMARY"]) == "Débat, parents ; école"
    assert vevent.decoded("DTSTART") == datetime.datetime(2026, 9, 27, 18, tzinfo=PARIS)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent.decoded("DTEND") == datetime.datetime(2026, 9, 27, 20, tzinfo=PARIS)
    assert "DTSTAMP" in vevent
    assert str(vevent["LOCATION"]) == "Salle Son Tay, 1 rue Son Tay, 33000 Bordeaux"
    assert str(vevent["URL"]) == f"http://127.0.0.1:8000/evenements/{event.slug}/"
    assert str(vevent["DESCRIPTION"]) == (
        f"Un débat ouvert à tous.\n\nhttp://127.0.0.1:8000/evenements/{event.slug}/"
    )
    assert str(vevent["STATUS"]) == "CONFIRMED"
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Paris"


def test_the_uid_is_stable_and_the_sequence_grows_with_changes(client, event):
    path = f"/evenements/{event.slug}/calendrier.ics"
    (before,) = vevents(parse(client.get(path)))

    event.title = "Débat déplacé"
    event.save()
    (after,) = vevents(parse(client.get(path)))

    assert str(after["UID"]) == str(before["UID"]) == event_uid(event)
    assert int(after["SEQUENCE"]) >= int(before["SEQUENCE"]) > 0
    event.refresh_from_db()
    type(event).objects.filter(pk=event.pk).update(
        updated_at=event.updated_at + datetime.timedelta(minutes=5)
    )
    (later,) = vevents(parse(client.get(path)))
    assert int(later["SEQUENCE"]) == int(after["SEQUENCE"]) + 300


def test_the_feed_holds_every_published_event_of_the_edition(client, current_edition, france):
    published = [
        EventFactory(edition=current_edition, commune=france.bordeaux),
        EventFactory(edition=current_edition, commune=france.paris, status="cancelled"),
        EventFactory(edition=current_edition, commune=france.toulouse, attendance_mode="online",
                     online_url="https://visio.example.org"),
    ]  # fmt: skip
    EventFactory(edition=current_edition, commune=france.paris, status="draft", labelled_at=None)
    EventFactory(edition=EditionFactory(year=2025, number=18), commune=france.paris)

    response = client.get(FEED)

    calendar = parse(response)
    assert {str(vevent["UID"]) for vevent in vevents(calendar)} == {
        f"event-{event.pk}@127.0.0.1" for event in published
    }
    assert str(calendar["X-WR-CALNAME"]) == "Événements JRES 2026"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    statuses = {
        str(vevent["URL"]).rsplit("/", 2)[-2]: str(vevent["STATUS"]) for vevent in vevents(calendar)
    }
    assert statuses[published[1].slug] == "CANCELLED"
    assert statuses[published[0].slug] == "CONFIRMED"
    online = next(v for v in vevents(calendar) if str(v["URL"]).endswith(f"{published[2].slug}/"))
    assert str(online["LOCATION"]) == "En ligne"
    assert "visio.example.org" not in response.content.decode()


def test_the_feed_takes_the_list_filters(client, current_edition, france):
    atelier = EventFactory(edition=current_edition, commune=france.bordeaux, kind="atelier")
    EventFactory(edition=current_edition, commune=france.bordeaux, kind="debat")
    EventFactory(edition=current_edition, commune=france.paris, kind="atelier")

    calendar = parse(client.get(FEED, {"type": "atelier", "departement": "33"}))

    assert [str(vevent["UID"]) for vevent in vevents(calendar)] == [event_uid(atelier)]
    assert "sélection" in str(calendar["X-WR-CALDESC"])


def test_a_bad_filter_does_not_break_the_feed(client, current_edition, france):
    EventFactory(edition=current_edition, commune=france.bordeaux)

    calendar = parse(client.get(FEED, {"region": "??", "du": "demain", "lat": "x"}))

    assert len(vevents(calendar)) == 1


def test_an_in_school_event_gives_no_street_in_calendars(client, current_edition, france):
    event = EventFactory(
        edition=current_edition, commune=france.bordeaux, is_public=False,
        venue_name="Lycée Montaigne", address="118 cours Victor Hugo",
        latitude=44.8612, longitude=-0.5712,
    )  # fmt: skip

    for path in (FEED, f"/evenements/{event.slug}/calendrier.ics"):
        response = client.get(path)
        (vevent,) = vevents(parse(response))
        assert str(vevent["LOCATION"]) == "Bordeaux (33)"
        assert "GEO" not in vevent
        content = response.content.decode()
        assert "Victor Hugo" not in content and "Montaigne" not in content


def test_a_cancelled_event_says_so_with_its_reason(client, event):
    event.status = "cancelled"
    event.cancellation_reason = "Salle inondée"
    event.save()

    (vevent,) = vevents(parse(client.get(f"/evenements/{event.slug}/calendrier.ics")))

    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["DESCRIPTION"]).startswith("ÉVÉNEMENT ANNULÉ : Salle inondée")


def test_the_feed_is_capped_with_a_note(client, current_edition, france, monkeypatch):
    monkeypatch.setattr(public, "FEED_LIMIT", 2)
    for _number in range(3):
        EventFactory(edition=current_edition, commune=france.bordeaux)

    calendar = parse(client.get(FEED))

    assert len(vevents(calendar)) == 2
    assert "les 2 premiers seulement" in str(calendar["X-WR-CALDESC"])


def test_an_unpublished_event_has_no_calendar_for_visitors(client, current_edition, france):
    event = EventFactory(
        edition=current_edition, commune=france.bordeaux, status="draft", labelled_at=None
    )

    assert client.get(f"/evenements/{event.slug}/calendrier.ics").status_code == 404


def test_the_feed_query_count_does_not_grow_with_the_events(
    client, current_edition, france, django_assert_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _number in range(5):
        EventFactory(edition=current_edition, commune=france.bordeaux, audiences=["parents"])
    with CaptureQueriesContext(connection) as context:
        client.get(FEED)
    for _number in range(20):
        EventFactory(edition=current_edition, commune=france.paris, is_public=False)
    cache.clear()

    with django_assert_num_queries(len(context.captured_queries)):
        assert len(vevents(parse(client.get(FEED)))) == 25
