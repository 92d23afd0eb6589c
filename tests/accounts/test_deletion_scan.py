"""Deleting an account leaves the person's name and addresses nowhere in the database.

One person gets data in every kind of object the platform has (organiser, registrant,
parent, testimony author, volunteer, subscriber, partner's contact, initiative proposer,
staff who exported and moderated, e-mails queued and sent, admin log, task results,
sessions on two devices); the account is deleted through its page; then every text column
of every table is searched with SQL for the name, each address and each address's local
part. The figures the page promises to keep are compared before and after.
"""

import datetime
import functools
import json
from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import CharField, JSONField, Sum, TextField
from django.test import Client
from django.utils import timezone

from jres.accounts.deletion import RULES
from jres.accounts.models import User
from jres.editions.models import EditionLog
from jres.events.models import Event, EventLog, EventStatus
from jres.exports.models import ExportLog
from jres.initiatives.models import InitiativeLog, InitiativeStatus
from jres.newsletter.models import MailingRecipient, OptOut, SubscriberStatus
from jres.outbox.models import MessageStatus, OutgoingMessage
from jres.partners.models import JoinRequestStatus
from jres.registrations.models import Registration, RegistrationStatus
from jres.reports.figures import edition_figures
from jres.reports.models import EventReport, ReportPhoto
from jres.testimonies import models as testimonies
from jres.volunteers.models import Volunteer
from tests.events.factories import EventFactory
from tests.factories import PASSWORD, EditionFactory, UserFactory
from tests.initiatives.factories import InitiativeFactory
from tests.newsletter.factories import MailingFactory, SubscriberFactory
from tests.partners.factories import JoinRequestFactory, PartnerFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

NAME = "Philomène Zéphyrin"
EMAIL = "p.zephyrin.h5@exemple.org"
OTHER_EMAIL = "philo.zeph.h5@autre.example"  # a second address the account verified
NEEDLES = [NAME, EMAIL, OTHER_EMAIL, EMAIL.split("@")[0], OTHER_EMAIL.split("@")[0]]

# Columns that cannot hold text.
NOT_TEXT = {
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
    "SmallIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "PositiveBigIntegerField", "FloatField", "DecimalField", "BooleanField", "DateField",
    "DateTimeField", "TimeField", "DurationField", "UUIDField", "BinaryField",
}  # fmt: skip


@functools.cache
def text_columns() -> list[tuple[str, str]]:
    """(table, column) for every column of every table that may hold text: read from the
    database itself, so that a table no model describes is searched too. The same for the
    whole session (one database, migrated once)."""
    columns = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                try:
                    kind = connection.introspection.get_field_type(column.type_code, column)
                except KeyError:  # a type Django does not map: search it anyway
                    kind = "unknown"
                if kind not in NOT_TEXT:
                    columns.append((table, column.name))
    return columns


def forms_of(needle: str) -> set[str]:
    """As typed, and as a JSON column stores it on SQLite (non-ASCII escaped)."""
    return {needle.lower(), json.dumps(needle)[1:-1].lower()}


