"""An event's public page: what attendees need, metadata for machines, sharing, access."""

import json
import re
from urllib.parse import quote

import pytest

from jres.events.models import EventStatus
from tests.core.html import elements, text
from tests.events.factories import EventFactory, small_france

pytestmark = pytest.mark.django_db

HASHTAG_IN_URL = quote("#RefusÉchecScolaire", safe="")  # %23Refus%C3%89checScolaire


@pytest.fixture
def france(db):
    return small_france()


@pytest.fixture
def event(current_edition, organiser, france):
    return EventFactory(
        edition=current_edition, organiser=organiser, commune=france.bordeaux,
        title="Débat : réussir ensemble", venue_name="Archives départementales",
        address="72 cours Balguerie-Stuttenberg", postal_code="33000",
        description="Parents et enseignants **échangent**.\n\n- un\n- deux",
        organisation="Association des parents", audiences=["parents", "enseignants"],
        latitude=44.8571, longitude=-0.5581, capacity=80,
    )  # fmt: skip


def json_ld(content: str) -> dict:
    (match,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return json.loads(match)


def meta(content: str, prop: str) -> str | None:
    for attrs in elements(content, "meta"):
        if attrs.get("property") == prop or attrs.get("name") == prop:
            return attrs["content"]
    return None


def test_the_page_gives_what_an_attendee_needs(client, event):
    response = client.get(event.get_absolute_url())

    page = text(response.content.decode())
    assert response.status_code == 200
    for expected in (
        "Débat : réussir ensemble",
        "Événement labellisé JRES 2026",
        "dimanche 27 septembre 2026, 18:00",
        "Archives départementales",
        "72 cours Balguerie-Stuttenberg",
        "33000 Bordeaux",
        "Parents, Enseignants",
        "Association des parents",
        "80 places",
        "Ajouter à mon agenda",
    ):
        assert expected in page
    content = response.content.decode()
    assert '<div id="event-map"' in content and 'data-lat="44.857100"' in content
    links = {attrs.get("href") for attrs in elements(content, "a")}
    assert f"/evenements/{event.slug}/calendrier.ics" in links
    assert f"/evenements/{event.slug}/contact/" in links


def test_the_json_ld_describes_the_event(client, event):
    data = json_ld(client.get(event.get_absolute_url()).content.decode())

    url = f"http://127.0.0.1:8000/evenements/{event.slug}/"
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Débat : réussir ensemble"
    assert data["description"] == "Parents et enseignants échangent.\nun\ndeux"
    assert data["startDate"] == "2026-09-27T18:00:00+02:00"
    assert data["endDate"] == "2026-09-27T20:00:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "72 cours Balguerie-Stuttenberg",
        "postalCode": "33000",
        "addressLocality": "Bordeaux",
        "addressCountry": "FR",
    }
    assert data["organizer"] == {"@type": "Organization", "name": "Association des parents"}
    assert data["url"] == url
    assert data["isAccessibleForFree"] is True
    assert "image" not in data


@pytest.mark.parametrize(
    ("mode", "expected", "location_types"),
    [
        ("online", "OnlineEventAttendanceMode", ["VirtualLocation"]),
        ("hybrid", "MixedEventAttendanceMode", ["Place", "VirtualLocation"]),
    ],
)
def test_the_json_ld_tells_online_events(client, current_edition, france, mode, expected,
                                         location_types):  # fmt: skip
    event = EventFactory(
        edition=current_edition, commune=france.paris, attendance_mode=mode,
        online_url="https://visio.example.org/salle-secrete",
    )  # fmt: skip

    data = json_ld(client.get(event.get_absolute_url()).content.decode())

    assert data["eventAttendanceMode"] == f"https://schema.org/{expected}"
    locations = data["location"] if isinstance(data["location"], list) else [data["location"]]
    assert [location["@type"] for location in locations] == location_types
    assert locations[-1]["url"] == f"http://127.0.0.1:8000/evenements/{event.slug}/"


def test_an_in_school_event_gives_its_town_only(client, current_edition, france):
    event = EventFactory(
        edition=current_edition, commune=france.bordeaux, is_public=False,
        venue_name="Collège Jules Ferry", address="5 rue des Écoliers",
        latitude=44.8612345, longitude=-0.5412345,
    )  # fmt: skip

    content = client.get(event.get_absolute_url()).content.decode()

    data = json_ld(content)
    assert data["location"] == {
        "@type": "Place",
        "name": "Bordeaux",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Bordeaux",
            "addressCountry": "FR",
        },
    }
    for secret in ("5 rue des Écoliers", "Collège Jules Ferry", "44.86123", "-0.54123"):
        assert secret not in content
    assert 'id="event-map"' not in content
    assert "temps d'échange en établissement scolaire" in text(content)


def test_the_organiser_name_stands_in_for_a_missing_organisation(client, current_edition, france):
    event = EventFactory(
        edition=current_edition, commune=france.paris, organisation="",
        organiser__display_name="Odile Martin",
    )  # fmt: skip

    data = json_ld(client.get(event.get_absolute_url()).content.decode())

    assert data["organizer"] == {"@type": "Person", "name": "Odile Martin"}


