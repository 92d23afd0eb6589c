"""/api/v1/events: the public list's filters, bbox, updated_since, pages by cursor, the
parameters it refuses, and /api/v1/events/withdrawn for incremental copies."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.http import QueryDict
from django.utils import timezone

from jres.events import services
from jres.events.filters import filter_events
from jres.events.models import AttendanceMode, Event, EventStatus
from tests.api.conftest import UNPUBLISHED_TITLES, WITHDRAWN_TITLE
from tests.events.factories import EventFactory
from tests.partners.factories import PartnerFactory


def api_ids(client, query: str) -> list[int]:
    response = client.get(f"/api/v1/events?{query}&limit=1000")
    assert response.status_code == 200, response.content
    return [event["id"] for event in response.json()["results"]]


def list_ids(query: str) -> list[int]:
    """What the public list (/evenements/) selects for the same query string."""
    queryset, filters = filter_events(QueryDict(query))
    assert filters.ignored == [], filters.ignored
    return list(queryset.values_list("pk", flat=True))


def follow(client, url: str):
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}")


@pytest.fixture
def events_world(api_world, france):
    """The shared world and a few more published events, so that each filter keeps some
    events and leaves others out."""
    edition = api_world.edition

    def at(day_offset, hour):
        day = edition.day + datetime.timedelta(days=day_offset)
        return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))

    api_world.hybrid_event = EventFactory(
        edition=edition, title="Forum hybride à Mérignac", commune=france.merignac,
        postal_code="33700", attendance_mode=AttendanceMode.HYBRID,
        online_url="https://visio.example.org/forum", kind="atelier",
        audiences=["enseignants", "parents"], starts_at=at(2, 9), ends_at=at(2, 12),
    )  # fmt: skip
    api_world.toulouse_event = EventFactory(
        edition=edition, title="Café des parents toulousains", commune=france.toulouse,
        postal_code="31000", latitude=43.61, longitude=1.45, audiences=["parents"],
        starts_at=at(-3, 18), ends_at=at(-3, 20),
    )  # fmt: skip
    api_world.paris_event = EventFactory(
        edition=edition, title="Ciné-débat parisien", commune=france.paris,
        postal_code="75011", latitude=48.86, longitude=2.38, kind="atelier",
        starts_at=at(5, 20), ends_at=at(5, 22),
    )  # fmt: skip
    return api_world


# --- filters: the API selects what the public list selects ---------------------------------

FILTER_QUERIES = [
    "region=75",
    "region=76",
    "departement=31",
    "departement=2A",
    "departement=33",
    "commune=75056",
    "commune=33281",
    "cp=31000",
    "cp=33000",
    "type=atelier",
    "type=temps-echange-scolaire",
    "public=parents",
    "public=eleves&public=enseignants",
    "du=2026-09-28",
    "au=2026-09-27",
    "du=2026-09-26&au=2026-09-27",
    "q=Bordeaux",
    "q=parents débat",
    "q=visioconférence",
    "en_ligne=true",
    "en_ligne=1",
    "lat=43.6043&lon=1.4437&rayon=20",
    "lat=44.8412&lon=-0.5805&rayon=5",
    "lat=44.8412&lon=-0.5805&rayon=50",
    "edition=2025",
    "edition=2026&region=75&public=parents",
    "departement=33&type=atelier&en_ligne=true",
]


@pytest.mark.parametrize("query", FILTER_QUERIES)
def test_each_filter_selects_what_the_public_list_selects(client, events_world, query):
    expected = list_ids(query)

    found = api_ids(client, query)

    assert sorted(found) == sorted(expected)
    assert len(found) == len(set(found))
    assert found, f"{query} should select something here"
    everything = Event.objects.published().filter(edition__year=2026).count()
    if "edition=2025" not in query:
        assert len(found) < everything, f"{query} should leave something out"


def test_the_json_list_is_sorted_by_start_then_id(client, events_world):
    results = client.get("/api/v1/events").json()["results"]

    keys = [(event["starts_at"], event["id"]) for event in results]
    starts = [datetime.datetime.fromisoformat(start) for start, _id in keys]
    assert starts == sorted(starts)


def test_a_query_string_of_the_public_list_works_here(client, events_world):
    """What the list's form puts in the address bar (its empty fields included), pasted."""
    query = (
        "region=75&departement=&cp=&lat=&lon=&rayon=20&q=&type=&public=parents&du=&au=&edition=2026"
    )

    response = client.get(f"/api/v1/events?{query}")

    assert response.status_code == 200, response.content
    found = [event["id"] for event in response.json()["results"]]
    assert sorted(found) == sorted(list_ids(query))
    assert found


