"""Each dataset's CSV and XLSX hold the selection the filters describe, column by column.

Expectations are computed from the objects the tests create, not through the code under
test."""

import datetime

import pytest
from django.utils import timezone

from jres.events.models import EventStatus
from jres.initiatives.models import InitiativeStatus
from jres.partners.models import PartnerKind
from jres.registrations.models import RegistrationStatus
from jres.reports.models import EventReport
from jres.volunteers.models import Volunteer
from tests.events.factories import EventFactory
from tests.exports.conftest import column, read_csv, read_xlsx, xlsx_cells
from tests.factories import UserFactory
from tests.initiatives.factories import InitiativeFactory
from tests.partners.factories import PartnerFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(france, current_edition, last_edition):
    from types import SimpleNamespace

    jeanne = UserFactory(display_name="Jeanne Dupont", email="jeanne.dupont@example.org")
    return SimpleNamespace(
        bordeaux=EventFactory(
            edition=current_edition,
            commune=france.bordeaux,
            title="Débat à Bordeaux",
            organisation="Collège Montaigne",
            audiences=["parents"],
            capacity=30,
        ),
        toulouse=EventFactory(
            edition=current_edition,
            commune=france.toulouse,
            title="Atelier à Toulouse",
            kind="atelier",
            status=EventStatus.SUBMITTED,
            labelled_at=None,
            audiences=["eleves"],
        ),
        paris=EventFactory(
            edition=current_edition,
            commune=france.paris,
            title="Brouillon à Paris",
            organiser=jeanne,
            status=EventStatus.DRAFT,
            labelled_at=None,
            audiences=["parents", "enseignants"],
        ),
        last_year=EventFactory(
            edition=last_edition,
            commune=france.bordeaux,
            title="Débat de 2025",
        ),
    )


def download(client, user, kind, format, query=""):
    client.force_login(user)
    response = client.get(f"/gestion/donnees/{kind}.{format}{query}")
    assert response.status_code == 200, response.content[:500]
    return read_csv(response) if format == "csv" else read_xlsx(response)


# --- events -----------------------------------------------------------------------------


def test_the_events_csv_holds_every_status_of_the_current_edition(client, moderator, events):
    rows = download(client, moderator, "evenements", "csv")

    assert rows[0][:4] == ["N°", "Édition", "Titre", "Statut"]
    assert column(rows, "Titre") == ["Débat à Bordeaux", "Atelier à Toulouse", "Brouillon à Paris"]
    bordeaux = dict(zip(rows[0], rows[1], strict=True))
    assert bordeaux | {"Page publique": ""} == {
        "N°": str(events.bordeaux.pk),
        "Édition": "2026",
        "Titre": "Débat à Bordeaux",
        "Statut": "Labellisé",
        "Type": "Débat",
        "Début": "27/09/2026 18:00",
        "Fin": "27/09/2026 20:00",
        "Commune": "Bordeaux",
        "Code postal": "33000",
        "Département": "33",
        "Région": "Nouvelle-Aquitaine",
        "Ouvert au public": "oui",
        "Format": "Sur place",
        "Publics": "Parents",
        "Places": "30",
        "Inscription": "Sans inscription",
        "Organisé par": "Collège Montaigne",
        "Page publique": "",
    }
    assert bordeaux["Page publique"].endswith(f"/evenements/{events.bordeaux.slug}/")
    paris = dict(zip(rows[0], rows[3], strict=True))
    # The public name, not the account's address; a draft has no public page.
    assert paris["Organisé par"] == "Jeanne Dupont" and paris["Page publique"] == ""
    assert paris["Publics"] == "Parents, Enseignants"
    assert "jeanne.dupont@example.org" not in str(rows)


def test_the_events_xlsx_has_the_same_rows_with_real_dates(client, moderator, events):
    csv_rows = download(client, moderator, "evenements", "csv")
    rows = download(client, moderator, "evenements", "xlsx")

    assert rows[0] == csv_rows[0]
    assert column(rows, "Titre") == column(csv_rows, "Titre")
    assert column(rows, "Début")[0] == datetime.datetime(2026, 9, 27, 18, 0)
    assert column(rows, "N°") == [events.bordeaux.pk, events.toulouse.pk, events.paris.pk]
    client.force_login(moderator)
    cells = xlsx_cells(client.get("/gestion/donnees/evenements.xlsx"))
    start = cells[0].index(next(cell for cell in cells[0] if cell.value == "Début"))
    assert cells[1][start].number_format == "dd/mm/yyyy hh:mm"


