"""Files are streamed without holding the selection, a selection too large for XLSX gets a
message rather than a cut file, and the list pages' query counts do not grow with the data."""

import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jres.events.models import Audience
from jres.exports import views, writers
from jres.exports.models import ExportLog
from jres.initiatives.models import Theme
from jres.reports.models import EventReport
from jres.volunteers.models import Volunteer
from tests.events.factories import EventFactory
from tests.exports.conftest import column, read_csv, read_xlsx
from tests.initiatives.factories import InitiativeFactory
from tests.partners.factories import PartnerFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_the_csv_is_streamed_in_pieces_with_a_byte_order_mark(
    client, moderator, current_edition, france, monkeypatch
):
    monkeypatch.setattr(writers, "CSV_BATCH", 2)
    EventFactory.create_batch(5, edition=current_edition, commune=france.bordeaux)
    client.force_login(moderator)

    response = client.get("/gestion/donnees/evenements.csv")

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="evenements-')
    pieces = list(response.streaming_content)
    assert pieces[0].startswith("\ufeff".encode()) and len(pieces) >= 4
    assert len(read_csv(client.get("/gestion/donnees/evenements.csv"))) == 6


def test_rows_read_in_chunks_keep_their_related_data(
    client, moderator, current_edition, france, monkeypatch
):
    """The selection is read a few rows at a time, each chunk with its own prefetch."""
    monkeypatch.setattr(views, "CHUNK_SIZE", 2)
    titles = []
    for number in range(5):
        event = EventFactory(
            edition=current_edition,
            commune=france.bordeaux,
            title=f"Débat {number}",
            audiences=["parents", "eleves"][: number % 2 + 1],
        )
        titles.append(event.title)
    client.force_login(moderator)

    rows = read_csv(client.get("/gestion/donnees/evenements.csv"))

    assert column(rows, "Titre") == titles
    assert column(rows, "Publics") == ["Parents", "Parents, Élèves"] * 2 + ["Parents"]


def test_the_xlsx_comes_from_a_temporary_file(client, moderator, current_edition, france):
    EventFactory(edition=current_edition, commune=france.bordeaux, title="Débat à Bordeaux")
    client.force_login(moderator)

    response = client.get("/gestion/donnees/evenements.xlsx")

    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "evenements-" in response["Content-Disposition"]
    assert column(read_xlsx(response), "Titre") == ["Débat à Bordeaux"]


def test_a_selection_over_the_xlsx_limit_gets_a_message_not_a_file(
    client, moderator, current_edition, france, monkeypatch
):
    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 2)
    EventFactory.create_batch(3, edition=current_edition, commune=france.bordeaux)
    client.force_login(moderator)

    response = client.get("/gestion/donnees/evenements.xlsx?region=75")

    assert response.status_code == 302
    assert response["Location"] == "/gestion/donnees/evenements/?edition=2026&region=75"
    page = client.get(response["Location"]).content.decode()
    assert "Cette sélection compte 3 lignes" in page and "Téléchargez-la en CSV" in page
    assert "Trop de lignes pour un fichier XLSX" in page
    assert "evenements.xlsx" not in page
    assert not ExportLog.objects.exists()
    # The CSV holds all of it.
    assert len(read_csv(client.get("/gestion/donnees/evenements.csv?region=75"))) == 4


def test_a_selection_at_the_limit_is_still_a_file(
    client, moderator, current_edition, france, monkeypatch
):
    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 3)
    EventFactory.create_batch(3, edition=current_edition, commune=france.bordeaux)
    client.force_login(moderator)

    assert len(read_xlsx(client.get("/gestion/donnees/evenements.xlsx"))) == 4


def test_the_file_is_written_in_the_language_of_the_person_exporting(
    client, moderator, current_edition, france
):
    EventFactory(edition=current_edition, commune=france.bordeaux)
    client.cookies["django_language"] = "en"
    client.force_login(moderator)

    csv_rows = read_csv(client.get("/gestion/donnees/evenements.csv"))
    xlsx_rows = read_xlsx(client.get("/gestion/donnees/evenements.xlsx"))

    assert csv_rows[1][3] == xlsx_rows[1][3] == "Labelled"


# --- query counts -----------------------------------------------------------------------


def _make(kind, edition, france, number):
    parents = Audience.objects.get(slug="parents")
    for index in range(number):
        event = EventFactory(edition=edition, commune=france.bordeaux, audiences=["parents"])
        if kind == "inscriptions":
            RegistrationFactory(event=event)
        elif kind == "bilans":
            EventReport.objects.create(event=event, participants=10).audiences.add(parents)
        elif kind == "collectivites":
            PartnerFactory(commune=france.bordeaux)
        elif kind == "initiatives":
            initiative = InitiativeFactory(commune=france.toulouse)
            initiative.themes.set(Theme.objects.all()[:2])
            initiative.editions.add(edition)
        elif kind == "benevoles":
            Volunteer.objects.create(
                name=f"Bénévole {index}",
                email=f"b{index}@example.net",
                commune=france.bordeaux,
                availability="weekly",
                heard_from="school",
                created_at=timezone.now(),
            )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "kind", ["evenements", "inscriptions", "collectivites", "initiatives", "benevoles", "bilans"]
)
def test_the_list_pages_query_count_does_not_grow_with_the_data(
    client, coordinator, current_edition, france, kind, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = f"/gestion/donnees/{kind}/?public=parents&region=75"
    _make(kind, current_edition, france, 2)
    client.get(url)
    few = _queries(client, url)

    _make(kind, current_edition, france, 8)
    many = _queries(client, url)

    assert few == many
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.context["page"].paginator.count in {0, 10}


def test_the_list_is_paginated(client, moderator, current_edition, france):
    EventFactory.create_batch(55, edition=current_edition, commune=france.bordeaux)
    client.force_login(moderator)

    first = client.get("/gestion/donnees/evenements/?region=75")
    second = client.get("/gestion/donnees/evenements/?region=75&page=2")

    assert len(first.context["rows"]) == 50 and len(second.context["rows"]) == 5
    assert "55 lignes" in first.content.decode()
    assert "region=75&amp;page=2" in first.content.decode()


def test_registration_labels_follow_the_language_of_each_export(
    client, coordinator, current_edition, france
):
    RegistrationFactory(event=EventFactory(edition=current_edition, commune=france.bordeaux))
    client.force_login(coordinator)

    client.cookies["django_language"] = "en"
    english = read_csv(client.get("/gestion/donnees/inscriptions.csv"))
    client.cookies["django_language"] = "fr"
    french = read_csv(client.get("/gestion/donnees/inscriptions.csv"))

    assert english[1][4] == "Confirmed" and french[1][4] == "Confirmée"
