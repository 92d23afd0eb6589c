"""Widgets for partner sites: the selection's events, framable there only, bad filters refused."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from tests.core.html import elements, text
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLE = re.compile(r'<a class="widget-list__title" href="([^"]+)">([^<]+)</a>')


def listed(response) -> list[str]:
    return [html.unescape(title) for _href, title in TITLE.findall(response.content.decode())]


def soon(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def events(current_edition, france):
    bordeaux, toulouse = france.bordeaux, france.toulouse
    association = UserFactory(display_name="Réussir Ensemble")
    labelled = {"edition": current_edition, "status": "labelled", "commune": bordeaux}
    return {
        "bordeaux": EventFactory(**labelled, title="Débat à Bordeaux", starts_at=soon(3),
                                 organiser=association),
        "later": EventFactory(**labelled, title="Atelier plus tard", starts_at=soon(9),
                              organisation="Lycée Montaigne"),
        "toulouse": EventFactory(**{**labelled, "commune": toulouse}, title="Forum à Toulouse",
                                 starts_at=soon(5)),
        "school": EventFactory(**labelled, title="En classe", starts_at=soon(4), is_public=False,
                               address="12 rue Secrète"),
        "draft": EventFactory(**{**labelled, "status": "draft"}, title="Brouillon",
                              starts_at=soon(2)),
    }  # fmt: skip


def test_the_list_shows_the_departments_next_events_in_order(client, events):
    response = client.get("/widgets/liste/?departement=33")

    assert response.status_code == 200
    assert listed(response) == ["Débat à Bordeaux", "En classe", "Atelier plus tard"]
    content = response.content.decode()
    assert "12 rue Secrète" not in content and "en établissement scolaire" in content
    # Links open the platform in a new tab, not inside the partner's page.
    assert '<base target="_blank">' in content


def test_the_list_keeps_to_one_organiser_by_the_name_its_pages_show(client, events):
    by_account = client.get("/widgets/liste/?organisateur=réussir ensemble")
    by_organisation = client.get("/widgets/liste/?organisateur=Lycée Montaigne")

    assert listed(by_account) == ["Débat à Bordeaux"]
    assert listed(by_organisation) == ["Atelier plus tard"]


def test_the_number_of_events_is_chosen_and_bounded(client, events):
    response = client.get("/widgets/liste/?nombre=2")

    assert listed(response) == ["Débat à Bordeaux", "En classe"]
    assert "Tous les événements de cette sélection" in text(response.content.decode())
    assert client.get("/widgets/liste/?nombre=500").status_code == 400


def test_after_the_last_event_the_list_shows_the_editions_last_events(client, current_edition):
    EventFactory(edition=current_edition, status="labelled", title="Passé",
                 starts_at=soon(-30))  # fmt: skip

    response = client.get("/widgets/liste/")

    assert listed(response) == ["Passé"]
    assert "Les événements de l'édition 2026" in text(response.content.decode())


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("departement=999", "département « 999 » inconnu"),
        ("region=xx", "région « xx » inconnue"),
        ("commune=00000", "commune « 00000 » inconnue"),
        ("organisateur=Personne%20Inconnue", "organisateur « Personne Inconnue » inconnu"),
        ("departement=%3Cscript%3Ealert(1)%3C/script%3E", "inconnu"),
    ],
)
def test_unknown_filter_values_are_refused_rather_than_showing_everything(
    client, events, query, message
):
    for url in ("/widgets/liste/", "/widgets/carte/"):
        response = client.get(f"{url}?{query}")

        assert response.status_code == 400
        content = response.content.decode()
        assert message in text(content)
        assert "<script>alert" not in content
        assert listed(response) == []


def test_widgets_may_be_framed_by_any_site_and_other_pages_by_none(client, events):
    for url in ("/widgets/liste/?departement=33", "/widgets/carte/?region=75"):
        response = client.get(url)
        assert "frame-ancestors *" in response["Content-Security-Policy"]
        assert "X-Frame-Options" not in response.headers
    # A second request is served from the cache: still frameable.
    again = client.get("/widgets/liste/?departement=33")
    assert "frame-ancestors *" in again["Content-Security-Policy"]
    for url in ("/evenements/", "/widgets/", f"/evenements/{events['bordeaux'].slug}/"):
        response = client.get(url)
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"


def test_the_map_widget_carries_its_selection_to_the_map_data(client, events, france):
    response = client.get("/widgets/carte/?departement=33&organisateur=Lycée Montaigne")

    [element] = [attrs for attrs in elements(response.content.decode(), "div")
                 if attrs.get("id") == "events-map"]  # fmt: skip
    assert element["data-query"] == "departement=33&organisateur=Lyc%C3%A9e+Montaigne"
    assert element["data-center"] == "44.82000,-0.55000"
    data = client.get(f"/evenements/carte.geojson?zoom=15&bbox=-2,43,2,46&{element['data-query']}")
    titles = [feature["properties"]["title"] for feature in data.json()["features"]]
    assert titles == ["Atelier plus tard"]


def test_the_builder_writes_the_snippet_and_previews_it(client, events):
    response = client.get("/widgets/?type_widget=liste&departement=33&nombre=3&region=")

    assert response.status_code == 200
    content = response.content.decode()
    [textarea] = re.findall(r'<textarea id="widget-code"[^>]*>(.*?)</textarea>', content, re.S)
    snippet = html.unescape(textarea)
    assert snippet.startswith('<iframe src="http://127.0.0.1:8000/widgets/liste/?departement=33')
    assert "nombre=3" in snippet and 'title="Prochains événements' in snippet
    [preview] = list(elements(content, "iframe"))
    assert preview["src"] == "/widgets/liste/?departement=33&nombre=3"
    labels = {attrs["for"] for attrs in elements(content, "label")}
    assert {"widget-region", "widget-departement", "widget-commune", "widget-organisateur",
            "widget-nombre"} <= labels  # fmt: skip


def test_the_builder_says_which_filter_it_does_not_know(client, events):
    response = client.get("/widgets/?type_widget=carte&commune=ABCDE&organisateur=x")

    assert response.status_code == 200
    page = text(response.content.decode())
    assert "commune « ABCDE » inconnue" in page and "Votre code" not in page
    assert 'value="ABCDE"' in response.content.decode()


def test_the_widgets_speak_english_to_an_english_visitor(client, events):
    client.cookies["django_language"] = "en"

    response = client.get("/widgets/liste/?departement=33")

    assert "Upcoming events" in text(response.content.decode())
