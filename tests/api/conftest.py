"""Shared fixtures of the API tests: one small published world, and what it must never show.

Fixtures (names kept stable: other API test modules use them):

- `france`: `tests.events.factories.small_france()` (Bordeaux, Mérignac, Paris, Toulouse,
  Ajaccio with their departments and regions).
- `api_world`: a `SimpleNamespace` built on the `current_edition` (2026) holding:
  - `edition`, `past_edition` (2025, archived, public);
  - `public_event` (labelled, in Bordeaux, its own point, an organisation, audience
    "parents"), `school_event` (labelled, in-school, in Toulouse, a distinctive venue,
    street address and precise point: see `SCHOOL_*`), `online_event` (labelled, online
    only, Paris, no point), `cancelled_event` (cancelled after being labelled, Ajaccio),
    `past_event` (labelled, in the 2025 edition, Bordeaux);
  - `unpublished_events`: draft, submitted, changes requested, refused, and `withdrawn_event`
    (labelled once, sent back to review): none of them is published;
  - `published_events`: the four published events of the current edition, by start;
  - `partner` (public, Bordeaux, a contact person and e-mail: see `PARTNER_*`),
    `hidden_partner` (not in the directory);
  - `initiative` (published, Toulouse, contact e-mail `INITIATIVE_EMAIL`, proposer
    `PROPOSER_NAME`), `draft_initiative`;
  - `resource` (a PDF poster), `video` (a video resource), `hidden_resource` (unpublished);
  - `organisers`: every account of the world;
  - `forbidden`: every text that no API answer may contain (the in-school event's venue,
    street and precise coordinates printed with 4 to 6 decimals, every e-mail address,
    the organisers' and proposer's names, the partner's contact person, the unpublished
    events' titles).
- `api_get(path, **params)`: a GET through the test client (params may be lists).
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from jres.events.models import AttendanceMode, EventStatus
from jres.initiatives.models import InitiativeStatus
from jres.toolkit.demo import pdf_bytes
from tests.events.factories import EventFactory, small_france
from tests.factories import EditionFactory, UserFactory
from tests.initiatives.factories import InitiativeFactory
from tests.partners.factories import PartnerFactory

SCHOOL_TITLE = "Échange au collège des Minimes"
SCHOOL_VENUE = "Collège Zéphyrin-Quillebœuf"
SCHOOL_ADDRESS = "17 impasse des Secrets-Gardés"
SCHOOL_LATITUDE = 43.617771
SCHOOL_LONGITUDE = 1.428913
SCHOOL_ORGANISER = "Sévérine Confidentielle"
SCHOOL_ORGANISER_EMAIL = "severine.confidentielle@ecole.example"
PUBLIC_ORGANISER = "Odile Organisatrice-Publique"
PUBLIC_ORGANISER_EMAIL = "odile.publique@parents.example"
PARTNER_CONTACT = "Bérénice Contactprivée"
PARTNER_EMAIL = "berenice.contactprivee@mairie.example"
PARTNER_ACCOUNT_EMAIL = "paula.partenaire@mairie.example"
INITIATIVE_EMAIL = "porteuse.secrete@asso.example"
PROPOSER_NAME = "Prosper Proposant-Discret"
PROPOSER_EMAIL = "prosper.proposant@asso.example"
UNPUBLISHED_TITLES = {
    EventStatus.DRAFT: "Brouillon jamais montré",
    EventStatus.SUBMITTED: "Soumis en attente de relecture",
    EventStatus.CHANGES_REQUESTED: "Modifications demandées au porteur",
    EventStatus.REFUSED: "Refusé par la modération",
}
WITHDRAWN_TITLE = "Retiré pour une nouvelle relecture"


def coordinate_spellings(value: float) -> list[str]:
    """How a coordinate may be printed: rounded or cut at 4, 5 and 6 decimals."""
    spellings = set()
    for decimals in (4, 5, 6):
        spellings.add(f"{value:.{decimals}f}")
        whole, _dot, fraction = f"{value:.10f}".partition(".")
        spellings.add(f"{whole}.{fraction[:decimals]}")
    return sorted(spellings)


def _at(edition, day_offset: int, hour: int) -> datetime.datetime:
    day = edition.day + datetime.timedelta(days=day_offset)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


@pytest.fixture
def france(db):
    return small_france()


@pytest.fixture
def api_world(db, france, current_edition):
    edition = current_edition
    edition.window_start = edition.day - datetime.timedelta(days=14)
    edition.window_end = edition.day + datetime.timedelta(days=14)
    edition.save()
    past_edition = EditionFactory(year=2025, number=18, status="archived")

    public_organiser = UserFactory(display_name=PUBLIC_ORGANISER, email=PUBLIC_ORGANISER_EMAIL)
    school_organiser = UserFactory(display_name=SCHOOL_ORGANISER, email=SCHOOL_ORGANISER_EMAIL)

    def event(**fields):
        fields.setdefault("edition", edition)
        fields.setdefault("organiser", public_organiser)
        fields.setdefault("commune", france.bordeaux)
        fields.setdefault("postal_code", "33000")
        return EventFactory(**fields)

    public_event = event(
        title="Débat public à Bordeaux",
        organisation="Association des parents de Bordeaux",
        venue_name="Salle Son-Tay",
        address="2 rue de la Réussite",
        latitude=44.837789,
        longitude=-0.57918,
        starts_at=_at(edition, 0, 18),
        ends_at=_at(edition, 0, 20),
        audiences=["parents"],
    )
    school_event = event(
        title=SCHOOL_TITLE,
        organiser=school_organiser,
        organisation="",
        kind="temps-echange-scolaire",
        is_public=False,
        venue_name=SCHOOL_VENUE,
        address=SCHOOL_ADDRESS,
        commune=france.toulouse,
        postal_code="31000",
        latitude=SCHOOL_LATITUDE,
        longitude=SCHOOL_LONGITUDE,
        starts_at=_at(edition, 0, 10),
        ends_at=_at(edition, 0, 12),
        audiences=["eleves", "enseignants"],
    )
    online_event = event(
        title="Visioconférence nationale",
        organisation="Réseau JRES en ligne",
        attendance_mode=AttendanceMode.ONLINE,
        online_url="https://visio.example.org/jres",
        venue_name="",
        address="",
        commune=france.paris,
        postal_code="75011",
        latitude=None,
        longitude=None,
        starts_at=_at(edition, 1, 19),
        ends_at=_at(edition, 1, 21),
    )
    cancelled_event = event(
        title="Atelier annulé à Ajaccio",
        organisation="Collectif corse",
        kind="atelier",
        commune=france.ajaccio,
        postal_code="20000",
        venue_name="Maison des associations",
        address="5 cours Napoléon",
        latitude=41.919,
        longitude=8.7381,
        status=EventStatus.CANCELLED,
        cancellation_reason="La salle n'est plus disponible.",
        starts_at=_at(edition, -1, 14),
        ends_at=_at(edition, -1, 16),
    )
    past_event = event(
        edition=past_edition,
        title="Débat de l'an passé",
        organisation="Association des parents de Bordeaux",
    )
    unpublished = [
        event(title=title, status=status, labelled_at=None)
        for status, title in UNPUBLISHED_TITLES.items()
    ]
    withdrawn_event = event(title=WITHDRAWN_TITLE, status=EventStatus.SUBMITTED)

    partner_account = UserFactory(display_name="Paula Partenaire", email=PARTNER_ACCOUNT_EMAIL)
    partner = PartnerFactory(
        name="Ville de Bordeaux",
        commune=france.bordeaux,
        contact_name=PARTNER_CONTACT,
        contact_email=PARTNER_EMAIL,
        accounts=[partner_account],
    )
    hidden_partner = PartnerFactory(
        name="Ville de Mérignac (hors annuaire)",
        commune=france.merignac,
        is_public=False,
    )

    proposer = UserFactory(display_name=PROPOSER_NAME, email=PROPOSER_EMAIL)
    initiative = InitiativeFactory(
        title="Tutorat étudiant à Toulouse",
        commune=france.toulouse,
        proposer=proposer,
        contact_email=INITIATIVE_EMAIL,
        themes=["mentorat"],
        levels=["lower_secondary"],
    )
    initiative.editions.add(edition)
    draft_initiative = InitiativeFactory(
        title="Initiative encore en brouillon",
        proposer=proposer,
        status=InitiativeStatus.DRAFT,
        published_at=None,
    )

    from tests.toolkit.conftest import make_resource

    resource = make_resource(
        edition, slug="affiches", title_fr="Affiche de l'édition", title_en="The poster",
        content=pdf_bytes("Affiche", ["JRES 2026"]),
    )  # fmt: skip
    video = make_resource(
        edition, slug="videos", title_fr="Vidéo de présentation",
        video_url="https://vimeo.com/76979871",
    )  # fmt: skip
    hidden_resource = make_resource(edition, slug="affiches", title_fr="Affiche retirée")
    hidden_resource.is_published = False
    hidden_resource.save()

    organisers = [public_organiser, school_organiser, partner_account, proposer]
    forbidden = {
        SCHOOL_VENUE,
        SCHOOL_ADDRESS,
        *coordinate_spellings(SCHOOL_LATITUDE),
        *coordinate_spellings(SCHOOL_LONGITUDE),
        SCHOOL_ORGANISER,
        PUBLIC_ORGANISER,
        PARTNER_CONTACT,
        PARTNER_EMAIL,
        INITIATIVE_EMAIL,
        PROPOSER_NAME,
        "Paula Partenaire",
        *(account.email for account in organisers),
        *UNPUBLISHED_TITLES.values(),
        WITHDRAWN_TITLE,
    }
    return SimpleNamespace(
        edition=edition,
        past_edition=past_edition,
        public_event=public_event,
        school_event=school_event,
        online_event=online_event,
        cancelled_event=cancelled_event,
        past_event=past_event,
        unpublished_events=unpublished,
        withdrawn_event=withdrawn_event,
        published_events=[cancelled_event, school_event, public_event, online_event],
        partner=partner,
        hidden_partner=hidden_partner,
        initiative=initiative,
        draft_initiative=draft_initiative,
        resource=resource,
        video=video,
        hidden_resource=hidden_resource,
        organisers=organisers,
        forbidden=forbidden,
    )


@pytest.fixture
def api_get(client):
    def get(path: str, **params):
        return client.get(path, params)

    return get
