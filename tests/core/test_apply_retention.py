"""`apply_retention`: one daily command applies every period of the privacy page, says what
it erased per kind, changes nothing with --dry-run nor on a second run; and the privacy
page states each period, computed from the settings."""

import datetime
import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from jres.newsletter.models import Subscriber, SubscriberStatus
from jres.pages.models import Page
from jres.registrations.models import Registration
from jres.testimonies import models as testimonies
from jres.volunteers.models import Volunteer
from tests.events.factories import EventFactory
from tests.factories import EditionFactory
from tests.newsletter.factories import SubscriberFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=800)


def run(*arguments) -> list[str]:
    output = StringIO()
    call_command("apply_retention", *arguments, stdout=output)
    return output.getvalue().splitlines()


@pytest.fixture
def everything_due(organiser):
    """One row past each period, and one within it."""
    edition = EditionFactory(year=2023, number=16, day=datetime.date(2023, 9, 27))
    starts_at = timezone.make_aware(datetime.datetime(2023, 9, 27, 18))
    event = EventFactory(
        edition=edition, organiser=organiser, registration_mode="platform",
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2),
    )  # fmt: skip
    RegistrationFactory.create_batch(2, event=event)
    commune = event.commune
    Volunteer.objects.create(
        name="Ancien", email="ancien@example.net", commune=commune, availability="weekly",
        heard_from="event", created_at=LONG_AGO,
    )  # fmt: skip
    Volunteer.objects.create(
        name="Récent", email="recent@example.net", commune=commune, availability="weekly",
        heard_from="event",
    )  # fmt: skip
    common = {"text": "Merci.", "first_name": "Inès", "role": "pupil",
              "age_bracket": "15_17", "commune": commune, "consent": True}  # fmt: skip
    testimonies.Testimony.objects.create(
        **common, email="a@example.net", status="published", created_at=LONG_AGO
    )
    testimonies.Testimony.objects.create(
        **common, email="b@example.net", status="refused", created_at=LONG_AGO
    )
    testimonies.Testimony.objects.create(**common, email="c@example.net", status="published")
    SubscriberFactory(status=SubscriberStatus.PENDING, consent_at=LONG_AGO)
    SubscriberFactory(status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at=LONG_AGO)
    SubscriberFactory(status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    return event


def test_one_run_applies_every_period_and_says_what_it_did(everything_due):
    lines = run()

    assert lines == [
        "registrations: 2 erased (REGISTRATION_RETENTION_DAYS=183)",
        "volunteers: 1 deleted (VOLUNTEER_RETENTION_DAYS=365)",
        "testimonies (contact details): 1 erased (TESTIMONY_RETENTION_DAYS=180)",
        "testimonies never published: 1 deleted (TESTIMONY_RETENTION_DAYS=180)",
        "newsletter sign-ups never confirmed: 1 deleted (NEWSLETTER_UNCONFIRMED_RETENTION_DAYS=7)",
        "newsletter addresses unsubscribed: 1 deleted (NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS=30)",
    ]
    assert set(Registration.objects.values_list("email", flat=True)) == {""}
    assert list(Volunteer.objects.values_list("name", flat=True)) == ["Récent"]
    assert sorted(testimonies.Testimony.objects.values_list("email", flat=True)) == [
        "",
        "c@example.net",
    ]
    assert Subscriber.objects.count() == 1


def test_a_second_run_changes_nothing(everything_due):
    run()

    assert [line.split(":")[1].split()[0] for line in run()] == ["0"] * 6


def test_a_dry_run_counts_and_changes_nothing(everything_due):
    lines = run("--dry-run")

    assert lines[0] == "registrations: 2 would be erased (REGISTRATION_RETENTION_DAYS=183)"
    assert lines[2] == (
        "testimonies (contact details): 1 would be erased (TESTIMONY_RETENTION_DAYS=180)"
    )
    assert Registration.objects.filter(erased_at__isnull=True).count() == 2
    assert Volunteer.objects.count() == 2
    assert testimonies.Testimony.objects.count() == 3
    assert Subscriber.objects.count() == 3


def test_the_periods_are_settings(settings, everything_due):
    settings.VOLUNTEER_RETENTION_DAYS = 10_000
    settings.TESTIMONY_RETENTION_DAYS = 10_000

    lines = run()

    assert lines[1] == "volunteers: 0 deleted (VOLUNTEER_RETENTION_DAYS=10000)"
    assert lines[2] == "testimonies (contact details): 0 erased (TESTIMONY_RETENTION_DAYS=10000)"


def test_the_privacy_page_states_every_period():
    page = Page.objects.get(slug="confidentialite")

    assert "effacés automatiquement 6 mois après la fin de l'édition" in page.body_fr
    assert "effacés automatiquement 12 mois après votre inscription" in page.body_fr
    assert "sont effacées 6 mois après son envoi" in page.body_fr
    assert "jamais confirmée est effacée 7 jours après la demande" in page.body_fr
    assert "est effacée 1 mois après son désabonnement" in page.body_fr
    assert "deleted 6 months after it was sent" in page.body_en
    assert "deleted 1 month after they left" in page.body_en
    assert "supprimer votre compte" in page.body_fr
    assert "delete your account yourself" in page.body_en


def test_the_privacy_paragraphs_follow_the_settings_and_are_appended_once(settings):
    settings.TESTIMONY_RETENTION_DAYS = 90
    settings.NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS = 14
    Page.objects.filter(slug="confidentialite").update(body_fr="Texte revu.", body_en="Text.")
    migration = importlib.import_module("jres.pages.migrations.0007_privacy_retention_and_deletion")

    migration.add_paragraphs(apps, None)
    migration.add_paragraphs(apps, None)

    page = Page.objects.get(slug="confidentialite")
    assert page.body_fr.startswith("Texte revu.\n\n## Durées de conservation")
    assert page.body_fr.count("## Durées de conservation") == 1
    assert page.body_fr.count("## Télécharger vos données") == 1
    assert "sont effacées 3 mois après son envoi" in page.body_fr
    assert "effacée 14 jours après son désabonnement" in page.body_fr
    assert "deleted 14 days after they left" in page.body_en
