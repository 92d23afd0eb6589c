"""An initiative's page: what it says, safely; drafts hidden; the events it inspired."""

import json
import re

import pytest

from jres.events.models import EventStatus
from jres.initiatives.models import InitiativeStatus
from tests.core.html import text
from tests.events.factories import EventFactory
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_initiative_but_never_the_contact_address(client, france):
    initiative = InitiativeFactory(
        title="Mentorat étudiant", commune=france.bordeaux, themes=["mentorat"],
        levels=["primary"], links=["https://example.org/mentorat"],
        contact_email="secret@example.org",
    )  # fmt: skip

    response = client.get(f"/initiatives/{initiative.slug}/")

    content = response.content.decode()
    assert response.status_code == 200
    page = text(content)
    assert "Mentorat étudiant" in page and "Bordeaux (33)" in page
    assert "Mentorat" in page and "École primaire" in page
    assert 'href="https://example.org/mentorat"' in content
    assert "secret@example.org" not in content
    assert f"/initiatives/{initiative.slug}/contact/" in content


def test_html_and_script_in_texts_are_sanitised(client, france):
    initiative = InitiativeFactory(
        commune=france.bordeaux,
        description='<script>alert("x")</script> [clic](javascript:alert(1)) **gras**',
        results='<img src=x onerror="alert(1)">',
        title="<b>Titre</b>",
    )

    content = client.get(f"/initiatives/{initiative.slug}/").content.decode()

    assert "<script>alert" not in content
    assert 'href="javascript:' not in content
    assert "<img src=x" not in content and "<b>Titre</b>" not in content
    assert "<strong>gras</strong>" in content


def test_json_ld_describes_the_initiative(client, france):
    initiative = InitiativeFactory(title="Débats", commune=france.toulouse)

    content = client.get(f"/initiatives/{initiative.slug}/").content.decode()

    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', content, re.S)[1])
    assert data["@type"] == "CreativeWork" and data["name"] == "Débats"
    assert data["spatialCoverage"]["name"] == "Toulouse"


def test_a_draft_is_hidden_from_visitors_but_not_from_its_proposer(
    client, organiser, other_organiser, moderator, france
):
    initiative = InitiativeFactory(proposer=organiser, commune=france.bordeaux,
                                   status=InitiativeStatus.SUBMITTED)  # fmt: skip
    url = f"/initiatives/{initiative.slug}/"

    assert client.get(url).status_code == 404
    client.force_login(other_organiser)
    assert client.get(url).status_code == 404
    client.force_login(organiser)
    assert client.get(url).status_code == 200
    client.force_login(moderator)
    assert client.get(url).status_code == 200
    assert client.get(url + "contact/").status_code == 404


def test_the_page_lists_the_published_events_it_inspired(
    client, current_edition, france, django_assert_max_num_queries
):
    initiative = InitiativeFactory(commune=france.bordeaux)
    EventFactory(edition=current_edition, initiative=initiative, title="Sur le modèle, à Pau")
    EventFactory(edition=current_edition, initiative=initiative, title="Pas encore labellisé",
                 status=EventStatus.SUBMITTED, labelled_at=None)  # fmt: skip
    EventFactory(edition=current_edition, title="Sans rapport")

    with django_assert_max_num_queries(10):
        response = client.get(f"/initiatives/{initiative.slug}/")
    page = text(response.content.decode())

    assert "Sur le modèle, à Pau" in page
    assert "Pas encore labellisé" not in page and "Sans rapport" not in page


def test_the_event_page_names_its_initiative(client, current_edition, france):
    initiative = InitiativeFactory(commune=france.bordeaux, title="Mentorat étudiant")
    event = EventFactory(edition=current_edition, initiative=initiative)

    content = client.get(event.get_absolute_url()).content.decode()

    assert "Sur le modèle de l'initiative" in text(content)
    assert f'href="/initiatives/{initiative.slug}/"' in content


def test_renaming_the_initiative_refreshes_the_cached_event_page(client, current_edition, france):
    initiative = InitiativeFactory(commune=france.bordeaux, title="Ancien nom")
    event = EventFactory(edition=current_edition, initiative=initiative)
    assert "Ancien nom" in client.get(event.get_absolute_url()).content.decode()

    initiative.title = "Nouveau nom"
    initiative.save()

    assert "Nouveau nom" in client.get(event.get_absolute_url()).content.decode()


def test_featured_initiatives_are_on_the_home_page(client, current_edition, france):
    InitiativeFactory(commune=france.bordeaux, title="À la une", featured=True)
    InitiativeFactory(commune=france.bordeaux, title="Pas à la une")

    page = text(client.get("/").content.decode())

    assert "À la une" in page and "Pas à la une" not in page
