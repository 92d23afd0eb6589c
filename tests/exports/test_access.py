"""Who may list and export which data: anonymous visitors log in, organisers get a 403,
moderators see what holds no personal data, coordinators see everything and the log."""

import pytest

from jres.exports.datasets import DATASETS
from jres.exports.models import ExportLog

pytestmark = pytest.mark.django_db

PERSONAL = {"inscriptions", "benevoles"}
KINDS = sorted(DATASETS)
FORMATS = ["csv", "xlsx"]


def urls(kind):
    return [f"/gestion/donnees/{kind}/", *(f"/gestion/donnees/{kind}.{f}" for f in FORMATS)]


def test_the_datasets_are_the_six_reserved_kinds():
    assert set(KINDS) == {
        "evenements",
        "inscriptions",
        "collectivites",
        "initiatives",
        "benevoles",
        "bilans",
    }
    assert {kind for kind, dataset in DATASETS.items() if dataset.personal} == PERSONAL


def test_the_url_names_agreed_with_the_other_pages_resolve():
    from django.urls import reverse

    assert reverse("exports:index") == "/gestion/donnees/"
    assert reverse("exports:list", args=["evenements"]) == "/gestion/donnees/evenements/"
    assert reverse("exports:download", args=["inscriptions", "csv"]) == (
        "/gestion/donnees/inscriptions.csv"
    )
    assert reverse("exports:audit") == "/gestion/donnees/journal/"


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_visitors_are_sent_to_log_in(client, current_edition, kind):
    for url in urls(kind):
        response = client.get(url)
        assert response.status_code == 302 and "/compte/login/" in response["Location"], url
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_organisers_are_refused(client, current_edition, organiser, other_organiser, kind):
    for user in (organiser, other_organiser):
        client.force_login(user)
        for url in urls(kind):
            response = client.get(url)
            assert response.status_code == 403, url
            assert b"Inscrit le" not in response.content
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_moderators_see_only_what_holds_no_personal_data(client, current_edition, moderator, kind):
    client.force_login(moderator)
    for url in urls(kind):
        response = client.get(url)
        assert response.status_code == (403 if kind in PERSONAL else 200), url
    logged = ExportLog.objects.filter(user=moderator)
    assert logged.count() == (0 if kind in PERSONAL else 2)


@pytest.mark.parametrize("kind", KINDS)
def test_coordinators_see_and_export_everything_and_it_is_logged(
    client, current_edition, coordinator, kind
):
    client.force_login(coordinator)
    for url in urls(kind):
        assert client.get(url).status_code == 200, url
    logged = ExportLog.objects.filter(user=coordinator, dataset=kind)
    assert sorted(logged.values_list("format", flat=True)) == ["csv", "xlsx"]
    assert {entry.personal for entry in logged} == {kind in PERSONAL}


def test_the_index_lists_what_each_role_may_see(client, moderator, coordinator):
    client.force_login(moderator)
    page = client.get("/gestion/donnees/").content.decode()
    assert "/gestion/donnees/evenements/" in page and "/gestion/donnees/bilans/" in page
    assert "/gestion/donnees/inscriptions/" not in page and "/gestion/donnees/journal/" not in page

    client.force_login(coordinator)
    page = client.get("/gestion/donnees/").content.decode()
    assert all(f"/gestion/donnees/{kind}/" in page for kind in KINDS)
    assert "/gestion/donnees/journal/" in page


def test_the_index_is_refused_to_organisers_and_anonymous(client, organiser):
    assert client.get("/gestion/donnees/").status_code == 302
    client.force_login(organiser)
    assert client.get("/gestion/donnees/").status_code == 403


def test_the_audit_page_is_for_coordinators_only(
    client, organiser, other_organiser, moderator, coordinator
):
    assert client.get("/gestion/donnees/journal/").status_code == 302
    for user in (organiser, other_organiser, moderator):
        client.force_login(user)
        assert client.get("/gestion/donnees/journal/").status_code == 403
    client.force_login(coordinator)
    assert client.get("/gestion/donnees/journal/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/gestion/donnees/personnes/",
        "/gestion/donnees/personnes.csv",
        "/gestion/donnees/evenements.pdf",
        "/gestion/donnees/../admin/.csv",
    ],
)
def test_an_unknown_dataset_or_format_is_a_404(client, coordinator, url):
    client.force_login(coordinator)
    assert client.get(url).status_code == 404
    assert not ExportLog.objects.exists()


def test_downloads_answer_only_get(client, current_edition, coordinator):
    client.force_login(coordinator)
    assert client.post("/gestion/donnees/evenements.csv").status_code == 405
    assert not ExportLog.objects.exists()