EVENT_FILTERS = [
    ("?region=75", lambda e: e.region_id == "75" and e.edition.year == 2026),
    ("?departement=31", lambda e: e.department_id == "31" and e.edition.year == 2026),
    ("?statut=labelled", lambda e: e.status == "labelled" and e.edition.year == 2026),
    ("?edition=2025", lambda e: e.edition.year == 2025),
    ("?edition=toutes&region=75", lambda e: e.region_id == "75"),
    ("?type=atelier", lambda e: e.kind.slug == "atelier"),
    ("?public=enseignants", lambda e: "enseignants" in [a.slug for a in e.audiences.all()]),
    ("?public=parents&public=eleves", lambda e: e.edition.year == 2026),
    ("?edition=2026&statut=labelled&region=75", lambda e: e.title == "Débat à Bordeaux"),
]


@pytest.mark.parametrize(("query", "selected"), EVENT_FILTERS)
@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_the_events_filters_select_what_they_say(
    client, moderator, events, query, selected, format
):
    everything = [events.bordeaux, events.toulouse, events.paris, events.last_year]
    expected = sorted((e for e in everything if selected(e)), key=lambda e: (e.starts_at, e.pk))

    rows = download(client, moderator, "evenements", format, query)

    assert column(rows, "Titre") == [event.title for event in expected]


def test_the_list_page_shows_the_same_selection_and_keeps_the_filters(client, moderator, events):
    client.force_login(moderator)
    page = client.get("/gestion/donnees/evenements/?edition=2026&statut=labelled&region=75")
    html = page.content.decode()

    assert "Débat à Bordeaux" in html and "Atelier à Toulouse" not in html
    assert "1 ligne" in html
    assert (
        'href="/gestion/donnees/evenements.csv?edition=2026&amp;region=75&amp;statut=labelled"'
        in html
    )
    assert (
        'href="/gestion/donnees/evenements.xlsx?edition=2026&amp;region=75&amp;statut=labelled"'
        in html
    )
    assert '<option value="75" selected>' in html


# --- registrations ----------------------------------------------------------------------


@pytest.fixture
def registrations(events):
    from types import SimpleNamespace

    erased_at = timezone.now()
    return SimpleNamespace(
        alice=RegistrationFactory(
            event=events.bordeaux, name="Alice Martin", email="alice@example.net", places=2
        ),
        bruno=RegistrationFactory(
            event=events.toulouse,
            name="Bruno Petit",
            role="pupil",
            email="bruno@example.net",
            status=RegistrationStatus.WAITING,
        ),
        chloe=RegistrationFactory(
            event=events.bordeaux,
            name="Chloé Roux",
            email="chloe@example.net",
            status=RegistrationStatus.CANCELLED,
            cancelled_at=erased_at,
        ),
        erased=RegistrationFactory(event=events.bordeaux, name="", email="", erased_at=erased_at),
        last_year=RegistrationFactory(event=events.last_year, name="Denis Blanc"),
    )


def test_the_registrations_csv_names_each_registrant_and_their_event(
    client, coordinator, registrations
):
    rows = download(client, coordinator, "inscriptions", "csv")

    assert rows[0] == [
        "Nom",
        "E-mail",
        "Vous êtes",
        "Places",
        "Statut",
        "Événement",
        "Commune",
        "Département",
        "Inscrit le",
        "Confirmée le",
        "Annulée le",
        "Effacée le",
    ]
    assert column(rows, "Nom") == [
        "Alice Martin",
        "Bruno Petit",
        "Chloé Roux",
        "(données effacées)",
    ]
    alice, bruno, chloe, erased = rows[1:]
    assert alice[:8] == [
        "Alice Martin",
        "alice@example.net",
        "Parent",
        "2",
        "Confirmée",
        "Débat à Bordeaux",
        "Bordeaux",
        "33",
    ]
    assert bruno[2] == "Élève" and bruno[4] == "Sur liste d'attente"
    assert chloe[4] == "Annulée" and chloe[10] != ""
    # Erased: no name, no address, and the date of the erasure.
    assert erased[1] == "" and erased[11] == timezone.localtime(
        registrations.erased.erased_at
    ).strftime("%d/%m/%Y %H:%M")


