"""Moderation: the queue, the review page, decisions, the label's charter, e-mails, history."""

import pytest
from django.utils import timezone

from jres.editions.models import CharterItem
from jres.events import services
from jres.events.models import EventStatus
from tests.events.test_organiser_views import make_event


@pytest.fixture
def charter(current_edition):
    return [
        CharterItem.objects.create(edition=current_edition, text_fr="Entrée libre", order=0),
        CharterItem.objects.create(edition=current_edition, text_fr="Parole aux jeunes", order=1),
    ]


@pytest.fixture
def submitted(organiser, current_edition, bordeaux, charter):
    organiser.language = "en"
    organiser.save()
    return make_event(
        organiser,
        current_edition,
        bordeaux,
        title="Débat des parents",
        status=EventStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )


def test_the_queue_lists_submitted_events_only(
    client,
    moderator,
    organiser,
    current_edition,
    bordeaux,
    submitted,
):
    make_event(organiser, current_edition, bordeaux, title="Brouillon caché")
    client.force_login(moderator)

    page = client.get("/moderation/").content.decode()

    assert "Débat des parents" in page
    assert "Brouillon caché" not in page
    filtered = client.get("/moderation/?departement=75").content.decode()
    assert "Débat des parents" not in filtered


def test_queue_filters_with_unknown_values_do_not_fail(client, moderator, submitted):
    client.force_login(moderator)

    response = client.get("/moderation/?statut=nope&age=abc&region=<script>&type=zzz")

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]


@pytest.mark.parametrize("path", ["/moderation/", "/moderation/{pk}/"])
def test_organisers_cannot_moderate(client, other_organiser, submitted, path):
    client.force_login(other_organiser)

    response = client.get(path.format(pk=submitted.pk))

    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]


def test_asking_for_changes_emails_the_organiser_in_their_language(
    client, moderator, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/moderation/{submitted.pk}/",
            {"decision": "request_changes", "message": "Précisez l'adresse, svp."},
        )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == EventStatus.CHANGES_REQUESTED
    assert submitted.moderation_message == "Précisez l'adresse, svp."
    [message] = mailoutbox
    assert message.to == [submitted.organiser.email]
    assert message.subject == "Changes requested for “Débat des parents”"
    assert "Précisez l'adresse, svp." in message.body
    assert "&#x27;" not in message.body
    html = message.alternatives[0].content
    assert "Précisez l&#x27;adresse, svp." in html


def test_the_label_needs_every_charter_commitment(client, moderator, submitted, charter):
    client.force_login(moderator)

    response = client.post(
        f"/moderation/{submitted.pk}/", {"decision": "label", "charter": [charter[0].pk]}
    )

    assert "Cochez chaque engagement de la charte" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == EventStatus.SUBMITTED


def test_labelling_publishes_the_event_with_its_badge(
    client, moderator, submitted, charter, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/moderation/{submitted.pk}/",
            {"decision": "label", "charter": [item.pk for item in charter]},
        )

    submitted.refresh_from_db()
    assert submitted.status == EventStatus.LABELLED
    assert submitted.labelled_at is not None
    assert len(mailoutbox) == 1
    client.logout()
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "Événement labellisé JRES 2026" in page


def test_refusing_needs_a_reason(client, moderator, submitted):
    client.force_login(moderator)

    response = client.post(f"/moderation/{submitted.pk}/", {"decision": "refuse", "message": ""})

    assert "Donnez à l&#x27;organisateur la raison du refus." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == EventStatus.SUBMITTED


def test_a_decision_on_an_event_in_the_wrong_status_is_refused(
    client, moderator, submitted, charter
):
    submitted.status = EventStatus.DRAFT
    submitted.save()
    client.force_login(moderator)

    response = client.post(
        f"/moderation/{submitted.pk}/",
        {"decision": "label", "charter": [item.pk for item in charter]},
    )

    submitted.refresh_from_db()
    assert submitted.status == EventStatus.DRAFT
    assert response.status_code == 200
    page = response.content.decode()
    assert "n&#x27;est pas possible pour un événement au statut « Brouillon »" in page


def test_a_moderator_never_moderates_their_own_event(
    moderator,
    current_edition,
    bordeaux,
    charter,
):
    own = make_event(moderator, current_edition, bordeaux, status=EventStatus.SUBMITTED)

    with pytest.raises(services.WorkflowError, match="vous organisez"):
        services.label_event(event=own, by=moderator, checked_items=[c.pk for c in charter])
    own.refresh_from_db()
    assert own.status == EventStatus.SUBMITTED


def test_the_review_shows_what_changed_and_the_history(client, moderator, organiser, submitted):
    services.request_changes(event=submitted, by=moderator, message="Le titre est vague.")
    submitted.title = "Débat des parents d'élèves du quartier"
    submitted.save()
    services.submit_event(event=submitted, by=organiser)
    client.force_login(moderator)

    page = client.get(f"/moderation/{submitted.pk}/").content.decode()

    assert "Modifié depuis la dernière relecture" in page
    assert "<del>Débat des parents</del>" in page
    assert "<ins>Débat des parents d&#x27;élèves du quartier</ins>" in page
    assert "Le titre est vague." in page
    assert "Modifications demandées" in page
    assert "Soumission pour relecture" in page
