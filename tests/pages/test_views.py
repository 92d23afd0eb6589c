"""Editable pages in French and English, and the contact page."""

import pytest

from tests.core.html import elements, text
from tests.factories import PageFactory, TeamContactFactory

pytestmark = pytest.mark.django_db


def _article(html: str) -> str:
    start = html.index("<article")
    return html[start : html.index("</article>", start)]


def test_page_shows_its_french_text(client):
    PageFactory(
        slug="notre-histoire",
        title_fr="Notre histoire",
        title_en="Our story",
        body_fr="## Un enjeu national\n\nChaque année, **100 000** jeunes.",
        body_en="## A national issue\n\nEvery year, **100,000** young people.",
    )

    response = client.get("/notre-histoire/")

    assert response.status_code == 200
    html = response.content.decode()
    article = _article(html)
    assert "<h1>Notre histoire</h1>" in article
    assert "<h2>Un enjeu national</h2>" in article
    assert "<strong>100 000</strong>" in article
    assert "A national issue" not in html
    assert "<title>Notre histoire · JRES</title>" in html


def test_page_shows_its_english_text_with_the_cookie(client):
    PageFactory(
        slug="notre-histoire",
        title_fr="Notre histoire",
        title_en="Our story",
        body_fr="## Un enjeu national",
        body_en="## A national issue\n\nEvery year, **100,000** young people.",
    )
    client.cookies["django_language"] = "en"

    html = client.get("/notre-histoire/").content.decode()

    article = _article(html)
    assert '<html lang="en">' in html
    assert "<h1>Our story</h1>" in article
    assert "<h2>A national issue</h2>" in article
    assert "<strong>100,000</strong>" in article
    assert "Un enjeu national" not in article
    assert "Notre histoire" not in article


def test_english_reader_gets_the_french_text_when_the_english_is_empty(client):
    PageFactory(
        slug="credits",
        title_fr="Crédits",
        title_en="",
        body_fr="## Éditeur\n\nL'association.",
        body_en="",
    )
    client.cookies["django_language"] = "en"

    response = client.get("/credits/")

    assert response.status_code == 200
    article = _article(response.content.decode())
    assert "<h1>Crédits</h1>" in article
    assert "<h2>Éditeur</h2>" in article
    assert "L'association." in text(article)


@pytest.mark.parametrize(
    ("slug", "title_fr", "title_en"),
    [
        ("pourquoi-cette-journee", "Pourquoi cette journée", "Why this day"),
        ("organiser-un-evenement", "Organiser un événement", "Organising an event"),
        ("mentions-legales", "Mentions légales", "Legal notice"),
        ("confidentialite", "Politique de confidentialité", "Privacy policy"),
    ],
)
def test_every_installation_has_the_default_pages_in_both_languages(
    client, slug, title_fr, title_en
):
    french = client.get(f"/{slug}/")
    client.cookies["django_language"] = "en"
    english = client.get(f"/{slug}/")

    assert french.status_code == english.status_code == 200
    assert f"<h1>{title_fr}</h1>" in _article(french.content.decode())
    assert f"<h1>{title_en}</h1>" in _article(english.content.decode())
    assert "<h2>" in _article(english.content.decode())


def test_unknown_slug_gives_the_404_page(client):
    PageFactory(slug="credits")

    response = client.get("/page-qui-n-existe-pas/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in text(html)
    assert 'aria-label="Navigation principale"' in html


def test_contact_page_lists_the_team_with_mailto_and_tel_links(client):
    TeamContactFactory(
        name="Claire Martin",
        role_fr="Chargée de mission",
        email="claire@example.org",
        phone="01 23 45 67 89",
        order=1,
    )
    TeamContactFactory(
        name="Bruno Petit",
        role_fr="Directeur",
        email="bruno@example.org",
        phone="+33 6 12 34 56 78",
        order=0,
    )
    TeamContactFactory(name="Sans Téléphone", role_fr="Bénévole", email="", phone="", order=2)

    response = client.get("/contact/")

    assert response.status_code == 200
    html = response.content.decode()
    page = text(html)
    assert page.index("Bruno Petit") < page.index("Claire Martin") < page.index("Sans Téléphone")
    assert "Chargée de mission" in page
    hrefs = [attrs["href"] for attrs in elements(html, "a") if attrs.get("href")]
    assert "mailto:claire@example.org" in hrefs
    assert "mailto:bruno@example.org" in hrefs
    assert "tel:+33123456789" in hrefs
    assert "tel:+33612345678" in hrefs
    assert len([href for href in hrefs if href.startswith(("mailto:", "tel:"))]) == 4


def test_contact_roles_are_in_english_with_the_cookie(client):
    TeamContactFactory(role_fr="Chargée de mission", role_en="Project officer")
    TeamContactFactory(name="Autre", role_fr="Trésorière", role_en="")
    client.cookies["django_language"] = "en"

    page = text(client.get("/contact/").content.decode())

    assert "Project officer" in page
    assert "Chargée de mission" not in page
    assert "Trésorière" in page


def test_contact_page_without_contacts_says_so(client):
    page = text(client.get("/contact/").content.decode())

    assert "Les contacts de l'équipe seront bientôt publiés." in page


def test_contact_is_not_shadowed_by_a_page_with_the_same_slug(client):
    PageFactory(slug="contact", title_fr="Page contact concurrente")
    TeamContactFactory(name="Claire Martin")

    page = text(client.get("/contact/").content.decode())

    assert "Claire Martin" in page
    assert "Page contact concurrente" not in page
