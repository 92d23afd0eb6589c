"""Organisers send events to the moderators only within the edition's submission period;
outside it their drafts are saved all the same and a message says when to come back."""

import datetime
from unittest import mock

import pytest

from jres.events import services
from jres.events.models import Event, EventLog, EventStatus
from tests.events.test_organiser_views import form_data, make_event

pytestmark = pytest.mark.django_db

D = datetime.date


def _on(day: datetime.date):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


@pytest.fixture
def edition(current_edition):
    current_edition.submissions_open_on = D(2026, 3, 1)
    current_edition.submissions_close_on = D(2026, 9, 20)
    current_edition.save()
    return current_edition


def test_a_draft_is_refused_before_the_opening_date(organiser, edition, bordeaux):
    event = make_event(organiser, edition, bordeaux)

    with _on(D(2026, 2, 10)), pytest.raises(services.WorkflowError) as error:
        services.submit_event(event=event, by=organiser)

    assert error.value.message == (
        "Les soumissions pour l'édition 2026 ouvriront le 1 mars 2026 : "
        "votre brouillon reste enregistré d'ici là."
    )
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT
    assert EventLog.objects.count() == 0


def test_a_draft_is_refused_after_the_closing_date(organiser, edition, bordeaux):
    event = make_event(organiser, edition, bordeaux)

    with _on(D(2026, 9, 21)), pytest.raises(services.WorkflowError, match="pris fin le 20"):
        services.submit_event(event=event, by=organiser)


def test_a_draft_is_refused_when_the_edition_is_closed(organiser, edition, bordeaux):
    edition.status = "closed"
    edition.save()
    event = make_event(organiser, edition, bordeaux)

    with _on(D(2026, 5, 1)), pytest.raises(services.WorkflowError, match="sont closes"):
        services.submit_event(event=event, by=organiser)


def test_a_draft_is_accepted_within_the_period(organiser, edition, bordeaux):
    event = make_event(organiser, edition, bordeaux)

    with _on(D(2026, 9, 20)):
        services.submit_event(event=event, by=organiser)

    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED


def test_a_correction_asked_by_the_moderators_may_come_back_after_closing(
    organiser, edition, bordeaux
):
    event = make_event(organiser, edition, bordeaux, status=EventStatus.CHANGES_REQUESTED)

    with _on(D(2026, 9, 25)):
        services.submit_event(event=event, by=organiser)

    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED


def test_the_submit_view_says_why_and_keeps_the_draft(client, organiser, edition, bordeaux):
    event = make_event(organiser, edition, bordeaux)
    client.force_login(organiser)

    with _on(D(2026, 9, 25)):
        response = client.post(f"/mes-evenements/{event.pk}/soumettre/", follow=True)

    page = response.content.decode()
    assert "Les soumissions pour l&#x27;édition 2026 ont pris fin le 20 septembre 2026." in page
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT
    assert event.title == "Débat dans le quartier"


def test_a_draft_is_still_saved_before_the_opening_with_the_date_shown(
    client, organiser, edition, bordeaux
):
    client.force_login(organiser)

    with _on(D(2026, 2, 10)):
        form = client.get("/mes-evenements/nouveau/").content.decode()
        response = client.post("/mes-evenements/nouveau/", form_data(), follow=True)

    assert "ouvriront le 1 mars 2026" in form
    event = Event.objects.get()
    assert (event.status, event.title) == (EventStatus.DRAFT, "Débat : l'école pour tous")
    assert "ouvriront le 1 mars 2026" in response.content.decode()


def test_the_home_page_shows_the_period(client, edition):
    with _on(D(2026, 5, 1)):
        open_page = client.get("/").content.decode()
    with _on(D(2026, 2, 1)):
        upcoming_page = client.get("/").content.decode()

    assert "Soumissions ouvertes jusqu'au 20 septembre 2026." in open_page
    assert "Soumissions à partir du 1 mars 2026" in upcoming_page
