"""The workflow of an initiative: every step in the history, every decision e-mailed."""

import pytest
from django.core import mail

from jres.initiatives import services
from jres.initiatives.models import InitiativeLogAction, InitiativeStatus
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(organiser):
    organiser.language = "en"
    organiser.save()
    return InitiativeFactory(
        proposer=organiser, status=InitiativeStatus.DRAFT, published_at=None,
        title="Tutorat au collège",
    )  # fmt: skip


def actions(initiative) -> list[str]:
    return list(initiative.log.order_by("created_at", "pk").values_list("action", flat=True))


def run_on_commit(django_capture_on_commit_callbacks, action):
    with django_capture_on_commit_callbacks(execute=True):
        action()


def test_submit_then_publish_is_recorded_and_e_mailed_in_the_proposers_language(
    draft, organiser, moderator, django_capture_on_commit_callbacks
):
    services.submit_initiative(initiative=draft, by=organiser)
    run_on_commit(
        django_capture_on_commit_callbacks,
        lambda: services.publish_initiative(initiative=draft, by=moderator, featured=True),
    )

    draft.refresh_from_db()
    assert draft.status == InitiativeStatus.PUBLISHED and draft.featured
    assert draft.published_at is not None
    assert actions(draft) == [InitiativeLogAction.SUBMITTED, InitiativeLogAction.PUBLISHED]
    assert draft.log.first().actor == moderator
    (sent,) = mail.outbox
    assert sent.to == [organiser.email]
    assert sent.subject == "Your initiative “Tutorat au collège” is published"
    assert f"/initiatives/{draft.slug}/" in sent.body
    assert sent.alternatives[0][1] == "text/html"


def test_changes_requested_keep_the_message_and_a_correction_is_submitted_again(
    draft, organiser, moderator, django_capture_on_commit_callbacks
):
    services.submit_initiative(initiative=draft, by=organiser)
    run_on_commit(
        django_capture_on_commit_callbacks,
        lambda: services.request_changes(
            initiative=draft, by=moderator, message="Ajoutez les résultats chiffrés."
        ),
    )
    assert draft.status == InitiativeStatus.CHANGES_REQUESTED
    assert "Ajoutez les résultats chiffrés." in mail.outbox[0].body

    services.submit_initiative(initiative=draft, by=organiser)

    assert draft.status == InitiativeStatus.SUBMITTED
    assert actions(draft)[-2:] == [InitiativeLogAction.CHANGES_REQUESTED,
                                   InitiativeLogAction.SUBMITTED]  # fmt: skip
    assert draft.log.filter(action="changes_requested").get().message == (
        "Ajoutez les résultats chiffrés."
    )


def test_a_refusal_needs_a_reason_and_is_e_mailed(
    draft, organiser, moderator, django_capture_on_commit_callbacks
):
    services.submit_initiative(initiative=draft, by=organiser)
    with pytest.raises(services.WorkflowError):
        services.refuse_initiative(initiative=draft, by=moderator, reason="  ")
    run_on_commit(
        django_capture_on_commit_callbacks,
        lambda: services.refuse_initiative(initiative=draft, by=moderator, reason="Hors sujet."),
    )

    assert draft.status == InitiativeStatus.REFUSED and not draft.is_editable
    assert "Hors sujet." in mail.outbox[0].body


def test_nobody_moderates_an_initiative_they_proposed(moderator):
    own = InitiativeFactory(proposer=moderator, status=InitiativeStatus.SUBMITTED)

    with pytest.raises(services.WorkflowError, match="vous proposez"):
        services.publish_initiative(initiative=own, by=moderator)

    own.refresh_from_db()
    assert own.status == InitiativeStatus.SUBMITTED and not own.log.exists()


def test_an_organiser_is_no_moderator(draft, organiser, other_organiser):
    services.submit_initiative(initiative=draft, by=organiser)

    with pytest.raises(services.WorkflowError):
        services.publish_initiative(initiative=draft, by=other_organiser)


def test_editing_a_published_initiative_sends_it_back_to_review(organiser):
    initiative = InitiativeFactory(proposer=organiser)

    services.record_edit(initiative=initiative, by=organiser, changed_fields=["description"])

    assert initiative.status == InitiativeStatus.SUBMITTED
    entry = initiative.log.get()
    assert entry.action == InitiativeLogAction.BACK_TO_REVIEW and entry.changes == ["description"]


def test_featuring_is_for_published_initiatives_and_logged(organiser, moderator):
    initiative = InitiativeFactory(proposer=organiser)
    services.set_featured(initiative=initiative, by=moderator, featured=True)
    assert initiative.featured and initiative.log.get().action == InitiativeLogAction.FEATURED

    draft = InitiativeFactory(proposer=organiser, status=InitiativeStatus.DRAFT)
    with pytest.raises(services.WorkflowError):
        services.set_featured(initiative=draft, by=moderator, featured=True)
