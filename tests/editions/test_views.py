"""The home page, the archive of editions and one edition; the Edition invariants."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from jres.editions.models import Edition
from tests.core.html import elements, local_links, text
from tests.factories import EditionFactory, KeyFigureFactory

pytestmark = pytest.mark.django_db


def _page(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html, text(html)


def _on(day: datetime.date):
    """Make "today" the given day for the countdown."""
    return mock.patch("django.utils.timezone.localdate", return_value=day)


# Home page --------------------------------------------------------------------------------


def test_home_presents_the_current_edition(client, current_edition):
    KeyFigureFactory(edition=current_edition, value="150 000", order=0)
    KeyFigureFactory(
        edition=current_edition, value="≈ 20 %", label_fr="d'une classe d'âge", order=1
    )
    EditionFactory(year=2025, number=18, theme_fr="Un autre thème")

    with _on(datetime.date(2026, 9, 1)):
        html, page = _page(client)

    assert "19e édition" in page
    assert "dimanche 27 septembre 2026" in page
    assert '<time datetime="2026-09-27">' in html
    assert "Thème : Donner la parole aux jeunes" in page
    assert "Un autre thème" not in page
    assert "150 000 jeunes sortent chaque année sans diplôme" in page
    assert "≈ 20 % d'une classe d'âge" in page
    assert page.index("150 000") < page.index("≈ 20 %")
    assert "Trois façons d'agir" in page
    ways = [text(block) for block in html.split('<li class="way">')[1:]]
    assert [way.split(" ")[0] for way in ways] == ["Communiquer", "Organiser", "Participer"]
    assert "#RefusÉchecScolaire" in ways[0]


def test_home_in_english_with_the_cookie(client, current_edition):
    KeyFigureFactory(edition=current_edition)
    client.cookies["django_language"] = "en"

    with _on(datetime.date(2026, 9, 1)):
        html, page = _page(client)

    assert '<html lang="en">' in html
    assert "Giving young people a voice" in page
    assert "young people leave school every year without a diploma" in page
    assert "Donner la parole aux jeunes" not in page


def test_home_links_lead_somewhere_on_a_fresh_installation(client, current_edition):
    # No demo loaded: what a real installation has after `migrate` and create_coordinator.
    KeyFigureFactory(edition=current_edition)
    html, _page_text = _page(client)

    links = local_links(html)
    assert {"/editions/", "/contact/", "/pourquoi-cette-journee/"} <= links

    broken = {url for url in links if client.get(url).status_code == 404}
    assert broken == set()


def test_home_links_lead_somewhere_for_a_signed_in_organiser(client, current_edition, organiser):
    client.force_login(organiser)
    html, _page_text = _page(client)

    links = local_links(html)
    assert "/compte/profil/" in links

    broken = {url for url in links if client.get(url).status_code == 404}
    assert broken == set()


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 9, 20), "7 jours avant la journée"),
        (datetime.date(2026, 9, 26), "1 jour avant la journée"),
        (datetime.date(2025, 9, 27), "365 jours avant la journée"),
    ],
)
def test_countdown_counts_the_days_before_the_day(client, current_edition, today, expected):
    with _on(today):
        _html, page = _page(client)

    assert expected in page
    assert "C'est aujourd'hui" not in page
    assert "a eu lieu" not in page


def test_countdown_says_it_is_today_on_the_day(client, current_edition):
    with _on(datetime.date(2026, 9, 27)):
        _html, page = _page(client)

    assert "C'est aujourd'hui !" in page
    assert "avant la journée" not in page
    assert "a eu lieu" not in page


def test_countdown_says_the_day_took_place_after_it(client, current_edition):
    with _on(datetime.date(2026, 9, 28)):
        _html, page = _page(client)

    assert "La journée a eu lieu le 27 septembre 2026." in page
    assert "avant la journée" not in page
    assert "C'est aujourd'hui" not in page


def test_countdown_relative_to_the_real_today(client):
    today = datetime.date.today()
    edition = EditionFactory(
        year=today.year, number=today.year - 2007, day=today + datetime.timedelta(days=3)
    )
    edition.make_current()

    _html, page = _page(client)

    assert "3 jours avant la journée" in page


def test_days_until_is_signed():
    edition = Edition(day=datetime.date(2026, 9, 27))

    assert edition.days_until(datetime.date(2026, 9, 17)) == 10
    assert edition.days_until(datetime.date(2026, 9, 27)) == 0
    assert edition.days_until(datetime.date(2026, 10, 1)) == -4


def test_home_without_a_current_edition_says_the_next_one_is_in_preparation(client):
    EditionFactory(year=2025, number=18, theme_fr="Thème passé")

    html, page = _page(client)

    assert "La prochaine édition est en préparation." in page
    assert "Thème passé" not in page
    assert "Trois façons d'agir" not in page
    assert "/editions/" in local_links(html)


# Archive ----------------------------------------------------------------------------------


def test_archive_lists_published_editions_newest_first_and_hides_drafts(client, current_edition):
    EditionFactory(year=2008, number=1, theme_fr="La première")
    EditionFactory(year=2013, number=6, theme_fr="Les lycées professionnels", status="closed")
    EditionFactory(year=2027, number=20, theme_fr="Thème secret", status="draft")

    html, page = _page(client, "/editions/")

    years = [
        attrs["href"]
        for attrs in elements(html, "a")
        if attrs.get("href", "").startswith("/editions/") and attrs["href"] != "/editions/"
    ]
    assert years == ["/editions/2026/", "/editions/2013/", "/editions/2008/"]
    assert "Les lycées professionnels" in page
    assert "Thème secret" not in page
    assert "2027" not in page
    assert page.count("édition en cours") == 1


def test_archive_without_editions_says_so(client):
    EditionFactory(year=2027, number=20, status="draft")

    _html, page = _page(client, "/editions/")

    assert "Aucune édition n'est encore publiée." in page


def test_edition_page_shows_one_edition(client):
    edition = EditionFactory(
        year=2013, number=6, day=datetime.date(2013, 9, 25), theme_fr="Les lycées professionnels"
    )
    KeyFigureFactory(edition=edition, value="6e", label_fr="édition de la journée")
    EditionFactory(year=2012, number=5, theme_fr="Autre année")

    _html, page = _page(client, "/editions/2013/")

    assert "2013 · 6e édition" in page
    assert "mercredi 25 septembre 2013" in page
    assert "Les lycées professionnels" in page
    assert "6e édition de la journée" in page
    assert "Archivée" in page
    assert "Autre année" not in page


@pytest.mark.parametrize("year", [1999, 2014, 2099])
def test_unknown_year_gives_the_404_page(client, year):
    EditionFactory(year=2013, number=6)

    response = client.get(f"/editions/{year}/")

    assert response.status_code == 404
    assert "Page introuvable" in text(response.content.decode())


def test_draft_edition_gives_the_404_page(client):
    EditionFactory(year=2027, number=20, status="draft", theme_fr="Thème secret")

    response = client.get("/editions/2027/")

    assert response.status_code == 404
    page = text(response.content.decode())
    assert "Page introuvable" in page
    assert "Thème secret" not in page


# Query counts -----------------------------------------------------------------------------


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_home_query_count_does_not_grow_with_key_figures(
    client, current_edition, django_assert_max_num_queries
):
    KeyFigureFactory.create_batch(2, edition=current_edition)
    EditionFactory.create_batch(2)
    few = _count_queries(client, "/")

    KeyFigureFactory.create_batch(18, edition=current_edition)
    EditionFactory.create_batch(18)

    with django_assert_max_num_queries(few):
        html = client.get("/").content.decode()
    assert html.count('class="figure"') == 20


@pytest.mark.parametrize("url", ["/editions/", "/editions/2026/"])
def test_archive_query_count_does_not_grow_with_editions(
    client, current_edition, django_assert_max_num_queries, url
):
    EditionFactory.create_batch(2)
    KeyFigureFactory.create_batch(2, edition=current_edition)
    few = _count_queries(client, url)

    for edition in EditionFactory.create_batch(18):
        KeyFigureFactory(edition=edition)
    KeyFigureFactory.create_batch(18, edition=current_edition)

    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.status_code == 200
    if url == "/editions/":
        assert response.content.decode().count('class="edition-card"') == 21


# Invariants -------------------------------------------------------------------------------


def test_make_current_switches_the_current_edition(current_edition):
    next_edition = EditionFactory(year=2027, number=20, status="draft")

    next_edition.make_current()

    current_edition.refresh_from_db()
    assert not current_edition.is_current
    assert Edition.objects.current() == next_edition
    assert list(Edition.objects.filter(is_current=True)) == [next_edition]


def test_a_second_current_edition_is_refused_by_the_database(current_edition):
    other = EditionFactory(year=2027, number=20)
    other.is_current = True

    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()

    assert list(Edition.objects.filter(is_current=True)) == [current_edition]


def test_clean_refuses_a_day_outside_the_year():
    edition = Edition(year=2026, number=19, day=datetime.date(2025, 9, 27), status="open")

    with pytest.raises(ValidationError) as error:
        edition.full_clean()

    assert "day" in error.value.message_dict
    assert "2026" in error.value.message_dict["day"][0]


def test_clean_accepts_a_day_in_the_year():
    edition = Edition(year=2026, number=19, day=datetime.date(2026, 9, 27), status="open")

    edition.full_clean()