def test_a_title_cannot_break_out_of_the_json_ld(client, current_edition, france):
    title = '</script><script>alert("x")</script> & <!--'
    event = EventFactory(edition=current_edition, commune=france.paris, title=title)

    content = client.get(event.get_absolute_url()).content.decode()

    assert json_ld(content)["name"] == title
    head = content[: content.index("</head>")]
    assert head.count("</script>") == 1
    assert "<script>alert" not in content


def test_open_graph_and_canonical_link(client, event):
    content = client.get(event.get_absolute_url()).content.decode()

    url = f"http://127.0.0.1:8000/evenements/{event.slug}/"
    assert meta(content, "og:title") == "Débat : réussir ensemble"
    assert meta(content, "og:description") == "Parents et enseignants échangent. un deux"
    assert meta(content, "og:url") == url
    assert meta(content, "og:type") == "website"
    # The generated social image (jres.posters), whether the event has an image or not.
    assert meta(content, "og:image").startswith(url + "image-partage.png?v=")
    canonical = [
        attrs["href"] for attrs in elements(content, "link") if attrs.get("rel") == "canonical"
    ]
    assert canonical == [url]


def test_an_image_goes_to_the_json_ld_and_the_social_image_to_open_graph(client, event):
    event.image.name = "events/2026/affiche.png"
    event.save()

    content = client.get(event.get_absolute_url()).content.decode()

    assert meta(content, "og:image").startswith(
        f"http://127.0.0.1:8000/evenements/{event.slug}/image-partage.png?v="
    )
    assert json_ld(content)["image"] == ["http://127.0.0.1:8000/media/events/2026/affiche.png"]


def test_share_links_carry_the_page_and_the_hashtag(client, event):
    content = client.get(event.get_absolute_url()).content.decode()

    url_in_link = quote(f"http://127.0.0.1:8000/evenements/{event.slug}/", safe="")
    links = [
        attrs["href"] for attrs in elements(content, "a") if "share__link" in attrs.get("class", "")
    ]
    prefixes = (
        "mailto:?",
        "https://www.facebook.com/sharer/sharer.php?",
        "https://x.com/intent/post?",
        "https://www.linkedin.com/",
        "https://wa.me/?",
    )
    assert [next(p for p in prefixes if link.startswith(p)) for link in links] == list(prefixes)
    for link in links:
        assert HASHTAG_IN_URL in link
        assert url_in_link in link
    copy = next(attrs for attrs in elements(content, "input") if attrs.get("id") == "share-url")
    assert copy["value"] == f"http://127.0.0.1:8000/evenements/{event.slug}/"
    assert "readonly" in copy
    button = next(attrs for attrs in elements(content, "button") if attrs.get("data-copy"))
    assert "hidden" in button  # shown by the script only


def test_the_organiser_e_mail_address_is_never_shown(client, event, organiser, moderator):
    for user in (None, organiser, moderator):
        if user:
            client.force_login(user)
        for path in (event.get_absolute_url(), f"{event.get_absolute_url()}contact/"):
            assert organiser.email not in client.get(path).content.decode()
        assert organiser.email not in client.get("/evenements/").content.decode()


@pytest.mark.parametrize("status", ["draft", "submitted", "changes_requested", "refused"])
def test_an_unpublished_event_is_hidden_from_visitors_and_other_organisers(
    client, current_edition, organiser, other_organiser, moderator, france, status
):
    event = EventFactory(
        edition=current_edition, organiser=organiser, commune=france.paris, status=status,
        labelled_at=None,
    )  # fmt: skip
    url = event.get_absolute_url()

    assert client.get(url).status_code == 404
    assert client.get(f"{url}calendrier.ics").status_code == 404
    assert client.get(f"{url}contact/").status_code == 404
    client.force_login(other_organiser)
    assert client.get(url).status_code == 404

    client.force_login(organiser)
    own = client.get(url)
    assert own.status_code == 200
    assert "Cet événement n'est pas encore public." in text(own.content.decode())
    assert "application/ld+json" not in own.content.decode()
    assert meta(own.content.decode(), "robots") == "noindex"
    client.force_login(moderator)
    assert client.get(url).status_code == 200


def test_a_cancelled_event_that_was_labelled_stays_visible_with_its_reason(client, event):
    event.status = EventStatus.CANCELLED
    event.cancellation_reason = "Salle inondée"
    event.save()

    content = client.get(event.get_absolute_url()).content.decode()

    assert "Événement annulé : Salle inondée" in text(content)
    assert json_ld(content)["eventStatus"] == "https://schema.org/EventCancelled"


def test_a_cancelled_event_never_labelled_is_not_found(client, current_edition, france):
    event = EventFactory(
        edition=current_edition, commune=france.paris, status="cancelled", labelled_at=None
    )

    assert client.get(event.get_absolute_url()).status_code == 404


def test_the_page_runs_under_the_content_security_policy(client, event):
    content = client.get(event.get_absolute_url()).content.decode()

    for attrs in elements(content, "script"):
        assert attrs.get("src") or attrs.get("type") == "application/ld+json"
    assert "style=" not in content
