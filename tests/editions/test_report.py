"""The national report: a PDF whose text holds the edition's figures, computed here from
what the test created, its theme, a featured initiative and a testimony; and its
publication in the edition's kit."""

import subprocess

import pytest
from django.utils import timezone

from jres.editions import report
from jres.editions.models import EditionLog
from jres.events.models import EventStatus
from jres.registrations.models import RegistrationStatus
from jres.reports.models import EventReport
from jres.testimonies import models as testimonies
from jres.toolkit.models import Resource
from tests.events.factories import EventFactory, small_france
from tests.factories import EditionFactory
from tests.initiatives.factories import InitiativeFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as poppler reads it, whitespace collapsed."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def edition_data(current_edition):
    france = small_france()
    current_edition.theme_fr = "Donner la parole aux jeunes, faire connaître ce qui marche"
    current_edition.save()
    past = EditionFactory(year=2025, number=18)
    events = [
        EventFactory(edition=current_edition, commune=france.bordeaux, status=status,
                     is_public=is_public, registration_mode="platform", capacity=50)
        for status, is_public in [
            (EventStatus.LABELLED, True), (EventStatus.LABELLED, True),
            (EventStatus.LABELLED, False), (EventStatus.SUBMITTED, True),
            (EventStatus.DRAFT, True),
        ]
    ] + [
        EventFactory(edition=current_edition, commune=france.paris, status=EventStatus.LABELLED,
                     registration_mode="platform", capacity=50),
        EventFactory(edition=current_edition, commune=france.toulouse,
                     status=EventStatus.LABELLED, is_public=False),
        EventFactory(edition=past, commune=france.paris, status=EventStatus.LABELLED),
    ]  # fmt: skip
    registrations = [
        RegistrationFactory(event=events[0], places=3, confirmed_at=timezone.now()),
        RegistrationFactory(event=events[1], places=4, confirmed_at=timezone.now()),
        RegistrationFactory(event=events[5], places=6, confirmed_at=timezone.now()),
        RegistrationFactory(event=events[5], places=2, status=RegistrationStatus.WAITING),
    ]
    reports = [
        EventReport.objects.create(event=events[0], participants=41),
        EventReport.objects.create(event=events[2], participants=96),
        EventReport.objects.create(event=events[7], participants=500),  # the past edition
    ]
    initiative = InitiativeFactory(
        commune=france.bordeaux, featured=True, title="Le mentorat étudiant au collège"
    )
    InitiativeFactory(commune=france.paris, title="Une initiative pas à la une")
    testimony = testimonies.Testimony.objects.create(
        commune=france.toulouse, role="pupil", consent=True, email="t@example.net",
        first_name="Zoé", age_bracket="15_17", status=testimonies.TestimonyStatus.PUBLISHED,
        published_at=timezone.now(), text="Le mentorat m'a redonné confiance en moi.",
    )  # fmt: skip
    return {
        "edition": current_edition,
        "events": events,
        "registrations": registrations,
        "reports": reports,
        "initiative": initiative,
        "testimony": testimony,
    }


