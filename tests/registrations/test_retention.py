"""Registrants' personal data are erased a set time after their edition ends."""

import datetime
import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from jres.outbox.models import OutgoingMessage
from jres.pages.models import Page
from jres.registrations.models import Registration, RegistrationStatus
from jres.registrations.retention import purge_registrations
from tests.events.factories import EventFactory
from tests.factories import EditionFactory

from .conftest import upcoming_event
from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db

# The 2024 edition: day 27 September, events possible until 15 October.
OLD_WINDOW_END = datetime.date(2024, 10, 15)


def at_noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def old_edition(db):
    return EditionFactory(
        year=2024, number=17, day=datetime.date(2024, 9, 27), window_end=OLD_WINDOW_END
    )


@pytest.fixture
def old_event(old_edition, organiser):
    starts_at = at_noon(datetime.date(2024, 9, 27))
    return EventFactory(
        edition=old_edition,
        organiser=organiser,
        registration_mode="platform",
        capacity=10,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )


@pytest.fixture
def after_retention():
    """The first moment the 2024 edition's registrations are due: 184 days after its end."""
    return at_noon(OLD_WINDOW_END + datetime.timedelta(days=184))


def test_old_edition_registrations_are_anonymised_and_keep_their_figures(
    old_event, after_retention
):
    came = RegistrationFactory(event=old_event, name="Zoé Martin", places=3, attended=True)
    waited = RegistrationFactory(event=old_event, status=RegistrationStatus.WAITING)
    old_token = came.token

    erased = purge_registrations(now=after_retention)

    assert erased == 2
    came.refresh_from_db()
    assert (came.name, came.email, came.parent_email) == ("", "", "")
    assert came.token != old_token
    assert came.parent_token is None
    assert not came.wants_news
    assert came.erased_at == after_retention
    # What the organiser's figures count stays.
    assert (came.places, came.attended, came.status) == (3, True, RegistrationStatus.CONFIRMED)
    waited.refresh_from_db()
    assert waited.email == "" and waited.status == RegistrationStatus.WAITING


def test_a_registration_still_waiting_for_a_parent_is_deleted(old_event, after_retention):
    pending = RegistrationFactory(
        event=old_event,
        status=RegistrationStatus.PENDING_PARENT,
        is_under_15=True,
        parent_email="parent@example.net",
        parent_token="parent-token",
    )

    assert purge_registrations(now=after_retention) == 1

    assert not Registration.objects.filter(pk=pending.pk).exists()


def test_current_edition_registrations_are_kept(current_edition, old_event, after_retention):
    current = RegistrationFactory(event=upcoming_event(edition=current_edition), name="Léa")
    RegistrationFactory(event=old_event)

    purge_registrations(now=after_retention)

    current.refresh_from_db()
    assert current.name == "Léa"
    assert current.erased_at is None


def test_kept_on_the_last_day_of_the_period_erased_the_day_after(old_event):
    registration = RegistrationFactory(event=old_event, name="Zoé Martin")
    last_day = OLD_WINDOW_END + datetime.timedelta(days=183)

    assert purge_registrations(now=at_noon(last_day)) == 0
    registration.refresh_from_db()
    assert registration.name == "Zoé Martin"

    assert purge_registrations(now=at_noon(last_day + datetime.timedelta(days=1))) == 1


def test_the_window_defaults_to_a_month_after_the_day(organiser):
    edition = EditionFactory(year=2023, number=16, day=datetime.date(2023, 9, 27))
    starts_at = at_noon(edition.day)
    registration = RegistrationFactory(
        event=EventFactory(
            edition=edition,
            organiser=organiser,
            registration_mode="platform",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
        )
    )
    last_day = datetime.date(2023, 10, 27) + datetime.timedelta(days=183)

    assert purge_registrations(now=at_noon(last_day)) == 0
    assert purge_registrations(now=at_noon(last_day + datetime.timedelta(days=1))) == 1
    registration.refresh_from_db()
    assert registration.erased_at is not None


def test_the_period_is_a_setting(settings, old_event):
    settings.REGISTRATION_RETENTION_DAYS = 30
    RegistrationFactory(event=old_event)

    assert purge_registrations(now=at_noon(OLD_WINDOW_END + datetime.timedelta(days=31))) == 1


def test_a_second_run_erases_nothing_more(old_event, after_retention):
    RegistrationFactory.create_batch(2, event=old_event)

    assert purge_registrations(now=after_retention) == 2
    assert purge_registrations(now=after_retention + datetime.timedelta(days=1)) == 0
    assert Registration.objects.filter(event=old_event, erased_at=after_retention).count() == 2


def test_two_erased_registrations_to_one_event_do_not_clash(old_event, after_retention):
    # Blank addresses would collide in the one-active-registration-per-address index.
    RegistrationFactory.create_batch(3, event=old_event)

    assert purge_registrations(now=after_retention) == 3


