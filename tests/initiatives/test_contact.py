"""Writing to an initiative's carrier: Reply-To the visitor, floods answered 429."""

import time

import pytest
from django.core import mail

from jres.core.antispam import stamp
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(organiser, france):
    return InitiativeFactory(proposer=organiser, commune=france.bordeaux, title="Mentorat",
                             contact_email="porteur@example.org")  # fmt: skip


def message(**overrides) -> dict:
    return {
        "name": "Victor Visiteur",
        "email": "victor@example.net",
        "message": "Bonjour, comment avez-vous trouvé les étudiants ?",
        "website": "",
        # Served ten seconds ago: as long as a person takes (core/antispam.py).
        "started": stamp(at=time.time() - 10),
        **overrides,
    }


def test_a_message_posted_at_once_is_taken_for_a_robot(client, initiative):
    response = client.post(url(initiative), message(started=stamp()))

    assert response.status_code == 302
    assert mail.outbox == []


def url(initiative) -> str:
    return f"/initiatives/{initiative.slug}/contact/"


def test_the_message_reaches_the_carrier_with_the_visitor_as_reply_to(client, initiative):
    response = client.post(url(initiative), message())

    assert response.status_code == 302 and response["Location"] == initiative.get_absolute_url()
    (sent,) = mail.outbox
    assert sent.to == ["porteur@example.org"] and sent.reply_to == ["victor@example.net"]
    assert "Mentorat" in sent.subject and "Victor Visiteur" in sent.subject
    assert "comment avez-vous trouvé les étudiants ?" in sent.body
    assert "porteur@example.org" not in client.get(url(initiative)).content.decode()


def test_a_robot_filling_the_honeypot_sends_nothing(client, initiative):
    response = client.post(url(initiative), message(website="https://spam.example"))

    assert response.status_code == 302 and mail.outbox == []


def test_a_flood_from_one_address_is_answered_429_and_keeps_what_was_typed(
    client, initiative, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "initiative_contact": "2/h/ip"}
    for _ in range(2):
        assert client.post(url(initiative), message()).status_code == 302

    response = client.post(url(initiative), message(message="Un troisième message, gardé."))

    content = response.content.decode()
    assert response.status_code == 429
    assert "réessayez dans une heure" in content
    assert "Un troisième message, gardé." in content
    assert len(mail.outbox) == 2
