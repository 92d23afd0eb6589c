"""Who may open what: every URL with an identifier, the objects it takes, and the roles
entitled to each, as data.

`build_world()` makes one object per state that matters (an event in each status, a
registration, a report and its photo, initiatives, partners, testimonies, a mailing...),
owned by the organiser unless said otherwise. `PROBES` lists, for each URL pattern with a
parameter, the addresses to try, the roles `allowed` to read them (every other role must
be refused: 403, 404 or sent to log in), and for a writing URL the POST that would change
the database, what to read to see whether it did, and the entitled role whose POST must
change it (so that the check of the refused ones can fail).

A role "got through" when, not entitled, it obtained the object's content (a 200 showing
its `marker`, text only an entitled reader sees) or changed it (the `state` read before
and after differs).
"""

import datetime
import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from jres.editions.models import Edition
from jres.events.models import Event, EventStatus
from jres.initiatives.models import Initiative, InitiativeStatus
from jres.newsletter.models import Mailing, Subscriber, SubscriberStatus
from jres.outbox.models import OutgoingMessage
from jres.partners.models import JoinRequest, Partner
from jres.registrations.models import Registration, RegistrationSettings, RegistrationStatus
from jres.reports.models import EventReport, ReportPhoto
from jres.testimonies.models import Testimony, TestimonyStatus
from jres.toolkit.models import Category, Resource
from tests.events.factories import EventFactory, small_france
from tests.factories import EditionFactory, PageFactory, UserFactory
from tests.initiatives.factories import InitiativeFactory
from tests.newsletter.factories import MailingFactory, SubscriberFactory
from tests.partners.factories import JoinRequestFactory, PartnerFactory
from tests.registrations.factories import RegistrationFactory

ROLES = ("anonymous", "organiser", "other_organiser", "partner", "moderator", "coordinator")
EVERYONE = frozenset(ROLES)
OWNER = frozenset({"organiser"})
OWNER_AND_STAFF = frozenset({"organiser", "moderator", "coordinator"})
STAFF = frozenset({"moderator", "coordinator"})
COORDINATOR = frozenset({"coordinator"})
PARTNER = frozenset({"partner"})
NOBODY = frozenset()

# The models coordinators may open in the admin (their group's permissions, given by the
# migrations); every other model's pages are a 403 for them, and the admin is closed to
# everyone without `is_staff`.
COORDINATOR_ADMIN_MODELS = {
    "editions.edition": {"view", "change", "delete"},
    "pages.page": {"view", "change", "delete"},
    "pages.teamcontact": {"view", "change", "delete"},
    "events.eventkind": {"view", "change", "delete"},
    "events.audience": {"view", "change", "delete"},
    "partners.partner": {"view", "change", "delete"},
    "partners.joinrequest": {"view", "change", "delete"},
    "toolkit.category": {"view", "change", "delete"},
    "toolkit.resource": {"view", "change", "delete"},
    "toolkit.kitarchive": {"view"},
    "initiatives.theme": {"view", "change", "delete"},
    "initiatives.initiative": {"view", "change", "delete"},
    "api.datalicence": {"view", "change"},
}


@dataclass(frozen=True)
class Probe:
    """One address and who may use it. Functions take the world `build_world` made."""

    area: str
    url: Callable
    allowed: frozenset
    get: bool = True
    # Text that only an entitled reader sees in the answer (None: the status says it all).
    marker: Callable | None = None
    # Statuses an entitled reader gets.
    ok: tuple = (200,)
    # A POST that would change `state` if it were accepted.
    post: Callable | None = None
    state: Callable | None = None
    # The entitled role whose POST must change `state` (None: no entitled POST is made).
    poster: str | None = None
    # The view takes POSTs without a CSRF token on purpose (mail clients' one-click links).
    csrf_exempt: bool = False
    # The refused roles that POST (None: all of them).
    post_as: tuple | None = None
    # What a refusal looks like besides 403, 404 and a redirect to a log-in page.
    refusal: Callable | None = None
    notes: str = field(default="", compare=False)