def test_the_default_edition_is_the_current_one(client, events_world):
    found = api_ids(client, "")

    assert sorted(found) == sorted(
        event.pk for event in Event.objects.published().filter(edition=events_world.edition)
    )
    assert events_world.past_event.pk not in found
    assert api_ids(client, "edition=2025") == [events_world.past_event.pk]


def test_unpublished_events_never_appear(client, events_world):
    hidden = [*events_world.unpublished_events, events_world.withdrawn_event]
    assert {event.status for event in hidden} == {
        EventStatus.DRAFT,
        EventStatus.SUBMITTED,
        EventStatus.CHANGES_REQUESTED,
        EventStatus.REFUSED,
    }
    hidden_ids = {event.pk for event in hidden}
    titles = [*UNPUBLISHED_TITLES.values(), WITHDRAWN_TITLE]

    for query in ("", "q=", "format=geojson", "updated_since=2000-01-01T00:00:00"):
        response = client.get(f"/api/v1/events?{query}".rstrip("?"))
        assert response.status_code == 200, (query, response.content)
        data = response.json()
        items = data.get("results", data.get("features"))
        assert not {item["id"] for item in items} & hidden_ids, query
    for query in ("format=ics", "format=csv", "format=geojson&zoom=12"):
        text = client.get(f"/api/v1/events?{query}").getvalue().decode()
        assert not [title for title in titles if title in text], query
    for event in hidden:
        for path in (f"/api/v1/events/{event.pk}", f"/api/v1/events/{event.pk}/jsonld"):
            response = client.get(path)
            assert response.status_code == 404
            assert response.json()["error"] == "not_found"


def test_a_cancelled_event_that_was_labelled_is_listed_as_cancelled(client, events_world):
    results = {event["id"]: event for event in client.get("/api/v1/events").json()["results"]}

    cancelled = results[events_world.cancelled_event.pk]
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancellation_reason"] == "La salle n'est plus disponible."


# --- bbox -----------------------------------------------------------------------------------


def test_bbox_selects_the_public_points_inside_it(client, events_world):
    around_bordeaux = api_ids(client, "bbox=-0.7,44.7,-0.4,44.95")
    assert sorted(around_bordeaux) == sorted(
        [events_world.public_event.pk, events_world.hybrid_event.pk]
    )
    whole_france = api_ids(client, "bbox=-5.5,41,10,51.5")
    # The online event has no point: a box never holds it.
    assert events_world.online_event.pk not in whole_france
    assert events_world.cancelled_event.pk in whole_france


def test_bbox_finds_an_in_school_event_at_its_communes_centre_not_at_the_school(
    client, events_world
):
    # The commune of Toulouse's centre is 43.60426, 1.44367; the school is at 43.617771,
    # 1.428913. A small box around the school alone must not reveal it.
    around_school = api_ids(client, "bbox=1.4280,43.6170,1.4300,43.6185")
    around_centre = api_ids(client, "bbox=1.4430,43.6040,1.4445,43.6045")

    assert events_world.school_event.pk not in around_school
    assert events_world.school_event.pk in around_centre


# --- updated_since --------------------------------------------------------------------------


def test_updated_since_lists_only_changed_events_sorted_by_change(client, events_world):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Event.objects.update(updated_at=long_ago)
    since = timezone.now() - datetime.timedelta(minutes=1)
    # Changed in the opposite order of their dates.
    events_world.paris_event.title = "Ciné-débat parisien, horaire confirmé"
    events_world.paris_event.save()
    events_world.school_event.description = "Un temps d'échange entre élèves."
    events_world.school_event.save()

    response = client.get("/api/v1/events", {"updated_since": since.isoformat()})

    assert response.status_code == 200, response.content
    found = [event["id"] for event in response.json()["results"]]
    assert found == [events_world.paris_event.pk, events_world.school_event.pk]
    stamps = [event["updated_at"] for event in response.json()["results"]]
    assert stamps == sorted(stamps)

    # Walking the pages of a sync by change gives the same order.
    page = client.get("/api/v1/events", {"updated_since": since.isoformat(), "limit": 1}).json()
    walked = [page["results"][0]["id"]]
    while page["next"]:
        page = follow(client, page["next"]).json()
        walked += [event["id"] for event in page["results"]]
    assert walked == found


