"""The coordinator's edition pages: the list, preparing the next edition, editing its
dates, the steps of its life, and who may open them."""

import datetime

import pytest
from django.urls import reverse

from jres.editions.models import CharterItem, Edition, EditionLog
from tests.core.html import elements, text
from tests.events.factories import EventFactory
from tests.factories import EditionFactory, KeyFigureFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def edition_2026(current_edition):
    current_edition.submissions_open_on = D(2026, 3, 1)
    current_edition.submissions_close_on = D(2026, 9, 20)
    current_edition.save()
    KeyFigureFactory(edition=current_edition, value="150 000")
    CharterItem.objects.create(edition=current_edition, text_fr="Entrée libre", order=0)
    return current_edition


def _next_form(**overrides):
    data = {
        "year": "2027", "number": "20", "day": "2027-09-26", "theme_fr": "Le thème 2027",
        "theme_en": "", "framing_fr": "", "framing_en": "", "window_start": "",
        "window_end": "", "submissions_open_on": "2027-02-28",
        "submissions_close_on": "2027-09-19",
    }  # fmt: skip
    data.update(overrides)
    return data


# Access ---------------------------------------------------------------------------------

STAFF_URLS = [
    ("get", "/gestion/editions/"),
    ("get", "/gestion/editions/preparer/"),
    ("post", "/gestion/editions/preparer/"),
    ("get", "/gestion/editions/2026/"),
    ("get", "/gestion/editions/2026/modifier/"),
    ("post", "/gestion/editions/2026/modifier/"),
    ("get", "/gestion/editions/2026/presenter/"),
    ("post", "/gestion/editions/2026/ouvrir/"),
    ("post", "/gestion/editions/2026/clore/"),
    ("post", "/gestion/editions/2026/archiver/"),
    ("get", "/gestion/editions/2026/rapport.pdf"),
    ("get", "/gestion/editions/2026/rapport/publier/"),
    ("post", "/gestion/editions/2026/rapport/publier/"),
]