def _png(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _marker(label: str) -> str:
    """A text that appears nowhere else: seeing it means seeing the object."""
    return f"{label}-{secrets.token_hex(4)}"


def _event(world, *, status, labelled=False, days=30, **fields):
    starts_at = timezone.now() + datetime.timedelta(days=days)
    return EventFactory(
        edition=world.edition,
        organiser=fields.pop("organiser", world.organiser),
        commune=world.france.bordeaux,
        title=fields.pop("title", _marker(f"Evenement {status}")),
        status=status,
        labelled_at=timezone.now() if labelled else None,
        submitted_at=None if status == EventStatus.DRAFT else timezone.now(),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        **fields,
    )


def build_world(*, organiser, other_organiser, partner, moderator, coordinator):
    """Every object the probes take, owned by `organiser` unless said otherwise."""
    world = SimpleNamespace(
        organiser=organiser,
        other_organiser=other_organiser,
        partner_user=partner,
        moderator=moderator,
        coordinator=coordinator,
    )
    world.france = small_france()
    world.edition = EditionFactory(year=2026, number=19, status="open")
    world.edition.make_current()
    world.draft_edition = EditionFactory(year=2031, number=24, status="draft")

    # Events: one per status, and one for each writing URL so that one role's accepted
    # POST does not change what the next URL is tried on.
    world.draft = _event(world, status=EventStatus.DRAFT)
    world.submitted = _event(world, status=EventStatus.SUBMITTED)
    world.changes = _event(world, status=EventStatus.CHANGES_REQUESTED)
    world.refused = _event(world, status=EventStatus.REFUSED)
    world.cancelled_draft = _event(world, status=EventStatus.CANCELLED)
    world.labelled = _event(
        world, status=EventStatus.LABELLED, labelled=True, registration_mode="platform",
        capacity=20,
    )  # fmt: skip
    world.past = _event(world, status=EventStatus.LABELLED, labelled=True, days=-1)
    world.to_submit = _event(world, status=EventStatus.DRAFT)
    world.to_cancel = _event(world, status=EventStatus.SUBMITTED)
    world.to_duplicate = _event(world, status=EventStatus.LABELLED, labelled=True)
    world.to_review = _event(world, status=EventStatus.SUBMITTED)
    world.others_event = _event(world, status=EventStatus.DRAFT, organiser=other_organiser)

    world.registration = RegistrationFactory(
        event=world.labelled, name=_marker("Inscrite"), email="inscrite@example.net"
    )
    world.minor = RegistrationFactory(
        event=world.labelled, name=_marker("Eleve"), email="eleve@example.net",
        is_under_15=True, parent_email="parent@example.net",
        status=RegistrationStatus.PENDING_PARENT, parent_token=secrets.token_urlsafe(32),
    )  # fmt: skip
    world.to_cancel_registration = RegistrationFactory(
        event=world.labelled, name=_marker("Annulera"), email="annulera@example.net"
    )
    world.report = EventReport.objects.create(
        event=world.past, participants=40, what_worked=_marker("Bilan")
    )
    world.photo = ReportPhoto.objects.create(
        report=world.report, image=_png(), alt_text=_marker("Photo"),
        image_rights_confirmed=True, position=1,
    )  # fmt: skip

    world.initiative_draft = InitiativeFactory(
        proposer=organiser, title=_marker("Initiative brouillon"), status=InitiativeStatus.DRAFT,
        published_at=None,
    )  # fmt: skip
    world.initiative_to_submit = InitiativeFactory(
        proposer=organiser, title=_marker("Initiative a soumettre"),
        status=InitiativeStatus.DRAFT, published_at=None,
    )  # fmt: skip
    world.initiative_submitted = InitiativeFactory(
        proposer=organiser, title=_marker("Initiative soumise"),
        status=InitiativeStatus.SUBMITTED, submitted_at=timezone.now(), published_at=None,
    )  # fmt: skip
    world.initiative_published = InitiativeFactory(
        proposer=organiser, title=_marker("Initiative publiee")
    )

    world.partner = PartnerFactory(
        name=_marker("Ville"), commune=world.france.bordeaux, accounts=[partner],
        contact_email="education-secret@ville.example",
    )  # fmt: skip
    world.other_partner = PartnerFactory(
        name=_marker("Autre ville"), commune=world.france.merignac,
        contact_email="autre-secret@ville.example",
    )  # fmt: skip
    world.hidden_partner = PartnerFactory(
        name=_marker("Ville hors annuaire"), commune=world.france.paris, is_public=False
    )
    world.join_request = JoinRequestFactory(
        authority_name=_marker("Demande"), commune=world.france.toulouse,
        contact_email="demande@toulouse.example",
    )  # fmt: skip
    world.join_to_accept = JoinRequestFactory(
        authority_name=_marker("Demande a accepter"), commune=world.france.ajaccio,
        contact_email="accepter@ajaccio.example",
    )  # fmt: skip
    world.join_to_decline = JoinRequestFactory(
        authority_name=_marker("Demande a decliner"), kind="department",
        department=world.france.haute_garonne, contact_email="decliner@hg.example",
    )  # fmt: skip

    def testimony(**fields):
        return Testimony.objects.create(
            **{
                "text": _marker("Temoignage"),
                "first_name": "Inès",
                "role": "pupil",
                "age_bracket": "15_17",
                "commune": world.france.merignac,
                "email": "ines@example.net",
                "consent": True,
                **fields,
            }
        )

    world.testimony = testimony()
    world.testimony_to_withdraw = testimony()
    world.testimony_to_decide = testimony()
    world.minor_testimony = testimony(
        age_bracket="under_15", parent_email="parent@example.net",
        status=TestimonyStatus.PENDING_PARENT, parent_token=secrets.token_urlsafe(32),
    )  # fmt: skip

    world.mailing = MailingFactory(subject=_marker("Lettre"), created_by=coordinator)
    world.pending_subscriber = SubscriberFactory(
        status=SubscriberStatus.PENDING, email="en-attente@example.net"
    )
    world.subscriber = SubscriberFactory(email="abonne-secret@example.net")

    category = Category.objects.order_by("pk").first()
    world.resource = Resource.objects.create(
        edition=world.edition, category=category, title_fr=_marker("Affiche"), is_published=True,
        file=ContentFile(_pdf(), name="affiche.pdf"), file_kind="pdf",
    )  # fmt: skip
    world.hidden_resource = Resource.objects.create(
        edition=world.edition, category=category, title_fr=_marker("Affiche retiree"),
        is_published=False, file=ContentFile(_pdf(), name="retiree.pdf"), file_kind="pdf",
    )  # fmt: skip
    world.draft_resource = Resource.objects.create(
        edition=world.draft_edition, category=category, title_fr=_marker("Affiche future"),
        is_published=True, file=ContentFile(_pdf(), name="future.pdf"), file_kind="pdf",
    )  # fmt: skip
    world.page = PageFactory(body_fr=_marker("Page"))

    # Links sent by e-mail: a new address to confirm, a password to reset.
    world.new_address = EmailAddress.objects.create(
        user=organiser, email="odile.nouvelle@example.org", verified=False, primary=False
    )
    world.confirmation_key = EmailConfirmationHMAC(world.new_address).key
    world.reset_user = UserFactory(display_name="Rosa Reset")
    world.reset_uid = user_pk_to_url_str(world.reset_user)
    world.reset_key = default_token_generator.make_token(world.reset_user)
    return world


# --- the probes -----------------------------------------------------------------------------


def _url(name, **kwargs):
    return lambda world: reverse(name, kwargs={k: v(world) for k, v in kwargs.items()})


def _pk(attribute):
    return lambda world: getattr(world, attribute).pk


def _slug(attribute):
    return lambda world: getattr(world, attribute).slug


def _text(attribute, column):
    return lambda world: getattr(getattr(world, attribute), column)


def _row(model, attribute, *columns):
    """The object's columns as stored now (None once deleted)."""
    return lambda world: (
        model.objects.filter(pk=getattr(world, attribute).pk).values(*columns).first()
    )


def _count(model, **lookups):
    return lambda world: model.objects.filter(**lookups).count()


def _outbox(world):
    return OutgoingMessage.objects.count()


def _data(**values):
    return lambda world: values


def _events():
    own = [
        ("draft", "Brouillon"), ("submitted", ""), ("changes", ""), ("refused", ""),
        ("cancelled_draft", ""), ("labelled", ""),
    ]  # fmt: skip
    for attribute, _label in own:
        yield Probe("organiser", _url("events:preview", pk=_pk(attribute)), OWNER,
                    marker=_text(attribute, "title"))  # fmt: skip
    yield Probe(
        "organiser", _url("events:preview", pk=_pk("others_event")), frozenset({"other_organiser"}),
        marker=_text("others_event", "title"),
    )  # fmt: skip
    yield Probe(
        "organiser", _url("events:edit", pk=_pk("draft")), OWNER, marker=_text("draft", "title"),
        post=_data(title="Titre change par un autre", description="x"),
        state=_row(Event, "draft", "title", "description", "status"),
    )  # fmt: skip
    yield Probe(
        "organiser", _url("events:submit", pk=_pk("to_submit")), OWNER, get=False,
        post=_data(), state=_row(Event, "to_submit", "status"),
    )  # fmt: skip
    yield Probe(
        "organiser", _url("events:cancel", pk=_pk("to_cancel")), OWNER,
        marker=_text("to_cancel", "title"), post=_data(reason="Annulé par quelqu'un d'autre"),
        state=_row(Event, "to_cancel", "status", "cancellation_reason"), poster="organiser",
    )  # fmt: skip
    yield Probe(
        "organiser", _url("events:duplicate", pk=_pk("to_duplicate")), OWNER, get=False,
        post=_data(), state=_count(Event), poster="organiser",
    )  # fmt: skip
    # Moderation: moderators and coordinators, whoever owns the event.
    yield Probe(
        "staff", _url("events:moderation_review", pk=_pk("to_review")), STAFF,
        marker=_text("to_review", "title"),
        post=_data(decision="request_changes", message="Précisez le lieu, merci."),
        state=_row(Event, "to_review", "status"), poster="moderator",
    )  # fmt: skip
    yield Probe("staff", _url("events:moderation_review", pk=_pk("draft")), STAFF,
                marker=_text("draft", "title"))  # fmt: skip


def _public_events():
    for attribute, allowed in (("labelled", EVERYONE), ("draft", OWNER_AND_STAFF),
                               ("refused", OWNER_AND_STAFF)):  # fmt: skip
        yield Probe("public", _url("events:detail", slug=_slug(attribute)), allowed,
                    marker=_text(attribute, "title"))  # fmt: skip
        yield Probe("public", _url("events:ics", slug=_slug(attribute)), allowed,
                    marker=_text(attribute, "title"))  # fmt: skip
    # Writing to an organiser, registering: published events only, whoever asks.
    contact = _data(name="Visiteur", email="visiteur@example.net", message="Bonjour, une question.")
    for attribute, allowed in (("labelled", EVERYONE), ("draft", NOBODY)):
        yield Probe("public", _url("events:contact", slug=_slug(attribute)), allowed,
                    marker=_text(attribute, "title"), post=contact, state=_outbox)  # fmt: skip
        yield Probe(
            "public", _url("registrations:register", slug=_slug(attribute)), allowed,
            marker=_text(attribute, "title"),
            post=_data(name="Intrus", email="intrus@example.net", role="parent", places="1"),
            state=_count(Registration),
        )  # fmt: skip
    for name in ("poster_a4", "poster_a3", "social_image", "square_image"):
        yield Probe("public", _url(f"posters:{name}", slug=_slug("draft")), NOBODY)
    # Built in the request, or "being prepared" while another request builds it.
    yield Probe("public", _url("posters:poster_a4", slug=_slug("labelled")), EVERYONE,
                ok=(200, 503))  # fmt: skip


def _registrations():
    yield Probe("organiser", _url("registrations:registrants", pk=_pk("labelled")), OWNER,
                marker=_text("registration", "name"))  # fmt: skip
    yield Probe("organiser", _url("registrations:export", pk=_pk("labelled")), OWNER,
                marker=_text("registration", "name"))  # fmt: skip
    yield Probe(
        "organiser", _url("registrations:settings", pk=_pk("labelled")), OWNER, get=False,
        post=_data(max_places="4"), state=_count(RegistrationSettings), poster="organiser",
    )  # fmt: skip
    yield Probe(
        "organiser", _url("registrations:attendance", pk=_pk("labelled")), OWNER, get=False,
        post=lambda world: {"shown": [world.registration.pk], "present": [world.registration.pk]},
        state=_row(Registration, "registration", "attended"), poster="organiser",
    )  # fmt: skip
    yield Probe(
        "organiser", _url("registrations:message", pk=_pk("labelled")), OWNER,
        post=_data(subject="Message", body="Un message aux inscrits, merci."), state=_outbox,
        poster="organiser",
    )  # fmt: skip
    # Private links: whoever holds the link is the person it was sent to, signed in or not.
    yield Probe(
        "public", _url("registrations:manage", token=_text("registration", "token")), EVERYONE,
        marker=_text("registration", "name"), post=_data(places="2"),
        state=_row(Registration, "registration", "places"), poster="anonymous",
    )  # fmt: skip
    yield Probe(
        "public", _url("registrations:cancel", token=_text("to_cancel_registration", "token")),
        EVERYONE, marker=_text("labelled", "title"), post=_data(),
        state=_row(Registration, "to_cancel_registration", "status"), poster="anonymous",
    )  # fmt: skip
    yield Probe(
        "public", _url("registrations:authorise", token=_text("minor", "parent_token")),
        EVERYONE, marker=_text("minor", "name"), post=_data(),
        state=_row(Registration, "minor", "status"), poster="anonymous",
    )  # fmt: skip
    yield Probe(
        "public", _url("registrations:stop_news", token=_text("registration", "token")), EVERYONE,
        marker=_text("labelled", "title"), post=_data(),
        state=_row(Registration, "registration", "wants_news"), poster="anonymous",
        csrf_exempt=True,
    )  # fmt: skip


def _reports():
    yield Probe(
        "organiser", _url("reports:edit", pk=_pk("past")), OWNER,
        marker=_text("report", "what_worked"),
        post=_data(participants="99", what_worked="Réécrit par un autre"),
        state=_row(EventReport, "report", "participants", "what_worked"), poster="organiser",
    )  # fmt: skip
    yield Probe(
        "organiser", _url("reports:add_photo", pk=_pk("past")), OWNER, get=False,
        post=lambda world: {"image": _png(), "alt_text": "Une salle",
                            "image_rights_confirmed": "on"},
        state=_count(ReportPhoto), poster="organiser",
    )  # fmt: skip
    yield Probe(
        "organiser", _url("reports:remove_photo", pk=_pk("past"), photo_pk=_pk("photo")), OWNER,
        get=False, post=_data(), state=_count(ReportPhoto), poster="organiser",
    )  # fmt: skip


def _initiatives():
    for attribute in ("initiative_draft", "initiative_submitted", "initiative_published"):
        yield Probe("organiser", _url("initiatives:preview", pk=_pk(attribute)), OWNER,
                    marker=_text(attribute, "title"))  # fmt: skip
    yield Probe(
        "organiser", _url("initiatives:edit", pk=_pk("initiative_draft")), OWNER,
        marker=_text("initiative_draft", "title"), post=_data(title="Titre d'un autre"),
        state=_row(Initiative, "initiative_draft", "title", "status"),
    )  # fmt: skip
    yield Probe(
        "organiser", _url("initiatives:submit", pk=_pk("initiative_to_submit")), OWNER,
        get=False, post=_data(), state=_row(Initiative, "initiative_to_submit", "status"),
        poster="organiser",
    )  # fmt: skip
    yield Probe(
        "staff", _url("initiatives:moderation_review", pk=_pk("initiative_submitted")),
        STAFF, marker=_text("initiative_submitted", "title"),
        post=_data(decision="request_changes", message="Précisez les résultats."),
        state=_row(Initiative, "initiative_submitted", "status"), poster="coordinator",
    )  # fmt: skip
    yield Probe(
        "staff", _url("initiatives:feature", pk=_pk("initiative_published")), STAFF,
        get=False, post=_data(featured="1"),
        state=_row(Initiative, "initiative_published", "featured"), poster="moderator",
    )  # fmt: skip
    for attribute, allowed in (("initiative_published", EVERYONE),
                               ("initiative_draft", OWNER_AND_STAFF)):  # fmt: skip
        yield Probe("public", _url("initiatives:detail", slug=_slug(attribute)), allowed,
                    marker=_text(attribute, "title"))  # fmt: skip
    contact = _data(name="Visiteur", email="visiteur@example.net", message="Bonjour, une question.")
    for attribute, allowed in (("initiative_published", EVERYONE), ("initiative_draft", NOBODY)):
        yield Probe("public", _url("initiatives:contact", slug=_slug(attribute)), allowed,
                    marker=_text(attribute, "title"), post=contact, state=_outbox)  # fmt: skip


def _partners():
    page = _data(commitment="Réécrit par un autre", contact_name="Intrus", contact_role="Intrus",
                 contact_email="intrus@example.net")  # fmt: skip
    yield Probe(
        "staff", _url("partners:edit", slug=_slug("partner")), PARTNER,
        marker=_text("partner", "contact_email"), post=page,
        state=_row(Partner, "partner", "commitment", "contact_email"), poster="partner",
    )  # fmt: skip
    # Another authority's page: nobody here speaks for it.
    yield Probe(
        "staff", _url("partners:edit", slug=_slug("other_partner")), NOBODY,
        marker=_text("other_partner", "contact_email"), post=page,
        state=_row(Partner, "other_partner", "commitment", "contact_email"),
    )  # fmt: skip
    yield Probe("staff", _url("partners:export", slug=_slug("partner")), PARTNER,
                marker=_text("labelled", "title"))  # fmt: skip
    yield Probe("staff", _url("partners:export", slug=_slug("other_partner")), NOBODY)
    yield Probe("public", _url("partners:detail", slug=_slug("partner")), EVERYONE,
                marker=_text("partner", "name"))  # fmt: skip
    yield Probe("public", _url("partners:detail", slug=_slug("hidden_partner")), NOBODY,
                marker=_text("hidden_partner", "name"))  # fmt: skip
    # Join requests: coordinators only; anybody else gets a 404 (or is sent to log in).
    yield Probe("staff", _url("partners:review", pk=_pk("join_request")), COORDINATOR,
                marker=_text("join_request", "authority_name"))  # fmt: skip
    yield Probe(
        "staff", _url("partners:accept", pk=_pk("join_to_accept")), COORDINATOR, get=False,
        post=_data(), state=_row(JoinRequest, "join_to_accept", "status"), poster="coordinator",
    )  # fmt: skip
    yield Probe(
        "staff", _url("partners:decline", pk=_pk("join_to_decline")), COORDINATOR, get=False,
        post=_data(reason="Le territoire est déjà couvert par un partenaire."),
        state=_row(JoinRequest, "join_to_decline", "status"), poster="coordinator",
    )  # fmt: skip


def _testimonies():
    yield Probe(
        "public", _url("testimonies:withdraw", token=_text("testimony_to_withdraw", "token")),
        EVERYONE, marker=_text("testimony_to_withdraw", "text"), post=_data(),
        state=_count(Testimony), poster="anonymous",
    )  # fmt: skip
    yield Probe(
        "public", _url("testimonies:parent", token=_text("minor_testimony", "parent_token")),
        EVERYONE, marker=_text("minor_testimony", "text"), post=_data(decision="agree"),
        state=_row(Testimony, "minor_testimony", "status"), poster="anonymous",
    )  # fmt: skip
    yield Probe(
        "staff", _url("testimonies:decide", pk=_pk("testimony_to_decide")), STAFF,
        get=False, post=_data(decision="publish"),
        state=_row(Testimony, "testimony_to_decide", "status"), poster="moderator",
    )  # fmt: skip
    # A minor's testimony stays away from moderators until a parent agrees.
    yield Probe(
        "staff", _url("testimonies:decide", pk=_pk("minor_testimony")), NOBODY, get=False,
        post=_data(decision="publish"), state=_row(Testimony, "minor_testimony", "status"),
    )  # fmt: skip


def _newsletter():
    mailing = _pk("mailing")
    subject = _text("mailing", "subject")
    yield Probe("staff", _url("newsletter:mailing_detail", pk=mailing), COORDINATOR,
                marker=subject)  # fmt: skip
    yield Probe("staff", _url("newsletter:mailing_preview_html", pk=mailing), COORDINATOR)
    yield Probe(
        "staff", _url("newsletter:mailing_edit", pk=mailing), COORDINATOR, marker=subject,
        post=_data(subject="Objet d'un autre", body="Corps d'un autre", segment="newsletter"),
        state=_row(Mailing, "mailing", "subject", "body"), poster="coordinator",
    )  # fmt: skip
    yield Probe(
        "staff", _url("newsletter:mailing_test", pk=mailing), COORDINATOR, get=False,
        post=_data(), state=_outbox, poster="coordinator",
    )  # fmt: skip
    yield Probe(
        "staff", _url("newsletter:mailing_send", pk=mailing), COORDINATOR,
        post=_data(), state=_row(Mailing, "mailing", "status"),
    )  # fmt: skip
    yield Probe(
        "staff", _url("newsletter:mailing_resume", pk=mailing), COORDINATOR, get=False,
        post=_data(), state=_row(Mailing, "mailing", "status"),
    )  # fmt: skip
    yield Probe(
        "public",
        _url("newsletter:confirm", token=_text("pending_subscriber", "confirmation_token")),
        EVERYONE, post=_data(), state=_row(Subscriber, "pending_subscriber", "status"),
        poster="anonymous",
    )  # fmt: skip
    yield Probe(
        "public", _url("newsletter:unsubscribe", token=_text("subscriber", "unsubscribe_token")),
        EVERYONE, post=_data(), state=_row(Subscriber, "subscriber", "status"),
        poster="anonymous", csrf_exempt=True,
    )  # fmt: skip


def _editions():
    year = lambda world: world.edition.year  # noqa: E731
    draft_year = lambda world: world.draft_edition.year  # noqa: E731
    theme = _text("edition", "theme_fr")
    yield Probe("public", _url("editions:detail", year=year), EVERYONE, marker=theme)
    yield Probe("public", _url("editions:detail", year=draft_year), NOBODY)
    yield Probe("staff", _url("editions:staff_detail", year=draft_year), COORDINATOR,
                marker=_text("draft_edition", "theme_fr"))  # fmt: skip
    yield Probe(
        "staff", _url("editions:edit", year=year), COORDINATOR, marker=theme,
        post=_data(theme_fr="Thème d'un autre"), state=_row(Edition, "edition", "theme_fr"),
    )  # fmt: skip
    for name in ("make_current", "open", "close", "archive"):
        target = draft_year if name in {"make_current", "open"} else year
        yield Probe(
            "staff", _url(f"editions:{name}", year=target), COORDINATOR, post=_data(),
            state=lambda world: list(
                Edition.objects.order_by("pk").values_list("status", "is_current")
            ),
        )  # fmt: skip
    yield Probe("staff", _url("editions:report", year=year), COORDINATOR)
    yield Probe(
        "staff", _url("editions:report_publish", year=year), COORDINATOR, post=_data(),
        state=_count(Resource),
    )  # fmt: skip
    yield Probe("public", _url("toolkit:edition_kit", year=year), EVERYONE,
                marker=_text("resource", "title_fr"))  # fmt: skip
    yield Probe("public", _url("toolkit:edition_kit", year=draft_year), NOBODY,
                marker=_text("draft_resource", "title_fr"))  # fmt: skip
    yield Probe("public", _url("toolkit:archive", year=year), EVERYONE, ok=(200, 503))
    yield Probe("public", _url("toolkit:archive", year=draft_year), NOBODY)
    yield Probe("public", _url("toolkit:download", pk=_pk("resource")), EVERYONE,
                marker=lambda world: "%PDF")  # fmt: skip
    yield Probe("public", _url("toolkit:download", pk=_pk("hidden_resource")), NOBODY)
    yield Probe("public", _url("toolkit:download", pk=_pk("draft_resource")), NOBODY)
    yield Probe("public", _url("pages:detail", slug=_slug("page")), EVERYONE,
                marker=_text("page", "body_fr"))  # fmt: skip


def _exports():
    for kind, allowed, marker in (
        ("inscriptions", COORDINATOR, _text("registration", "name")),
        ("benevoles", COORDINATOR, None),
        ("evenements", STAFF, _text("labelled", "title")),
    ):
        yield Probe("staff", _url("exports:list", kind=lambda world, k=kind: k), allowed,
                    marker=marker)  # fmt: skip
        yield Probe(
            "staff", _url("exports:download", kind=lambda world, k=kind: k,
                          format=lambda world: "csv"),
            allowed, marker=marker,
        )  # fmt: skip


def _api():
    def api(path):
        return lambda world: "/api/v1/" + path(world)

    for path, allowed, marker in (
        (lambda w: f"editions/{w.edition.year}", EVERYONE, _text("edition", "theme_fr")),
        (lambda w: f"editions/{w.draft_edition.year}", NOBODY, None),
        (lambda w: f"events/{w.labelled.pk}", EVERYONE, _text("labelled", "title")),
        (lambda w: f"events/{w.labelled.pk}/jsonld", EVERYONE, _text("labelled", "title")),
        *(
            (lambda w, a=attribute: f"events/{getattr(w, a).pk}", NOBODY, None)
            for attribute in ("draft", "submitted", "refused", "cancelled_draft")
        ),
        (lambda w: f"events/{w.draft.pk}/jsonld", NOBODY, None),
        (lambda w: f"partners/{w.partner.pk}", EVERYONE, _text("partner", "name")),
        (lambda w: f"partners/{w.hidden_partner.pk}", NOBODY, None),
        (lambda w: f"initiatives/{w.initiative_published.pk}", EVERYONE,
         _text("initiative_published", "title")),
        (lambda w: f"initiatives/{w.initiative_draft.pk}", NOBODY, None),
        (lambda w: f"resources/{w.resource.pk}", EVERYONE, _text("resource", "title_fr")),
        (lambda w: f"resources/{w.hidden_resource.pk}", NOBODY, None),
        (lambda w: f"resources/{w.draft_resource.pk}", NOBODY, None),
    ):  # fmt: skip
        yield Probe("public", api(path), allowed, marker=marker)
    yield Probe("public", lambda world: "/api/v2/events/1", NOBODY)


def _accounts():
    # allauth answers a link it cannot read with a page saying so (200, no form).
    def bad_link(response) -> bool:
        return (
            response.status_code == 200
            and b'name="password1"' not in response.content
            and (b'name="action"' not in response.content)
        )

    yield Probe(
        "public",
        lambda world: reverse("account_confirm_email", args=[world.confirmation_key]),
        EVERYONE, marker=_text("new_address", "email"), post=_data(),
        state=_row(EmailAddress, "new_address", "verified"), poster="anonymous",
        refusal=bad_link,
    )  # fmt: skip
    yield Probe(
        "public",
        lambda world: reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": world.reset_uid, "key": world.reset_key},
        ),
        EVERYONE, ok=(302,),
        post=_data(password1="Un-autre-mot-2026!", password2="Un-autre-mot-2026!"),
        state=lambda world: type(world.reset_user).objects.get(pk=world.reset_user.pk).password,
        refusal=bad_link,
    )  # fmt: skip