REGISTRATION_FILTERS = [
    ("?statut=waiting", lambda r: r.status == "waiting" and r.event.edition.year == 2026),
    ("?region=76", lambda r: r.event.region_id == "76"),
    ("?departement=33", lambda r: r.event.department_id == "33" and r.event.edition.year == 2026),
    ("?edition=2025", lambda r: r.event.edition.year == 2025),
    ("?type=atelier", lambda r: r.event.kind.slug == "atelier"),
    ("?public=parents", lambda r: r.event.title == "Débat à Bordeaux"),
]


@pytest.mark.parametrize(("query", "selected"), REGISTRATION_FILTERS)
@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_the_registrations_filters_select_what_they_say(
    client, coordinator, registrations, query, selected, format
):
    everything = [
        registrations.alice,
        registrations.bruno,
        registrations.chloe,
        registrations.erased,
        registrations.last_year,
    ]
    expected = [r.email or None for r in sorted(everything, key=lambda r: r.pk) if selected(r)]

    rows = download(client, coordinator, "inscriptions", format, query)

    emails = column(rows, "E-mail")
    assert [email or None for email in emails] == expected


# --- partners ---------------------------------------------------------------------------


@pytest.fixture
def partners(france):
    return [
        PartnerFactory(
            name="Ville de Bordeaux",
            commune=france.bordeaux,
            contact_name="Sophie Laurent",
            contact_email="sophie@bordeaux.example",
        ),
        PartnerFactory(
            name="Département de la Haute-Garonne",
            kind=PartnerKind.DEPARTMENT,
            department=france.haute_garonne,
        ),
        PartnerFactory(
            name="Région Île-de-France",
            kind=PartnerKind.REGION,
            region=france.ile_de_france,
            is_public=False,
        ),
    ]


def test_the_partners_export_never_gives_the_contact_address(client, moderator, partners):
    rows = download(client, moderator, "collectivites", "csv")

    assert column(rows, "Nom") == [
        "Département de la Haute-Garonne",
        "Région Île-de-France",
        "Ville de Bordeaux",
    ]
    bordeaux = dict(zip(rows[0], rows[3], strict=True))
    assert bordeaux["Type de collectivité"] == "Commune" and bordeaux["Département"] == "33"
    assert bordeaux["Région"] == "Nouvelle-Aquitaine"
    assert bordeaux["Personne à contacter"] == "Sophie Laurent"
    assert column(rows, "Dans l'annuaire") == ["oui", "non", "oui"]
    assert "@" not in str(rows)


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("?region=75", ["Ville de Bordeaux"]),
        ("?departement=31", ["Département de la Haute-Garonne"]),
        ("?type=region", ["Région Île-de-France"]),
    ],
)
@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_the_partners_filters_select_what_they_say(
    client, moderator, partners, query, names, format
):
    assert column(download(client, moderator, "collectivites", format, query), "Nom") == names


# --- initiatives ------------------------------------------------------------------------


@pytest.fixture
def initiatives(france, current_edition):
    tutoring = InitiativeFactory(
        title="Tutorat à Bordeaux",
        commune=france.bordeaux,
        contact_email="secret@porteur.example",
        levels=["primary"],
    )
    tutoring.editions.add(current_edition)
    proposed = InitiativeFactory(
        title="Parents à Toulouse",
        commune=france.toulouse,
        status=InitiativeStatus.SUBMITTED,
        published_at=None,
    )
    return tutoring, proposed


def test_the_initiatives_export_is_the_same_whatever_the_edition(client, moderator, initiatives):
    rows = download(client, moderator, "initiatives", "csv")
    assert download(client, moderator, "initiatives", "csv", "?edition=2025") == rows

    assert column(rows, "Titre") == ["Parents à Toulouse", "Tutorat à Bordeaux"]
    tutoring = dict(zip(rows[0], rows[2], strict=True))
    assert tutoring["Statut"] == "Publiée" and tutoring["Éditions"] == "2026"
    assert tutoring["Niveaux"] == "École primaire" and tutoring["Département"] == "33"
    assert "secret@porteur.example" not in str(rows)


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("?statut=published", ["Tutorat à Bordeaux"]),
        ("?statut=submitted", ["Parents à Toulouse"]),
        ("?region=76", ["Parents à Toulouse"]),
        ("?departement=33", ["Tutorat à Bordeaux"]),
    ],
)
@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_the_initiatives_filters_select_what_they_say(
    client, moderator, initiatives, query, titles, format
):
    assert column(download(client, moderator, "initiatives", format, query), "Titre") == titles