@pytest.mark.parametrize(("method", "url"), STAFF_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, edition_2026, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")
    assert Edition.objects.get(year=2026).status == "open"


@pytest.mark.parametrize("user", ["organiser", "moderator"])
@pytest.mark.parametrize(("method", "url"), STAFF_URLS)
def test_organisers_and_moderators_are_refused(client, edition_2026, request, user, method, url):
    client.force_login(request.getfixturevalue(user))

    response = getattr(client, method)(url, _next_form() if method == "post" else None)

    assert response.status_code == 403
    assert Edition.objects.count() == 1
    assert Edition.objects.get(year=2026).status == "open"
    assert not EditionLog.objects.exists()


# The list -------------------------------------------------------------------------------


def test_the_list_shows_every_edition_with_its_events(client, coordinator, edition_2026):
    EditionFactory(year=2027, number=20, status="draft")
    EventFactory.create_batch(2, edition=edition_2026)
    EventFactory(edition=edition_2026, status="submitted", labelled_at=None)
    client.force_login(coordinator)

    html = client.get("/gestion/editions/").content.decode()

    rows = [text(row) for row in html.split("<tr>")[2:]]
    assert rows[0].startswith("2027 20 27 septembre 2027 En préparation sans dates fixées 0 0")
    assert rows[1].startswith(
        "2026 en cours 19 27 septembre 2026 Ouverte du 1 mars 2026 au 20 septembre 2026 2 1"
    )


def test_the_lists_queries_do_not_grow_with_the_editions(
    client, coordinator, edition_2026, django_assert_max_num_queries
):
    client.force_login(coordinator)
    client.get("/gestion/editions/")
    EditionFactory.create_batch(5)
    for edition in Edition.objects.all():
        EventFactory(edition=edition)

    with django_assert_max_num_queries(8):
        response = client.get("/gestion/editions/")

    assert text(response.content.decode()).count("Archivée") == 5


# Preparing the next edition -------------------------------------------------------------


def test_the_next_edition_form_is_prefilled_from_the_current_one(client, coordinator, edition_2026):
    client.force_login(coordinator)

    html = client.get("/gestion/editions/preparer/").content.decode()

    values = {field["name"]: field.get("value") for field in elements(html, "input")}
    assert values["year"] == "2027"
    assert values["number"] == "20"
    assert values["day"] == "2027-09-26"
    assert values["submissions_open_on"] == "2027-02-28"
    assert values["submissions_close_on"] == "2027-09-19"
    assert values["theme_fr"] == "Donner la parole aux jeunes"


def test_preparing_creates_a_draft_with_the_charter(client, coordinator, edition_2026):
    client.force_login(coordinator)

    response = client.post("/gestion/editions/preparer/", _next_form(), follow=True)

    edition = Edition.objects.get(year=2027)
    assert response.redirect_chain[-1][0] == "/gestion/editions/2027/"
    assert (edition.status, edition.is_current, edition.theme_fr) == (
        "draft", False, "Le thème 2027",
    )  # fmt: skip
    assert list(edition.charter_items.values_list("text_fr", flat=True)) == ["Entrée libre"]
    assert edition.key_figures.count() == 1
    assert "L'édition 2027 est prête" in text(response.content.decode())
    assert Edition.objects.current() == edition_2026


def test_an_overlapping_window_is_refused_with_the_other_editions_dates(
    client, coordinator, edition_2026
):
    client.force_login(coordinator)

    response = client.post(
        "/gestion/editions/preparer/",
        _next_form(day="2027-01-05", window_start="2026-10-15", submissions_open_on="",
                   submissions_close_on=""),
    )  # fmt: skip

    page = text(response.content.decode())
    assert response.status_code == 200
    assert "chevauche celle de l'édition 2026 (du 28 août 2026 au 27 octobre 2026)" in page
    assert not Edition.objects.filter(year=2027).exists()
    html = response.content.decode()
    values = {field["name"]: field.get("value") for field in elements(html, "input")}
    assert values["window_start"] == "2026-10-15"


def test_a_duplicate_year_is_refused_with_a_message(client, coordinator, edition_2026):
    client.force_login(coordinator)

    response = client.post("/gestion/editions/preparer/", _next_form(year="2026", number="19"))

    page = text(response.content.decode())
    assert "Une édition existe déjà pour cette année." in page
    assert "Une autre édition porte déjà ce numéro." in page
    assert Edition.objects.count() == 1


def test_bad_dates_are_kept_in_the_form(client, coordinator, edition_2026):
    client.force_login(coordinator)

    response = client.post(
        "/gestion/editions/preparer/",
        _next_form(day="2027-02-31", submissions_close_on="pas une date", theme_fr="<b>x</b>"),
    )

    html = response.content.decode()
    values = {field["name"]: field.get("value") for field in elements(html, "input")}
    assert values["day"] == "2027-02-31"
    assert values["submissions_close_on"] == "pas une date"
    assert values["theme_fr"] == "<b>x</b>"
    assert "<b>x</b>" not in html
    assert "Saisissez une date valide." in text(html)
    assert Edition.objects.count() == 1


def test_a_day_outside_its_year_is_refused(client, coordinator, edition_2026):
    client.force_login(coordinator)

    response = client.post("/gestion/editions/preparer/", _next_form(day="2028-01-10"))

    assert "La date de la journée doit tomber en 2027." in text(response.content.decode())
    assert Edition.objects.count() == 1


def test_editing_the_dates_is_logged(client, coordinator, edition_2026):
    client.force_login(coordinator)
    data = _next_form(
        year="2026", number="19", day="2026-09-27", submissions_open_on="2026-03-01",
        submissions_close_on="2026-09-22",
    )  # fmt: skip

    response = client.post("/gestion/editions/2026/modifier/", data, follow=True)

    edition_2026.refresh_from_db()
    assert edition_2026.submissions_close_on == D(2026, 9, 22)
    assert "Modifications enregistrées." in text(response.content.decode())
    log = EditionLog.objects.get()
    assert log.action == "edited"
    assert "submissions_close_on" in log.message


# Steps ----------------------------------------------------------------------------------


def test_each_step_asks_for_confirmation_first(client, coordinator, edition_2026):
    client.force_login(coordinator)

    page = text(client.get("/gestion/editions/2026/clore/").content.decode())

    assert "Clore les soumissions maintenant (2026)" in page
    assert "Confirmer" in page
    assert Edition.objects.get(year=2026).status == "open"


def test_the_detail_offers_the_possible_steps(client, coordinator, edition_2026):
    EditionFactory(year=2027, number=20, status="draft")
    client.force_login(coordinator)

    html = client.get("/gestion/editions/2027/").content.decode()

    links = {link["href"] for link in elements(html, "a")}
    assert {"/gestion/editions/2027/presenter/", "/gestion/editions/2027/ouvrir/"} <= links
    assert "/gestion/editions/2027/archiver/" not in links
    assert "/gestion/editions/2027/clore/" not in links


def test_the_2027_edition_goes_live_and_2026_is_archived(client, coordinator, edition_2026):
    event = EventFactory(edition=edition_2026, title="Ciné-débat de 2026")
    client.force_login(coordinator)
    client.post("/gestion/editions/preparer/", _next_form())

    steps = [
        (
            "/gestion/editions/2027/presenter/",
            "L'édition 2027 est présentée sur la page d'accueil.",
        ),
        ("/gestion/editions/2027/ouvrir/", "Les soumissions de l'édition 2027 sont ouvertes."),
        ("/gestion/editions/2026/clore/", "Les soumissions de l'édition 2026 sont closes."),
        ("/gestion/editions/2026/archiver/", "L'édition 2026 est archivée."),
    ]
    for url, message in steps:
        assert message in text(client.post(url, follow=True).content.decode())

    statuses = dict(Edition.objects.values_list("year", "status"))
    assert statuses == {2026: "archived", 2027: "open"}
    assert Edition.objects.current().year == 2027
    assert [entry.action for entry in EditionLog.objects.filter(edition__year=2026)] == [
        "archived", "closed",
    ]  # fmt: skip
    client.logout()
    # The archived edition stays browsable: its page, its events, its figures.
    detail = text(client.get("/editions/2026/").content.decode())
    assert "Archivée" in detail
    assert "150 000" in detail
    listed = text(client.get("/evenements/?edition=2026").content.decode())
    assert event.title in listed
    assert client.get(event.get_absolute_url()).status_code == 200


def test_a_refused_step_says_why(client, coordinator, edition_2026):
    client.force_login(coordinator)

    response = client.post("/gestion/editions/2026/archiver/", follow=True)

    assert "Présentez d'abord une autre édition" in text(response.content.decode())
    assert Edition.objects.get(year=2026).status == "open"


def test_an_unknown_edition_is_a_404(client, coordinator, edition_2026):
    client.force_login(coordinator)

    assert client.get("/gestion/editions/1999/").status_code == 404
    assert client.post("/gestion/editions/1999/ouvrir/").status_code == 404


def test_the_staff_urls_have_names():
    assert reverse("editions:staff_list") == "/gestion/editions/"
    assert reverse("editions:report", args=[2026]) == "/gestion/editions/2026/rapport.pdf"


def test_huge_or_negative_numbers_are_refused_with_messages(client, coordinator, edition_2026):
    client.force_login(coordinator)

    response = client.post(
        "/gestion/editions/preparer/", _next_form(year="99999999999", number="-3")
    )

    page = text(response.content.decode())
    assert response.status_code == 200
    assert "Le formulaire contient des erreurs" in page
    assert Edition.objects.count() == 1
