"""An account downloads everything the platform holds about it, and nothing of anyone else's."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile

from tests.core.html import text
from tests.events.factories import EventFactory
from tests.newsletter.factories import SubscriberFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

URL = "/compte/mes-donnees/"


def download(client) -> zipfile.ZipFile:
    response = client.post(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def rows(archive: zipfile.ZipFile, name: str) -> list[dict]:
    return [item["fields"] | {"pk": item["pk"]} for item in json.loads(archive.read(name))]


@pytest.fixture
def lives(current_edition, organiser, other_organiser):
    """The organiser's event with its image, a registration and a newsletter sign-up with
    their address in another case; the other organiser's event and their attendees."""
    mine = EventFactory(edition=current_edition, organiser=organiser, title="Mon débat")
    mine.image.save("affiche.jpg", ContentFile(b"\xff\xd8\xff image bytes"), save=True)
    theirs = EventFactory(edition=current_edition, organiser=other_organiser, title="Leur forum")
    RegistrationFactory(event=theirs, email=organiser.email.upper(), name="Odile en visite")
    attendee = RegistrationFactory(event=mine, email="parent@example.net", name="Un parent")
    SubscriberFactory(email=organiser.email)
    return mine, theirs, attendee


def test_the_page_explains_and_the_button_downloads_a_zip(client, organiser, lives):
    client.force_login(organiser)
    page = text(client.get(URL).content.decode())
    assert "Télécharger mes données (ZIP)" in page

    archive = download(client)

    names = set(archive.namelist())
    assert {"compte.json", "evenements.json", "inscriptions.json", "LISEZ-MOI.txt"} <= names
    (account,) = rows(archive, "compte.json")
    assert account["email"] == organiser.email
    assert "password" not in account


def test_the_zip_holds_the_accounts_own_data_and_files(client, organiser, lives):
    mine, _theirs, _attendee = lives
    client.force_login(organiser)

    archive = download(client)

    assert [event["title"] for event in rows(archive, "evenements.json")] == ["Mon débat"]
    (registration,) = rows(archive, "inscriptions.json")
    assert registration["name"] == "Odile en visite"
    assert "token" not in registration and "parent_token" not in registration
    (subscriber,) = rows(archive, "lettre-d-information.json")
    assert "unsubscribe_token" not in subscriber
    assert archive.read(f"fichiers/{mine.image.name}") == b"\xff\xd8\xff image bytes"


def test_the_zip_holds_nothing_of_anyone_else(client, organiser, other_organiser, lives):
    client.force_login(organiser)

    archive = download(client)
    everything = b"".join(archive.read(name) for name in archive.namelist())

    assert b"Leur forum" not in everything
    assert b"parent@example.net" not in everything, "attendees are their own data"
    assert other_organiser.email.encode() not in everything

    client.force_login(other_organiser)
    theirs = download(client)
    assert [e["title"] for e in rows(theirs, "evenements.json")] == ["Leur forum"]
    assert rows(theirs, "inscriptions.json") == []


def test_anonymous_visitors_are_sent_to_log_in(client, lives):
    response = client.post(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")