# --- volunteers -------------------------------------------------------------------------


@pytest.fixture
def volunteers(france):
    make = Volunteer.objects.create
    return [
        make(
            name="Camille Martin",
            email="camille@example.net",
            commune=france.bordeaux,
            is_student=True,
            availability="weekly",
            heard_from="school",
        ),
        make(
            name="Yanis Benali",
            email="yanis@example.net",
            commune=france.toulouse,
            availability="monthly",
            heard_from="social",
            created_at=timezone.now() - datetime.timedelta(days=1),
        ),
    ]


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_the_volunteers_export_newest_first_and_by_territory(
    client, coordinator, volunteers, format
):
    rows = download(client, coordinator, "benevoles", format)
    assert column(rows, "Nom") == ["Camille Martin", "Yanis Benali"]
    assert column(rows, "E-mail") == ["camille@example.net", "yanis@example.net"]
    assert column(rows, "Étudiant") == ["oui", "non"]

    assert column(download(client, coordinator, "benevoles", format, "?region=76"), "Nom") == [
        "Yanis Benali"
    ]
    assert column(download(client, coordinator, "benevoles", format, "?departement=33"), "Nom") == [
        "Camille Martin"
    ]


# --- reports ----------------------------------------------------------------------------


@pytest.fixture
def reports(events):
    from jres.events.models import Audience

    bordeaux = EventReport.objects.create(
        event=events.bordeaux,
        participants=42,
        what_worked="Les élèves ont pris la parole.",
        testimony="Un témoignage qui reste sur la page.",
    )
    bordeaux.audiences.set(Audience.objects.filter(slug__in=["parents", "eleves"]))
    toulouse = EventReport.objects.create(event=events.toulouse, participants=12)
    last_year = EventReport.objects.create(event=events.last_year, participants=7)
    return bordeaux, toulouse, last_year


def test_the_reports_export_gives_figures_and_what_worked(client, moderator, reports):
    rows = download(client, moderator, "bilans", "csv")

    assert column(rows, "Événement") == ["Débat à Bordeaux", "Atelier à Toulouse"]
    bordeaux = dict(zip(rows[0], rows[1], strict=True))
    assert bordeaux["Participants"] == "42"
    assert bordeaux["Publics touchés"] == "Parents, Élèves"
    assert bordeaux["Ce qui a marché"] == "Les élèves ont pris la parole."
    assert "témoignage" not in str(rows) and "photo" not in str(rows[0]).lower()


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("?edition=2025", ["Débat de 2025"]),
        ("?region=76", ["Atelier à Toulouse"]),
        ("?public=eleves", ["Débat à Bordeaux"]),
        ("?type=atelier", ["Atelier à Toulouse"]),
        ("?statut=labelled", ["Débat à Bordeaux"]),
        ("?edition=2026&statut=submitted&region=76", ["Atelier à Toulouse"]),
    ],
)
@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_the_reports_filters_select_what_they_say(
    client, moderator, reports, query, titles, format
):
    assert column(download(client, moderator, "bilans", format, query), "Événement") == titles


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_the_events_place_filter_separates_in_school_events(
    client, moderator, events, france, current_edition, format
):
    in_school = EventFactory(
        edition=current_edition, commune=france.paris, title="Temps d'échange au collège",
        is_public=False, address="",
    )  # fmt: skip

    in_school_rows = download(client, moderator, "evenements", format, "?scolaire=1")
    public_rows = download(client, moderator, "evenements", format, "?scolaire=0")

    assert column(in_school_rows, "Titre") == [in_school.title]
    assert in_school.title not in column(public_rows, "Titre")
    assert len(column(public_rows, "Titre")) == 3


def test_a_place_filter_not_understood_is_ignored_with_a_note(client, moderator, events):
    client.force_login(moderator)
    html = client.get("/gestion/donnees/evenements/?scolaire=<b>peut-être</b>").content.decode()
    assert "est ni 1 ni 0" in html and "<b>peut-être</b>" not in html
    assert "Débat à Bordeaux" in html
