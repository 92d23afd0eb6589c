"""Every form of the platform, as a person reaches it: who sends it, where, with what valid
values, and which pages show what it saved. The XSS and mass-assignment suites both read
this table; `test_xss.test_every_form_with_text_fields_is_in_the_table` keeps it complete.

A `World` holds the named users and the objects the forms act on (an edition, events, a
partner, an initiative...), built once per test with the project's factories.
"""

import datetime
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from types import SimpleNamespace

from allauth.account.models import EmailAddress
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jres.accounts.forms import DeleteAccountForm, ProfileForm, SignupForm
from jres.core.antispam import stamp
from jres.editions.forms import EditionForm
from jres.editions.models import CharterItem
from jres.events.contact import ContactForm
from jres.events.forms import CancelForm, EventForm
from jres.events.forms import ModerationForm as EventModerationForm
from jres.events.models import Audience, Event, EventKind, EventStatus
from jres.initiatives.admin import InitiativeAdminForm, InitiativeDocumentForm
from jres.initiatives.forms import InitiativeForm
from jres.initiatives.forms import ModerationForm as InitiativeModerationForm
from jres.initiatives.models import Initiative, InitiativeStatus
from jres.newsletter.forms import MailingForm, SubscribeForm, SubscriberFilters
from jres.newsletter.models import Mailing
from jres.pages.contact import TeamContactForm
from jres.partners.forms import DeclineForm, JoinRequestForm, PartnerPageForm
from jres.partners.models import JoinRequest
from jres.registrations.forms import MessageForm, RegistrationForm
from jres.registrations.models import Registration
from jres.reports.forms import PhotoForm, ReportForm
from jres.reports.models import EventReport, ReportPhoto
from jres.testimonies.forms import TestimonyForm
from jres.testimonies.models import Testimony, TestimonyStatus
from jres.toolkit.forms import ResourceForm
from jres.toolkit.models import Category
from jres.volunteers.forms import VolunteerFilters, VolunteerForm
from tests.conftest import CommittingClient
from tests.events.factories import EventFactory, small_france
from tests.factories import UserFactory
from tests.initiatives.factories import InitiativeFactory, ensure_themes
from tests.partners.factories import JoinRequestFactory, PartnerFactory
from tests.registrations.factories import RegistrationFactory
from tests.reports.conftest import image_bytes
from tests.reports.conftest import upload as image_upload

_numbers = itertools.count(1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "un-velo-bleu-sous-la-pluie-42"


def served_ten_seconds_ago() -> dict:
    """The anti-robot fields of a public form a person filled in."""
    return {"website": "", "started": stamp(at=time.time() - 10)}


def build_world(edition) -> SimpleNamespace:
    """The named users and what the forms act on, in the current `edition`."""
    ensure_themes()
    france = small_france()
    CharterItem.objects.create(edition=edition, text_fr="Entrée libre", order=0)
    world = SimpleNamespace(edition=edition, france=france, clients={})
    world.organiser = UserFactory(display_name="Odile Organisatrice")
    world.other_organiser = UserFactory(display_name="Omar Organisateur")
    world.moderator = UserFactory(display_name="Malik Modération", groups=["moderators"])
    world.coordinator = UserFactory(
        display_name="Camille Coordination", groups=["coordinators"], is_staff=True
    )
    world.admin = UserFactory(display_name="Ada Admin", is_staff=True, is_superuser=True)
    world.partner_user = UserFactory(display_name="Paula Partenaire", groups=["partners"])
    starts_at = timezone.now() + datetime.timedelta(days=10)
    world.event = EventFactory(
        edition=edition, organiser=world.organiser, commune=france.bordeaux,
        title="Atelier devoirs", registration_mode="platform", capacity=200,
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2),
    )  # fmt: skip
    RegistrationFactory(event=world.event, email="inscrite@example.net")
    yesterday = timezone.now() - datetime.timedelta(days=1)
    world.past_event = EventFactory(
        edition=edition, organiser=world.organiser, commune=france.bordeaux,
        title="Débat passé", starts_at=yesterday, ends_at=yesterday + datetime.timedelta(hours=2),
        audiences=["parents"],
    )  # fmt: skip
    world.report = EventReport.objects.create(
        event=world.past_event, participants=30, show_on_event_page=True
    )
    world.partner = PartnerFactory(
        name="Ville de Bordeaux", commune=france.bordeaux, accounts=[world.partner_user]
    )
    world.initiative = InitiativeFactory(
        proposer=world.other_organiser, commune=france.bordeaux, status=InitiativeStatus.SUBMITTED,
        themes=["mentorat"], levels=["primary"],
    )  # fmt: skip
    return world