def _message(*, to: str, event, template="registrations/email/confirmed") -> OutgoingMessage:
    return OutgoingMessage.objects.create(
        template=template,
        message_id=f"<{to}-{event.pk}-{template}@jres>",
        from_email="contact@jres.localhost",
        to=[to],
        subject="Inscription",
        body_text=f"Voir l'événement : http://testserver{event.get_absolute_url()}",
    )


def test_their_registration_emails_leave_the_outbox(current_edition, old_event, after_retention):
    RegistrationFactory(event=old_event, email="zoe@example.net")
    current_event = upcoming_event(edition=current_edition)
    RegistrationFactory(event=current_event, email="zoe@example.net")
    about_old = _message(to="zoe@example.net", event=old_event)
    about_current = _message(to="zoe@example.net", event=current_event)
    to_someone_else = _message(to="autre@example.net", event=old_event)
    account_mail = _message(to="zoe@example.net", event=old_event, template="account/email/x")

    purge_registrations(now=after_retention)

    remaining = set(OutgoingMessage.objects.values_list("pk", flat=True))
    assert about_old.pk not in remaining
    assert remaining == {about_current.pk, to_someone_else.pk, account_mail.pk}


def test_the_parents_emails_leave_the_outbox_too(old_event, after_retention):
    RegistrationFactory(
        event=old_event,
        is_under_15=True,
        parent_email="parent@example.net",
        parent_confirmed_at=after_retention,
    )
    _message(to="parent@example.net", event=old_event, template="registrations/email/x")

    purge_registrations(now=after_retention)

    assert not OutgoingMessage.objects.exists()


def test_the_organiser_sees_erased_rows_as_such(client, organiser, old_event, after_retention):
    RegistrationFactory(event=old_event, name="Zoé Martin")
    purge_registrations(now=after_retention)
    client.force_login(organiser)

    response = client.get(f"/mes-evenements/{old_event.pk}/inscriptions/")

    html = response.content.decode()
    assert "Données effacées" in html
    assert "Zoé Martin" not in html


def test_the_command_prints_how_many_it_erased(old_event):
    RegistrationFactory.create_batch(2, event=old_event)
    out = StringIO()

    call_command("purge_registrations", stdout=out)

    assert out.getvalue().strip() == "2 registration(s) erased"
    assert not Registration.objects.filter(erased_at__isnull=True).exists()


def test_the_dry_run_counts_and_erases_nothing(old_event):
    registration = RegistrationFactory(event=old_event, name="Zoé Martin")
    out = StringIO()

    call_command("purge_registrations", "--dry-run", stdout=out)

    assert out.getvalue().strip() == "1 registration(s) would be erased"
    registration.refresh_from_db()
    assert registration.name == "Zoé Martin"


def test_the_privacy_page_says_when_registrations_are_erased():
    page = Page.objects.get(slug="confidentialite")

    assert "effacés automatiquement 6 mois après la fin de l'édition" in page.body_fr
    assert "deleted automatically 6 months after the end of the edition" in page.body_en


def _add_paragraph():
    migration = importlib.import_module("jres.pages.migrations.0003_privacy_registrations")
    migration.add_registration_paragraph(apps, None)


def test_the_migration_appends_the_paragraph_once_to_an_edited_page():
    Page.objects.filter(slug="confidentialite").update(
        body_fr="Texte revu par la coordination.", body_en="Text reviewed."
    )

    _add_paragraph()
    _add_paragraph()

    page = Page.objects.get(slug="confidentialite")
    assert page.body_fr.startswith("Texte revu par la coordination.\n\n## Inscriptions")
    assert page.body_fr.count("effacés automatiquement") == 1
    assert page.body_en.count("deleted automatically") == 1


def test_the_migration_leaves_an_empty_english_text_to_the_french_one():
    Page.objects.filter(slug="confidentialite").update(body_fr="Texte.", body_en="")

    _add_paragraph()

    page = Page.objects.get(slug="confidentialite")
    assert "effacés automatiquement" in page.body_fr
    assert page.body_en == ""


def test_the_migration_does_nothing_without_the_page():
    Page.objects.filter(slug="confidentialite").delete()

    _add_paragraph()

    assert not Page.objects.filter(slug="confidentialite").exists()


def test_an_e_mail_not_rendered_yet_leaves_the_outbox_too(old_event, after_retention):
    from jres.outbox.services import queue_unrendered

    registration = RegistrationFactory(event=old_event, email="zoe@example.net")
    queue_unrendered(
        renderer="registrations.email",
        arguments={"registration": registration.pk, "template": "confirmed"},
        to=["zoe@example.net"],
        template="registrations/email/confirmed",
    )

    purge_registrations(now=after_retention)

    assert not OutgoingMessage.objects.exists()