def _admin():
    """Every model of the admin: its change, history and delete pages, and the short address
    that redirects to the change page; the user's password page; an app's index and the
    "view on site" redirect."""

    def first(model):
        return lambda world: world.admin_objects[model._meta.label_lower]

    # Every account without `is_staff` meets the same gate (AdminSite.admin_view): the
    # anonymous visitor and the moderator stand for them in POSTs; coordinators meet each
    # model's permissions.
    post_as = ("anonymous", "moderator", "coordinator")
    for model, _model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        rights = COORDINATOR_ADMIN_MODELS.get(label, set())
        info = model._meta.app_label, model._meta.model_name
        may_view = COORDINATOR if "view" in rights else NOBODY
        obj = first(model)

        def row(world, model=model, obj=obj):
            return model._default_manager.filter(pk=obj(world).pk).values().first()

        yield Probe(
            "admin",
            lambda w, i=info, o=obj: reverse("admin:{}_{}_change".format(*i), args=[o(w).pk]),
            may_view, post=_data(), state=row, post_as=post_as,
        )  # fmt: skip
        yield Probe(
            "admin",
            lambda w, i=info, o=obj: reverse("admin:{}_{}_history".format(*i), args=[o(w).pk]),
            may_view,
        )  # fmt: skip
        yield Probe(
            "admin",
            lambda w, i=info, o=obj: reverse("admin:{}_{}_delete".format(*i), args=[o(w).pk]),
            COORDINATOR if "delete" in rights else NOBODY, post=_data(post="yes"), state=row,
            post_as=post_as,
        )  # fmt: skip
        # The bare address redirects to the change page (for staff; no object read).
        yield Probe(
            "admin",
            lambda w, i=info, o=obj: reverse("admin:{}_{}_change".format(*i), args=[o(w).pk])
            .removesuffix("change/"),
            COORDINATOR, ok=(301, 302),
        )  # fmt: skip
    yield Probe(
        "admin", lambda w: reverse("admin:auth_user_password_change", args=[w.organiser.pk]),
        NOBODY, post=_data(password1="Un-autre-mot-2026!", password2="Un-autre-mot-2026!"),
        state=lambda w: type(w.organiser).objects.get(pk=w.organiser.pk).password,
    )  # fmt: skip
    yield Probe("admin", lambda w: reverse("admin:app_list", args=["events"]), COORDINATOR)
    # The admin's catch-all: an address it does not know is a 404 for staff, a log-in for
    # anybody else.
    yield Probe("admin", lambda w: "/admin/nexiste/pas/", NOBODY)
    yield Probe(
        "admin",
        lambda w: reverse(
            "admin:view_on_site",
            args=[ContentType.objects.get_for_model(Event).pk, w.labelled.pk],
        ),
        COORDINATOR, ok=(302,),
    )  # fmt: skip