def test_the_report_holds_the_editions_figures(edition_data):
    edition = edition_data["edition"]
    mine = [event for event in edition_data["events"] if event.edition_id == edition.pk]
    labelled = [event for event in mine if event.status == EventStatus.LABELLED]
    in_school = [event for event in labelled if not event.is_public]
    communes = {event.commune_id for event in labelled}
    departments = {event.department_id for event in labelled}
    places = sum(
        registration.places
        for registration in edition_data["registrations"]
        if registration.status == RegistrationStatus.CONFIRMED
    )
    participants = sum(
        event_report.participants
        for event_report in edition_data["reports"]
        if event_report.event.edition_id == edition.pk
    )

    text = pdf_text(report.render_report(edition))

    assert (len(labelled), len(in_school), len(communes), len(departments)) == (5, 2, 3, 3)
    assert (places, participants) == (13, 137)
    assert f"{len(labelled)} événements labellisés" in text
    assert f"{len(in_school)} événements en milieu scolaire" in text
    assert f"{len(communes)} communes où a lieu au moins un événement" in text
    assert f"{len(departments)} départements touchés" in text
    assert f"{places} places réservées" in text
    assert "3 inscriptions confirmées" in text
    assert f"{participants} participants déclarés dans les bilans" in text
    assert "2 initiatives publiées" in text  # one featured, one not
    assert "1 témoignage publié" in text
    assert "Rapport national 2026" in text
    assert "Donner la parole aux jeunes, faire connaître ce qui marche" in text
    assert "dimanche 27 septembre 2026" in text
    assert "Le mentorat étudiant au collège" in text
    assert "Une initiative pas à la une" not in text
    assert "Le mentorat m'a redonné confiance en moi." in text
    # The year-over-year table: this edition's row, then 2025's (one event, 500 people).
    assert "2026 5 2 3 3 13 137" in text
    assert "2025 1 0 1 1 0 500" in text
    # The charts and the map, with their titles.
    assert "Par région Nouvelle-Aquitaine 3 Île-de-France 1 Occitanie 1" in text
    assert "Par type d'événement Débat 5" in text
    assert "Gironde (33) 3 137 Haute-Garonne (31) 1 0 Paris (75) 1 0" in text


def test_the_report_in_english(edition_data):
    from django.utils import translation

    with translation.override("en"):
        pdf = report.render_report(edition_data["edition"])

    assert pdf.startswith(b"%PDF-")


def test_hostile_texts_are_printed_as_text(edition_data):
    edition = edition_data["edition"]
    edition.theme_fr = '<img src="http://example.com/x.png">Thème <b>gras</b>'
    edition.save()
    edition_data["initiative"].title = "<script>alert(1)</script>"
    edition_data["initiative"].save()

    text = pdf_text(report.render_report(edition))

    # Shown as typed, never fetched nor interpreted (nothing but data: URIs is fetched).
    assert '<img src="http://example.com/x.png">Thème <b>gras</b>' in text
    assert "<script>alert(1)" in text


def test_the_coordinator_downloads_the_report(client, coordinator, edition_data):
    client.force_login(coordinator)

    response = client.get("/gestion/editions/2026/rapport.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="rapport-national-2026.pdf"' in response["Content-Disposition"]
    assert "Le mentorat étudiant au collège" in pdf_text(response.content)


def test_publishing_puts_the_report_in_the_editions_kit(client, coordinator, edition_data):
    client.force_login(coordinator)

    confirm = client.get("/gestion/editions/2026/rapport/publier/")
    assert "Publier le rapport dans le kit" in confirm.content.decode()
    assert not Resource.objects.exists()
    response = client.post("/gestion/editions/2026/rapport/publier/", follow=True)

    resource = Resource.objects.get()
    assert (resource.title_fr, resource.category.slug, resource.file_kind) == (
        "Rapport national 2026", "bilans-et-rapports", "pdf",
    )  # fmt: skip
    assert resource.is_published
    assert "Le rapport national 2026 est publié dans le kit." in response.content.decode()
    with resource.file.open("rb") as pdf:
        assert "137 participants déclarés dans les bilans" in pdf_text(pdf.read())
    assert EditionLog.objects.get().action == "report_published"
    client.logout()
    kit = client.get("/kit/2026/").content.decode()
    assert "Rapport national 2026" in kit
    assert "Bilans et rapports" in kit
    assert client.get(resource.get_absolute_url()).status_code == 200


def test_publishing_again_replaces_the_previous_report(coordinator, edition_data):
    first = report.publish_report(edition=edition_data["edition"], by=coordinator)
    first_file = first.file.name
    Resource.objects.filter(pk=first.pk).update(is_published=False)  # unpublished in the admin

    second = report.publish_report(edition=edition_data["edition"], by=coordinator)

    assert second.pk == first.pk
    assert Resource.objects.count() == 1
    second.refresh_from_db()
    assert second.is_published
    assert report.published_report(edition_data["edition"]) == second
    assert second.file.name != first_file or second.file.size > 0