# --- pages by cursor --------------------------------------------------------------------


def test_walking_next_gives_every_event_once_in_order(client, events_world):
    expected = list(
        Event.objects.published()
        .filter(edition=events_world.edition)
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
    )
    assert len(expected) == 7

    page = client.get("/api/v1/events?limit=2").json()
    seen, pages = [], 0
    while True:
        pages += 1
        assert len(page["results"]) <= 2
        seen += [event["id"] for event in page["results"]]
        if page["next"] is None:
            break
        assert page["next"].startswith("http"), "next is an absolute address"
        assert "limit=2" in page["next"]
        page = follow(client, page["next"]).json()

    assert seen == expected
    assert pages == 4


def test_geojson_pages_walk_like_json(client, events_world):
    page = client.get("/api/v1/events?format=geojson&limit=3").json()
    seen = []
    while True:
        assert page["type"] == "FeatureCollection"
        seen += [feature["id"] for feature in page["features"]]
        if not page["next"]:
            break
        page = follow(client, page["next"]).json()

    assert seen == api_ids(client, "")


def test_a_tampered_cursor_is_refused(client, events_world):
    next_url = client.get("/api/v1/events?limit=2").json()["next"]
    cursor = QueryDict(urlsplit(next_url).query)["cursor"]
    middle = len(cursor) // 2
    tampered = cursor[:middle] + ("A" if cursor[middle] != "A" else "B") + cursor[middle + 1 :]

    response = client.get("/api/v1/events", {"limit": 2, "cursor": tampered})

    assert response.status_code == 400
    assert response.json()["parameter"] == "cursor"
    assert response.json()["error"] == "invalid"


def test_a_cursor_of_another_list_is_refused(client, events_world, france):
    PartnerFactory(name="Ville de Toulouse", commune=france.toulouse)
    next_url = client.get("/api/v1/partners?limit=1").json()["next"]
    assert next_url
    cursor = QueryDict(urlsplit(next_url).query)["cursor"]

    response = client.get("/api/v1/events", {"cursor": cursor})

    assert response.status_code == 400
    assert response.json()["parameter"] == "cursor"

    by_date = QueryDict(urlsplit(client.get("/api/v1/events?limit=1").json()["next"]).query)
    by_change = client.get(
        "/api/v1/events", {"cursor": by_date["cursor"], "updated_since": "2020-01-01T00:00:00"}
    )
    assert by_change.status_code == 400
    assert by_change.json()["parameter"] == "cursor"


# --- refused input --------------------------------------------------------------------------

BAD_INPUT = [
    ("dpt=35", "dpt"),
    ("page=2", "page"),
    ("region=99", "region"),
    ("departement=99", "departement"),
    ("departement=2C", "departement"),
    ("commune=99999", "commune"),
    ("type=concert", "type"),
    ("public=parents&public=martiens", "public"),
    ("edition=2019", "edition"),
    ("edition=deux-mille", "edition"),
    ("du=2026-02-30", "du"),
    ("du=hier", "du"),
    ("au=27/09/2026x", "au"),
    ("updated_since=yesterday", "updated_since"),
    ("updated_since=2026-13-01T00:00:00", "updated_since"),
    ("du=2026-09-28&au=2026-09-27", "au"),
    ("bbox=1,2,3", "bbox"),
    ("bbox=a,b,c,d", "bbox"),
    ("bbox=10,41,-5,51", "bbox"),
    ("bbox=-5,51,10,41", "bbox"),
    ("bbox=-190,41,10,51", "bbox"),
    ("bbox=-5,41,10,95", "bbox"),
    ("bbox=nan,41,10,51", "bbox"),
    ("bbox=-5,41,inf,51", "bbox"),
    ("bbox=-5,41,10,51,3", "bbox"),
    ("limit=0", "limit"),
    ("limit=1001", "limit"),
    ("limit=abc", "limit"),
    ("format=xml", "format"),
    ("zoom=5", "zoom"),
    ("format=json&zoom=5", "zoom"),
    ("format=geojson&zoom=19", "zoom"),
    ("format=ics&cursor=abc", "cursor"),
    ("format=csv&limit=10", "limit"),
    ("lat=44.84", "lon"),
    ("lon=-0.58", "lat"),
    ("lat=95&lon=0", "lat"),
    ("lat=44.84&lon=-0.58&rayon=500", "rayon"),
    ("q=d%C3%A9bat%00", "q"),
    ("cp=3300", "cp"),
    ("en_ligne=peut-etre", "en_ligne"),
]