def client_of(world, who: str | None) -> CommittingClient:
    """One client per person (None: an anonymous visitor; "english": one reading in
    English), signed in once."""
    if who not in world.clients:
        client = CommittingClient()
        if who == "english":
            client.cookies["django_language"] = "en"
        elif who is not None:
            client.force_login(getattr(world, who))
        world.clients[who] = client
    return world.clients[who]


class _FormReader(HTMLParser):
    """The values of each <form> of a page, as a browser would send them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self._select = self._textarea = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        name = attributes.get("name")
        if tag == "form":
            self.forms.append({})
        elif not self.forms:
            return
        elif tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self.forms[-1].setdefault(name, []).append(attributes.get("value", default))
        elif tag == "select" and name:
            self._select = name
            self.forms[-1].setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attributes:
            self.forms[-1][self._select].append(attributes.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.forms[-1].setdefault(self._textarea, []).append(text.removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def scraped_form(html: str, field_names) -> dict:
    """The values a browser would send from the form that holds `field_names`: text inputs,
    hidden inputs, ticked boxes, chosen options and text areas (files left out)."""
    reader = _FormReader()
    reader.feed(html)
    reader.close()
    for data in reader.forms:
        if set(field_names) <= set(data):
            return {name: values if len(values) != 1 else values[0]
                    for name, values in data.items()}  # fmt: skip
    raise AssertionError(f"no form with the fields {sorted(field_names)}")


@dataclass
class Case:
    """How one form is sent and where what it saved shows.

    `data(world)` gives valid values; the text fields that must keep them for the form to
    save are `fixed` (a postal code, the anti-robot stamp). `pages(world)` lists the
    (viewer, address) pairs that show the saved values; e-mails sent are read too.
    `unseen` names fields shown nowhere by design (an address kept private).
    """

    form: type
    url: Callable
    data: Callable
    pages: Callable = lambda world: []
    who: str | None = None
    fixed: tuple = ()
    unseen: tuple = ()
    kinds: dict = field(default_factory=dict)
    prepare: Callable | None = None  # before each submission (a fresh object to act on)
    saved: Callable | None = None  # after a successful one (label the event...)
    method: str = "post"
    scrape: bool = False  # start from the values the page's form already holds
    stores: bool = True  # False: a form that keeps no text (only its answer is read)
    max_lengths: dict = field(default_factory=dict)


def base_values(world, case, *, url: str | None = None) -> dict:
    """The valid values `case` sends (on top of what its page's form holds, if scraped)."""
    data = case.data(world)
    if case.scrape:
        page = client_of(world, case.who).get(url or case.url(world)).content.decode()
        text_fields = {
            name for name, field in case.form.base_fields.items()
            if isinstance(field, forms.CharField)
        }  # fmt: skip
        data = {**scraped_form(page, text_fields - data.keys()), **data}
    return data


def _latest(model):
    return model.objects.order_by("-pk").first()


def _label(event: Event) -> None:
    event.status = EventStatus.LABELLED
    event.labelled_at = timezone.now()
    event.save()


def _new_account(world):
    world.newcomer = _latest(type(world.organiser))
    EmailAddress.objects.filter(user=world.newcomer).update(verified=True)
    world.clients.pop("newcomer", None)


def _event_data(world) -> dict:
    day = datetime.datetime.combine(world.edition.day, datetime.time(14))
    return {
        "kind": EventKind.objects.get(slug="debat").pk,
        "title": "Débat",
        "description": "Parents et enseignants.",
        "starts_at": day.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (day + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "attendance_mode": "hybrid",
        "is_public": "on",
        "venue_name": "Salle",
        "address": "1 place de la Bourse",
        "postal_code": "33000",
        "city": "Bordeaux",
        "online_url": "https://visio.example.org/salle",
        "audiences": [Audience.objects.get(slug="parents").pk],
        "local_partners": "La médiathèque",
        "accessibility_notes": "Rampe",
        "registration_mode": "external",
        "registration_url": "https://billets.example.org/",
        "organisation": "Association",
    }


def _event_pages(world):
    event = _latest(Event)
    return [
        ("organiser", f"/mes-evenements/{event.pk}/"),
        (None, event.get_absolute_url()),
        (None, "/evenements/"),
        (None, "/widgets/liste/"),
        ("moderator", f"/moderation/{event.pk}/"),
        ("moderator", "/gestion/donnees/evenements/"),
    ]


def _submitted_event(world):
    world.target = EventFactory(
        edition=world.edition, organiser=world.other_organiser, commune=world.france.bordeaux,
        status=EventStatus.SUBMITTED, labelled_at=None,
    )  # fmt: skip


def _fresh_labelled_event(world):
    world.target = EventFactory(
        edition=world.edition, organiser=world.organiser, commune=world.france.bordeaux,
        starts_at=world.event.starts_at, ends_at=world.event.ends_at,
    )  # fmt: skip


def _submitted_initiative(world):
    Initiative.objects.filter(pk=world.initiative.pk).update(status=InitiativeStatus.SUBMITTED)


def _pending_join_request(world):
    world.target = JoinRequestFactory(commune=world.france.merignac)


def _initiative_data(world) -> dict:
    return {
        "title": "Tutorat",
        "summary": "Des étudiants aident des collégiens.",
        "description": "Une heure par semaine.",
        "themes": ["mentorat"],
        "levels": ["primary"],
        "postal_code": "33700",
        "city": "Mérignac",
        "organisation": "Association",
        "results": "Des progrès.",
        "contact_email": "porteur@example.org",
        "links_text": "https://example.org/",
        "editions": [world.edition.pk],
        "document_title": "Bilan",
        "document": SimpleUploadedFile("bilan.pdf", PDF, content_type="application/pdf"),
    }


def _initiative_pages(world):
    initiative = _latest(Initiative)
    return [
        ("other_organiser" if initiative.proposer == world.other_organiser else "organiser",
         f"/mes-initiatives/{initiative.pk}/"),
        ("moderator", f"/moderation/initiatives/{initiative.pk}/"),
        (None, initiative.get_absolute_url()),
        (None, "/initiatives/"),
    ]  # fmt: skip


def _publish_latest_initiative(world):
    initiative = _latest(Initiative)
    initiative.status = InitiativeStatus.PUBLISHED
    initiative.published_at = timezone.now()
    initiative.save()


def _publish_latest_testimony(world):
    Testimony.objects.filter(pk=_latest(Testimony).pk).update(status=TestimonyStatus.PUBLISHED)


def _clear_photos(world):
    ReportPhoto.objects.filter(report=world.report).delete()


def _registration_pages(world):
    registration = _latest(Registration)
    return [
        ("organiser", f"/mes-evenements/{world.event.pk}/inscriptions/"),
        (None, f"/inscription/{registration.token}/"),
    ]


CASES: list[Case] = [
    Case(
        SignupForm,
        # A new visitor each time: after a sign-up the session waits for the e-mail's check.
        prepare=lambda world: world.clients.pop(None, None),
        url=lambda world: "/compte/signup/",
        data=lambda world: {
            "email": f"nina{next(_numbers)}@example.org",  # taken: no account, same answer
            "display_name": "Nina",
            "organiser_kind": "teacher",
            "organisation": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },  # fmt: skip
        pages=lambda world: [("newcomer", "/compte/profil/")],
        saved=_new_account,
    ),
    Case(
        DeleteAccountForm,
        who="organiser",
        stores=False,
        url=lambda world: "/compte/supprimer/",
        data=lambda world: {},
    ),
    Case(
        ProfileForm,
        who="organiser",
        url=lambda world: "/compte/profil/",
        data=lambda world: {
            "display_name": "Odile",
            "organiser_kind": "association",
            "organisation": "",
            "language": "fr",
        },  # fmt: skip
        pages=lambda world: [
            ("organiser", "/compte/profil/"),
            ("organiser", f"/mes-evenements/{world.event.pk}/"),
            (None, world.event.get_absolute_url()),
        ],  # fmt: skip
    ),
    Case(
        EditionForm,
        who="coordinator",
        url=lambda world: f"/gestion/editions/{world.edition.year}/modifier/",
        scrape=True,
        data=lambda world: {},
        pages=lambda world: [
            (None, "/"),
            (None, f"/editions/{world.edition.year}/"),
            ("english", "/"),
            ("coordinator", f"/gestion/editions/{world.edition.year}/"),
            (None, "/editions/"),
        ],  # fmt: skip
    ),
    Case(
        EventForm,
        who="organiser",
        url=lambda world: "/mes-evenements/nouveau/",
        data=_event_data,
        fixed=("postal_code",),
        # city: replaced by the name of the postal code's commune; online_url: stored, but
        # no page shows it yet.
        unseen=("city", "online_url"),
        saved=lambda world: _label(_latest(Event)),
        pages=_event_pages,
    ),
    Case(
        EventModerationForm,
        who="moderator",
        prepare=_submitted_event,
        url=lambda world: f"/moderation/{world.target.pk}/",
        data=lambda world: {"decision": "request_changes"},
        pages=lambda world: [("other_organiser", f"/mes-evenements/{world.target.pk}/")],
    ),
    Case(
        CancelForm,
        who="organiser",
        prepare=_fresh_labelled_event,
        url=lambda world: f"/mes-evenements/{world.target.pk}/annuler/",
        data=lambda world: {},
        pages=lambda world: [
            (None, world.target.get_absolute_url()),
            ("organiser", f"/mes-evenements/{world.target.pk}/"),
        ],  # fmt: skip
    ),
    Case(
        ContactForm,
        url=lambda world: f"/evenements/{world.event.slug}/contact/",
        data=lambda world: {
            "name": "Lou",
            "email": "lou@example.net",
            "message": "Bonjour, une question.",
            **served_ten_seconds_ago(),
        },
        fixed=("website", "started"),
    ),  # fmt: skip
    Case(
        InitiativeForm,
        who="organiser",
        url=lambda world: "/mes-initiatives/nouvelle/",
        data=_initiative_data,
        fixed=("postal_code",),
        kinds={"links_text": "url"},
        unseen=("city", "contact_email"),  # the commune's name; an address never shown
        saved=_publish_latest_initiative,
        pages=_initiative_pages,
    ),
    Case(
        InitiativeModerationForm,
        who="moderator",
        prepare=_submitted_initiative,
        url=lambda world: f"/moderation/initiatives/{world.initiative.pk}/",
        data=lambda world: {"decision": "request_changes"},
        pages=lambda world: [("other_organiser", f"/mes-initiatives/{world.initiative.pk}/")],
    ),
    Case(
        InitiativeAdminForm,
        who="admin",
        url=lambda world: f"/admin/initiatives/initiative/{world.initiative.pk}/change/",
        scrape=True,
        data=lambda world: {"status": "published"},
        kinds={"links": "json url"},
        unseen=("contact_email", "moderation_message"),
        saved=lambda world: world.initiative.refresh_from_db(),
        pages=lambda world: [(None, world.initiative.get_absolute_url())],
    ),  # fmt: skip
    Case(
        SubscribeForm,
        url=lambda world: "/lettre/",
        data=lambda world: {
            "name": "",
            "email": "abonne@example.net",
            "consent": "on",
            **served_ten_seconds_ago(),
        },
        fixed=("website", "started"),
        pages=lambda world: [("coordinator", "/gestion/messages/abonnes/")],
    ),  # fmt: skip
    Case(
        MailingForm,
        who="coordinator",
        url=lambda world: "/gestion/messages/nouveau/",
        data=lambda world: {
            "subject": "Nouvelles",
            "body": "Bonjour à tous.",
            "segment": "newsletter",
        },
        pages=lambda world: [
            ("coordinator", f"/gestion/messages/{_latest(Mailing).pk}/"),
            ("coordinator", f"/gestion/messages/{_latest(Mailing).pk}/apercu/"),
            ("coordinator", "/gestion/messages/"),
        ],
    ),  # fmt: skip
    Case(
        SubscriberFilters,
        who="coordinator",
        method="get",
        url=lambda world: "/gestion/messages/abonnes/",
        data=lambda world: {"q": ""},
    ),
    Case(
        JoinRequestForm,
        url=lambda world: "/collectivites/rejoindre/",
        data=lambda world: {
            "authority_name": "Ville de Mérignac",
            "kind": "commune",
            "postal_code": "33700",
            "city": "Mérignac",
            "contact_name": "Service",
            "contact_role": "Responsable",
            "contact_email": "j@merignac.example",
            "message": "Nous voulons rejoindre le réseau.",
            "website": "",
        },
        fixed=("postal_code", "city", "website"),
        pages=lambda world: [
            ("coordinator", "/gestion/collectivites/"),
            ("coordinator", f"/gestion/collectivites/{_latest(JoinRequest).pk}/"),
        ],
    ),  # fmt: skip
    Case(
        PartnerPageForm,
        who="partner_user",
        url=lambda world: f"/ma-collectivite/{world.partner.slug}/",
        data=lambda world: {
            "commitment": "Nous soutenons.",
            "contact_name": "Service",
            "contact_role": "Chargée",
            "contact_email": "edu@bordeaux.example",
        },
        unseen=("contact_email",),
        pages=lambda world: [
            (None, f"/collectivites/{world.partner.slug}/"),
            ("partner_user", f"/ma-collectivite/{world.partner.slug}/"),
        ],
    ),  # fmt: skip
    Case(
        DeclineForm,
        who="coordinator",
        prepare=_pending_join_request,
        url=lambda world: f"/gestion/collectivites/{world.target.pk}/decliner/",
        data=lambda world: {},
        pages=lambda world: [("coordinator", f"/gestion/collectivites/{world.target.pk}/")],
    ),
    Case(
        RegistrationForm,
        url=lambda world: f"/evenements/{world.event.slug}/inscription/",
        data=lambda world: {
            "name": "Nadia",
            "email": "nadia@example.net",
            "role": "parent",
            "places": "1",
            "parent_email": "",
            "consent": "on",
        },
        unseen=("parent_email",),  # asked only of a pupil under 15
        pages=_registration_pages,
    ),  # fmt: skip
    Case(
        MessageForm,
        who="organiser",
        url=lambda world: f"/mes-evenements/{world.event.pk}/inscriptions/message/",
        data=lambda world: {"subject": "Rappel", "body": "Rendez-vous à 18 heures."},
    ),
    Case(
        ReportForm,
        who="organiser",
        url=lambda world: f"/mes-evenements/{world.past_event.pk}/bilan/",
        data=lambda world: {
            "participants": "35",
            "audiences": [Audience.objects.get(slug="parents").pk],
            "what_worked": "Un goûter.",
            "testimony": "Merci.",
            "show_on_event_page": "on",
        },
        pages=lambda world: [
            (None, world.past_event.get_absolute_url()),
            ("organiser", f"/mes-evenements/{world.past_event.pk}/bilan/"),
        ],
    ),  # fmt: skip
    Case(
        PhotoForm,
        who="organiser",
        prepare=_clear_photos,
        url=lambda world: f"/mes-evenements/{world.past_event.pk}/bilan/photos/",
        data=lambda world: {
            "image": image_upload(image_bytes()),
            "alt_text": "Une salle",
            "image_rights_confirmed": "on",
        },
        pages=lambda world: [
            (None, world.past_event.get_absolute_url()),
            ("organiser", f"/mes-evenements/{world.past_event.pk}/bilan/"),
        ],
    ),  # fmt: skip
    Case(
        TestimonyForm,
        url=lambda world: "/temoignages/partager/",
        data=lambda world: {
            "text": "Le mentorat m'a aidé.",
            "video_url": "",
            "first_name": "Inès",
            "role": "pupil",
            "age_bracket": "15_17",
            "commune_code": "33700",
            "commune_name": "",
            "email": "ines@example.net",
            "parent_email": "",
            "consent": "on",
            **served_ten_seconds_ago(),
        },
        fixed=("commune_code", "commune_name", "website", "started", "video_url"),
        unseen=("email", "parent_email"),
        saved=_publish_latest_testimony,
        pages=lambda world: [("moderator", "/moderation/temoignages/"), (None, "/temoignages/")],
    ),  # fmt: skip
    Case(
        ResourceForm,
        who="admin",
        url=lambda world: "/admin/toolkit/resource/add/",
        data=lambda world: {
            "edition": world.edition.pk,
            "category": Category.objects.order_by("pk").first().pk,
            "title_fr": "Affiche",
            "title_en": "Poster",
            "description_fr": "",
            "description_en": "",
            "video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "position": "0",
            "is_published": "on",
        },
        fixed=("video_url",),
        scrape=True,
        pages=lambda world: [(None, "/kit/"), ("english", "/kit/")],
    ),  # fmt: skip
    Case(
        VolunteerForm,
        url=lambda world: "/benevolat/",
        data=lambda world: {
            "name": "Sam",
            "email": "sam@example.net",
            "commune_code": "33700",
            "commune_name": "",
            "is_student": "on",
            "availability": "weekly",
            "heard_from": "other",
            **served_ten_seconds_ago(),
        },
        fixed=("commune_code", "commune_name", "website", "started"),
        pages=lambda world: [("coordinator", "/gestion/benevoles/")],
    ),  # fmt: skip
    Case(
        VolunteerFilters,
        who="coordinator",
        method="get",
        url=lambda world: "/gestion/benevoles/",
        data=lambda world: {"commune": ""},
    ),
    Case(
        TeamContactForm,
        url=lambda world: "/contact/",
        data=lambda world: {
            "subject": "Question",
            "message": "Bonjour, une question.",
            "name": "Lou",
            "email": "lou@example.net",
            **served_ten_seconds_ago(),
        },
        fixed=("website", "started"),
    ),  # fmt: skip
]

# Forms shown only as part of another one's page, covered through it.
COVERED_THROUGH = {
    InitiativeDocumentForm: "the document's title is InitiativeForm's document_title",
}
