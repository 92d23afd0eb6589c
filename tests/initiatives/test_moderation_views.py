"""The moderators' pages: the queue, the decision, one's own initiative refused."""

import pytest

from jres.initiatives.models import InitiativeStatus
from tests.core.html import text
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(organiser, france):
    return InitiativeFactory(proposer=organiser, commune=france.bordeaux, title="À relire",
                             status=InitiativeStatus.SUBMITTED, published_at=None)  # fmt: skip


def test_the_queue_lists_submitted_initiatives(client, moderator, submitted, france):
    InitiativeFactory(commune=france.bordeaux, title="Déjà publiée")
    client.force_login(moderator)

    page = text(client.get("/moderation/initiatives/").content.decode())

    assert "À relire" in page and "Déjà publiée" not in page


def test_an_unknown_status_falls_back_to_the_submitted_ones(client, moderator, submitted):
    client.force_login(moderator)

    response = client.get("/moderation/initiatives/?statut=bidon")

    assert response.status_code == 200 and "À relire" in text(response.content.decode())


def test_organisers_do_not_reach_the_moderation_pages(client, organiser, submitted):
    client.force_login(organiser)

    assert client.get("/moderation/initiatives/").status_code == 302
    assert client.post(f"/moderation/initiatives/{submitted.pk}/",
                       {"decision": "publish"}).status_code == 302  # fmt: skip
    submitted.refresh_from_db()
    assert submitted.status == InitiativeStatus.SUBMITTED


def test_a_moderator_publishes_and_features(client, moderator, submitted):
    client.force_login(moderator)

    response = client.post(
        f"/moderation/initiatives/{submitted.pk}/", {"decision": "publish", "featured": "on"}
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == InitiativeStatus.PUBLISHED and submitted.featured


def test_a_moderator_cannot_moderate_their_own(client, moderator, france):
    own = InitiativeFactory(proposer=moderator, commune=france.bordeaux,
                            status=InitiativeStatus.SUBMITTED)  # fmt: skip
    client.force_login(moderator)

    page = client.get(f"/moderation/initiatives/{own.pk}/").content.decode()
    response = client.post(f"/moderation/initiatives/{own.pk}/", {"decision": "publish"})

    assert "un autre membre de l'équipe doit la relire" in text(page)
    assert response.status_code == 200
    assert "Vous ne pouvez pas modérer une initiative que vous proposez." in text(
        response.content.decode()
    )
    own.refresh_from_db()
    assert own.status == InitiativeStatus.SUBMITTED


def test_changes_need_a_message(client, moderator, submitted):
    client.force_login(moderator)

    response = client.post(f"/moderation/initiatives/{submitted.pk}/",
                           {"decision": "request_changes", "message": ""})  # fmt: skip

    assert response.status_code == 200
    assert "ce qu'il faut modifier" in text(response.content.decode())