def database_hits(needles: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, needle) wherever a needle appears, whatever its case: one query per
    table, and a closer look at the tables that hold one."""
    position = "instr" if connection.vendor == "sqlite" else "strpos"
    quote = connection.ops.quote_name
    forms = sorted({form for needle in needles for form in forms_of(needle)})
    by_table: dict[str, list[str]] = {}
    for table, column in text_columns():
        by_table.setdefault(table, []).append(column)

    def found(cursor, table, columns, searched) -> bool:
        condition = " OR ".join(
            f"{position}(LOWER(CAST({quote(column)} AS TEXT)), %s) > 0"
            for column in columns
            for _form in searched
        )
        cursor.execute(
            # Names from the database's own catalogue, quoted; the needles are parameters.
            f"SELECT 1 FROM {quote(table)} WHERE {condition} LIMIT 1",  # noqa: S608
            [form for _column in columns for form in searched],
        )
        return cursor.fetchone() is not None

    hits = []
    with connection.cursor() as cursor:
        for table, columns in by_table.items():
            if not found(cursor, table, columns, forms):
                continue
            for column in columns:
                for needle in needles:
                    if found(cursor, table, [column], sorted(forms_of(needle))):
                        hits.append((table, column, needle))
    return hits


def session_hits(user_pk: int, needles: list[str]) -> list[str]:
    """Sessions whose decoded data name the user or hold a needle."""
    found = []
    for session in Session.objects.all():
        data = session.get_decoded()
        text = json.dumps(data, default=str).lower()
        if str(data.get("_auth_user_id")) == str(user_pk) or any(
            form in text for needle in needles for form in forms_of(needle)
        ):
            found.append(session.session_key)
    return found


def at(day: datetime.date, hour: int = 18) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def person(db):
    user = UserFactory(email=EMAIL, display_name=NAME, organisation="Collège Jean Moulin")
    EmailAddress.objects.create(user=user, email=OTHER_EMAIL, verified=True, primary=False)
    return user


@pytest.fixture
def life(person, current_edition, other_organiser, coordinator, moderator):
    """The person's data in every kind of object; returns what the figures are read on."""
    now = timezone.now()
    last_year = EditionFactory(year=2025, number=18, day=datetime.date(2025, 9, 26))
    past_day = datetime.date(2025, 9, 26)

    # As an organiser: a past published event in their own name, with attendees, a
    # report, a photo and a history naming them; a draft; an upcoming event cancelled.
    held = EventFactory(
        edition=last_year,
        organiser=person,
        title="Débat des parents",
        description=f"Animé par {NAME}. Écrire à {EMAIL} pour venir.",
        local_partners=f"{NAME} et l'amicale",
        starts_at=at(past_day),
        ends_at=at(past_day, 20),
        registration_mode="platform",
        capacity=20,
    )
    held.image.save("affiche.jpg", ContentFile(b"\xff\xd8\xff image"), save=True)
    for number in range(3):
        RegistrationFactory(event=held, email=f"venu{number}@example.net", attended=True)
    EventLog.objects.create(
        event=held, actor=person, action="submitted", status="submitted",
        message=f"Soumis par {NAME}", changes=[["titre", "", f"Débat de {NAME}"]],
    )  # fmt: skip
    EventLog.objects.create(
        event=held, actor=moderator, action="labelled", status="labelled",
        message=f"Merci {NAME} !",
    )  # fmt: skip
    report = EventReport.objects.create(
        event=held, participants=42, what_worked=f"La parole aux jeunes ({NAME})",
        testimony=f"« Merci {NAME} » dit un parent.",
    )  # fmt: skip
    ReportPhoto.objects.create(
        report=report, image=ContentFile(b"\xff\xd8\xff photo", name="p.jpg"),
        alt_text=f"{NAME} au micro", image_rights_confirmed=True,
    )  # fmt: skip
    draft = EventFactory(
        edition=current_edition, organiser=person, status=EventStatus.DRAFT, labelled_at=None,
        title=f"Brouillon de {NAME}",
    )  # fmt: skip
    EventFactory(
        edition=current_edition, organiser=person, status=EventStatus.CANCELLED,
        cancellation_reason=f"{NAME} est malade", starts_at=now + datetime.timedelta(days=9),
        ends_at=now + datetime.timedelta(days=9, hours=2),
    )  # fmt: skip

    # As a registrant: to someone else's past event; to an upcoming one, whose waiting
    # list moves up; as the parent of a pupil.
    theirs_past = EventFactory(
        edition=last_year, organiser=other_organiser, starts_at=at(past_day),
        ends_at=at(past_day, 20), registration_mode="platform",
    )  # fmt: skip
    RegistrationFactory(event=theirs_past, name=NAME, email=EMAIL.upper(), places=2)
    upcoming = EventFactory(
        edition=current_edition, organiser=other_organiser, registration_mode="platform",
        capacity=2, starts_at=now + datetime.timedelta(days=5),
        ends_at=now + datetime.timedelta(days=5, hours=2),
    )  # fmt: skip
    RegistrationFactory(event=upcoming, name=NAME, email=OTHER_EMAIL, places=2)
    waiting = RegistrationFactory(event=upcoming, status=RegistrationStatus.WAITING)
    RegistrationFactory(
        event=theirs_past, name="Jules", email="jules@example.net", role="pupil",
        is_under_15=True, parent_email=EMAIL, parent_token="parent-token-h5",
        parent_confirmed_at=now,
    )  # fmt: skip

    # Without an account: testimonies, volunteering, the newsletter.
    commune = held.commune
    testimonies.Testimony.objects.create(
        text=f"Je suis {NAME} et le mentorat a tout changé.", first_name=NAME, role="parent",
        age_bracket="26_plus", commune=commune, email=EMAIL, consent=True,
        status="published", published_at=now, moderated_by=moderator,
    )  # fmt: skip
    testimonies.Testimony.objects.create(
        text="Pas encore relu.", first_name="P. Z.", role="parent", age_bracket="26_plus",
        commune=commune, email=OTHER_EMAIL, consent=True, status="submitted",
    )  # fmt: skip
    Volunteer.objects.create(
        name=NAME, email=EMAIL, commune=commune, availability="weekly", heard_from="event"
    )
    SubscriberFactory(email=EMAIL, name=NAME)
    SubscriberFactory(email=OTHER_EMAIL, status=SubscriberStatus.UNSUBSCRIBED)
    OptOut.objects.create(email=EMAIL)
    mailing = MailingFactory(body=f"Bonjour,\n\n{NAME}, coordination", created_by=person)
    MailingRecipient.objects.create(
        mailing=mailing, email=EMAIL, name=NAME, message_id="<m1-h5@jres>"
    )

    # Initiatives: one published, whose contact is the person; one draft.
    InitiativeFactory(
        proposer=person, contact_email=EMAIL, description=f"Portée par {NAME}.",
        title="Tutorat du mercredi",
    )  # fmt: skip
    draft_initiative = InitiativeFactory(proposer=person, status=InitiativeStatus.DRAFT)
    InitiativeLog.objects.create(
        initiative=draft_initiative, actor=person, action="created", status="draft"
    )

    # A partner authority: the person is one of its accounts and its contact.
    PartnerFactory(commune=commune, accounts=[person], contact_name=NAME, contact_email=EMAIL)
    JoinRequestFactory(commune=commune, contact_name=NAME, contact_email=EMAIL)
    JoinRequestFactory(
        commune=commune, contact_name=NAME, contact_email=OTHER_EMAIL,
        status=JoinRequestStatus.ACCEPTED, message=f"Signé {NAME}",
    )  # fmt: skip

    # Staff traces: an export, an edition's history, the admin's log, tasks' results.
    ExportLog.objects.create(
        user=person, user_email=EMAIL, dataset="inscrits-evenement", format="csv",
        filters={"q": NAME}, rows=3, personal=True,
    )  # fmt: skip
    EditionLog.objects.create(edition=last_year, actor=person, action="edited", message=NAME)
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.create(
        user=coordinator, content_type=user_type, object_id=str(person.pk),
        object_repr=str(person), action_flag=CHANGE, change_message="[]",
    )  # fmt: skip
    LogEntry.objects.create(
        user=person, content_type=ContentType.objects.get_for_model(Volunteer),
        object_id="1", object_repr=f"{NAME} ({EMAIL})", action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": [NAME]}}]),
    )  # fmt: skip

    # E-mails: sent to the person, queued to someone else naming them, already sent to
    # someone else naming them.
    def message(status, to, body, reply_to=()):
        return OutgoingMessage.objects.create(
            status=status, template="registrations/email/organiser_message",
            message_id=f"<{status}-{to}-{len(body)}@jres>", from_email="contact@jres.example",
            to=[to], reply_to=list(reply_to), subject=f"Message de {NAME}", body_text=body,
            body_html=f"<p>{body}</p>", last_error=f"refused {to}" if status == "failed" else "",
        )  # fmt: skip

    sent_to_them = message(MessageStatus.SENT, EMAIL, "Votre inscription est confirmée.")
    queued = message(MessageStatus.PENDING, "venu1@example.net", f"Bonjour, {NAME}.")
    message(MessageStatus.SENT, "venu2@example.net", f"Bonjour, {NAME}.", reply_to=[EMAIL])
    message(MessageStatus.FAILED, OTHER_EMAIL, "Bienvenue.")
    if apps.is_installed("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        for outgoing, traceback in ((sent_to_them, ""), (queued, f"SMTP refused {EMAIL}")):
            DBTaskResult.objects.create(
                args_kwargs={"args": [], "kwargs": {"message_pk": outgoing.pk}},
                task_path="jres.outbox.tasks.deliver_message", backend_name="default",
                run_after=now, traceback=traceback, exception_class_path="",
            )  # fmt: skip
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        Authenticator.objects.create(user=person, type="totp", data={"secret": "JBSWY3DPEHPK3PXP"})

    assert database_hits([NAME]), "the scan finds the name before the deletion"
    return {"held": held, "draft": draft, "upcoming": upcoming, "waiting": waiting,
            "last_year": last_year, "queued": queued}  # fmt: skip


def figures(life) -> dict:
    held, last_year = life["held"], life["last_year"]
    return {
        "published events": Event.objects.published().count(),
        "last year's events": Event.objects.filter(edition=last_year).count(),
        "registrations last year": Registration.objects.filter(event__edition=last_year).count(),
        "places last year": Registration.objects.filter(event__edition=last_year).aggregate(
            places=Sum("places")
        )["places"],
        "attended": Registration.objects.filter(event=held, attended=True).count(),
        "report": edition_figures(last_year),
    }


def test_after_deletion_no_column_of_any_table_holds_the_name_or_an_address(client, person, life):
    before = figures(life)
    laptop, phone = client, Client()
    laptop.force_login(person)
    phone.force_login(person)

    response = laptop.post(
        "/compte/supprimer/", {"password": PASSWORD, "confirmation": "supprimer"}, follow=True
    )

    assert "Votre compte a été supprimé" in response.content.decode()
    assert database_hits(NEEDLES) == []
    assert session_hits(person.pk, NEEDLES) == []
    assert phone.get("/compte/profil/").status_code == 302, "signed out on every device"
    # What the page promises to keep.
    assert figures(life) == before
    held = Event.objects.get(pk=life["held"].pk)
    assert held.is_published and held.organisation == "Collège Jean Moulin"
    assert not Event.objects.filter(pk=life["draft"].pk).exists()
    life["waiting"].refresh_from_db()
    assert life["waiting"].status == RegistrationStatus.CONFIRMED, "the freed places went on"
    queued = OutgoingMessage.objects.get(pk=life["queued"].pk)
    assert queued.status == MessageStatus.PENDING and "Bonjour, […]." in queued.body_text
    assert testimonies.Testimony.objects.get().text == "Je suis […] et le mentorat a tout changé."
    # Rows that hold no name but belong to the account, or to its deleted e-mails.
    assert not EmailAddress.objects.filter(user=person).exists()
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        assert not Authenticator.objects.filter(user=person).exists()
    if apps.is_installed("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        assert not DBTaskResult.objects.exists()


def test_every_model_has_a_rule():
    """A new model must say what becomes of a person's data in it (deletion.RULES)."""
    labels = {model._meta.label for model in apps.get_models()}

    assert labels - set(RULES) == set()


def test_the_scan_reads_every_text_column_of_every_model():
    """Every text column a model declares is among those the scan reads from the database
    (which also finds the columns no model describes)."""
    scanned = set(text_columns())
    declared = {
        (model._meta.db_table, field.column)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if isinstance(field, (CharField, TextField, JSONField))
    }

    assert declared - scanned == set()
    assert ("django_session", "session_data") in scanned
    assert ("outbox_outgoingmessage", "to") in scanned, "JSON columns are searched"


def test_sessions_of_the_account_are_gone_from_the_cache_too(client, person):
    store = import_module(settings.SESSION_ENGINE).SessionStore
    other = Client()
    other.force_login(person)
    key = other.cookies[settings.SESSION_COOKIE_NAME].value
    client.force_login(person)

    client.post("/compte/supprimer/", {"password": PASSWORD, "confirmation": "SUPPRIMER"})

    assert not store().exists(key)
    assert store(session_key=key).load() == {}