def admin_objects(world) -> dict:
    """One row of each model of the admin (the world's, else one its migrations made)."""
    preferred = {
        "accounts.user": world.other_organiser,
        "events.event": world.draft,
        "registrations.registration": world.registration,
        "reports.eventreport": world.report,
        "initiatives.initiative": world.initiative_draft,
        "partners.partner": world.partner,
        "partners.joinrequest": world.join_request,
        "testimonies.testimony": world.testimony,
        "newsletter.mailing": world.mailing,
        "newsletter.subscriber": world.subscriber,
        "toolkit.resource": world.resource,
        "editions.edition": world.draft_edition,
        "pages.page": world.page,
        "account.emailaddress": world.new_address,
    }
    found = {}
    for model in admin.site._registry:
        label = model._meta.label_lower
        found[label] = preferred.get(label) or model._default_manager.order_by("pk").first()
    return found


def ensure_admin_rows(world) -> list[str]:
    """Make the rows no other part of the world needs; the labels still without one."""
    from jres.api.models import DataLicence
    from jres.exports.models import ExportLog, Format, Source
    from jres.newsletter.models import OptOut
    from jres.pages.models import TeamContact
    from jres.posters.models import EventKit
    from jres.reports.models import ReportInvitation
    from jres.toolkit.models import KitArchive
    from jres.volunteers.models import Volunteer

    if not TeamContact.objects.exists():
        TeamContact.objects.create(name="Claire Martin", role_fr="Chargée", email="c@example.org")
    if not RegistrationSettings.objects.exists():
        RegistrationSettings.objects.create(event=world.past)
    if not OptOut.objects.exists():
        OptOut.objects.create(email="refus@example.net", created_at=timezone.now())
    if not ReportInvitation.objects.exists():
        ReportInvitation.objects.create(event=world.past, sent_at=timezone.now())
    if not EventKit.objects.exists():
        EventKit.objects.create(event=world.to_duplicate, fingerprint="0" * 64,
                               generated_at=timezone.now())  # fmt: skip
    if not KitArchive.objects.exists():
        KitArchive.objects.create(edition=world.edition, fingerprint="0" * 64,
                                  path="kit.zip", built_at=timezone.now())  # fmt: skip
    if not Volunteer.objects.exists():
        Volunteer.objects.create(name="Victor Bénévole", email="victor@example.net",
                                 commune=world.france.bordeaux, availability="event_day",
                                 heard_from="friend")  # fmt: skip
    if not ExportLog.objects.exists():
        ExportLog.objects.create(user=world.coordinator, user_email=world.coordinator.email,
                                 dataset=Source.EVENT_REGISTRATIONS,
                                 format=Format.CSV, rows=1, personal=True)  # fmt: skip
    if not DataLicence.objects.exists():
        DataLicence.objects.create()
    if not OutgoingMessage.objects.exists():
        OutgoingMessage.objects.create(
            message_id="<h3@example.org>",
            from_email="jres@example.org",
            to=["x@example.net"],
            subject="Sujet",
        )
    tasks = apps.get_model("django_tasks_database", "DBTaskResult")
    if not tasks.objects.exists():
        tasks.objects.create(task_path="jres.outbox.tasks.deliver_message", backend_name="default",
                             args_kwargs={"args": [], "kwargs": {}}, run_after=timezone.now(),
                             exception_class_path="", traceback="")  # fmt: skip
    world.admin_objects = admin_objects(world)
    return [label for label, row in world.admin_objects.items() if row is None]


PROBES: list[Probe] = [
    *_events(),
    *_public_events(),
    *_registrations(),
    *_reports(),
    *_initiatives(),
    *_partners(),
    *_testimonies(),
    *_newsletter(),
    *_editions(),
    *_exports(),
    *_api(),
    *_accounts(),
    *_admin(),
]
AREAS = sorted({probe.area for probe in PROBES})