@pytest.mark.parametrize(("query", "parameter"), BAD_INPUT)
def test_bad_input_is_a_400_naming_the_parameter(client, events_world, query, parameter):
    response = client.get(f"/api/v1/events?{query}")

    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()
    assert set(error) == {"error", "parameter", "message"}
    assert error["parameter"] == parameter
    assert error["error"] in {"invalid", "unknown_parameter", "unknown_value"}
    assert error["message"]


def test_an_unknown_parameter_and_an_unknown_value_say_which_they_are(client, events_world):
    unknown_parameter = client.get("/api/v1/events?dpt=35").json()
    unknown_value = client.get("/api/v1/events?region=99").json()

    assert unknown_parameter["error"] == "unknown_parameter"
    assert "departement" in unknown_parameter["message"], "it lists what is accepted"
    assert unknown_value["error"] == "unknown_value"


def test_an_unknown_event_is_a_404(client, events_world):
    for path in ("/api/v1/events/987654", "/api/v1/events/987654/jsonld"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"


# --- withdrawn ------------------------------------------------------------------------------


@pytest.fixture
def sent_back(events_world, moderator, organiser):
    """An event labelled, then edited by its organiser: back to review, no longer public;
    and a draft that never was public. (since, withdrawn event, draft)"""
    since = timezone.now()
    event = EventFactory(
        edition=events_world.edition, organiser=organiser, title="Débat déplacé",
        status=EventStatus.SUBMITTED, labelled_at=None,
    )  # fmt: skip
    services.label_event(event=event, by=moderator, checked_items=[])
    assert event.published
    event.title = "Débat déplacé à Mérignac"
    event.save()
    services.record_edit(event=event, by=organiser, changed_fields=["title"])
    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED and not event.published
    draft = EventFactory(
        edition=events_world.edition, organiser=organiser, status=EventStatus.DRAFT,
        labelled_at=None, title="Brouillon récent",
    )  # fmt: skip
    return since, event, draft


def test_withdrawn_lists_an_event_sent_back_to_review_after_its_label(client, sent_back):
    since, event, draft = sent_back
    listed = client.get("/api/v1/events").json()["results"]
    assert event.pk not in [item["id"] for item in listed]

    response = client.get("/api/v1/events/withdrawn", {"since": since.isoformat()})

    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [item["id"] for item in results] == [event.pk]
    assert draft.pk not in [item["id"] for item in results]
    withdrawn_at = datetime.datetime.fromisoformat(results[0]["withdrawn_at"])
    assert withdrawn_at >= since
    assert response.json()["next"] is None


def test_withdrawn_takes_the_since_parameter_of_the_contract(client, sent_back):
    """The contract: /api/v1/events/withdrawn?since=<ISO date-time>."""
    since, event, _draft = sent_back

    response = client.get("/api/v1/events/withdrawn", {"since": since.isoformat()})

    assert response.status_code == 200, response.content
    assert [item["id"] for item in response.json()["results"]] == [event.pk]


def test_withdrawn_leaves_out_cancelled_events_which_stay_published(client, events_world):
    response = client.get("/api/v1/events/withdrawn", {"since": "2020-01-01T00:00:00+00:00"})

    ids = [item["id"] for item in response.json()["results"]]
    assert events_world.cancelled_event.pk not in ids
    assert events_world.withdrawn_event.pk in ids
    assert not {event.pk for event in events_world.unpublished_events} & set(ids)
