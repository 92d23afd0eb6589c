"""Unsubscribing in one click from every message: the page's button, the mail client's
RFC 8058 POST without a CSRF token, and the opt-out list for coordination messages."""

import re

import pytest
from django.core import mail
from django.test import Client

from jres.newsletter.models import MailingRecipient, OptOut, Segment, Subscriber, SubscriberStatus
from jres.newsletter.services import EmptySegment
from tests.events.factories import EventFactory
from tests.newsletter.conftest import messages_to
from tests.newsletter.factories import MailingFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def unsubscribe_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/lettre/desabonnement/[\w-]+/)", message.body).group(1)


def test_every_mailing_message_carries_the_one_click_headers_and_links(start):
    subscribers = SubscriberFactory.create_batch(3)
    start(MailingFactory())

    assert len(mail.outbox) == 3
    tokens = set()
    for message in mail.outbox:
        header = message.extra_headers["List-Unsubscribe"]
        assert re.fullmatch(r"<http://[^>]+/lettre/desabonnement/[\w-]{43}/>", header)
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        path = unsubscribe_path(message)
        assert path in header and path in message.alternatives[0].content
        tokens.add(path)
    assert len(tokens) == 3  # one link per recipient
    assert {message.to[0] for message in mail.outbox} == {s.email for s in subscribers}


def test_the_page_asks_and_the_button_unsubscribes(client, start):
    subscriber = SubscriberFactory()
    start(MailingFactory())
    path = unsubscribe_path(mail.outbox[0])

    page = client.get(path)
    assert "Me désabonner" in page.text
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED

    done = client.post(path)
    assert "Vous êtes désabonné·e" in done.text
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED and subscriber.unsubscribed_at

    mail.outbox.clear()
    with pytest.raises(EmptySegment):
        start(MailingFactory())
    assert mail.outbox == []


def test_a_mail_client_unsubscribes_with_one_csrf_less_post(start):
    subscriber = SubscriberFactory()
    start(MailingFactory())
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    url = header.strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]

    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{path}", {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_the_subscriber_s_own_link_works_too(client):
    subscriber = SubscriberFactory()
    client.post(f"/lettre/desabonnement/{subscriber.unsubscribe_token}/")
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_an_organiser_who_unsubscribes_stops_getting_coordination_messages(
    client, start, current_edition
):
    organiser = EventFactory(edition=current_edition).organiser
    other = EventFactory(edition=current_edition).organiser
    start(MailingFactory(segment=Segment.ORGANISERS))
    [message] = messages_to(organiser.email)
    assert len(messages_to(other.email)) == 1

    response = client.post(unsubscribe_path(message))

    assert "Vous ne recevrez plus les messages de la coordination nationale" in response.text
    assert OptOut.objects.get().email == organiser.email
    mail.outbox.clear()
    start(MailingFactory(segment=Segment.ORGANISERS, subject="Encore"))
    assert [message.to for message in mail.outbox] == [[other.email]]
    client.post(unsubscribe_path(message))  # twice: harmless
    assert OptOut.objects.count() == 1


def test_someone_who_leaves_during_a_sending_is_skipped(start, monkeypatch):
    first, second = SubscriberFactory.create_batch(2)
    from jres.newsletter import sending

    def leave_then_claim(mailing_pk, *, size):
        Subscriber.objects.filter(pk=second.pk).update(status=SubscriberStatus.UNSUBSCRIBED)
        return original(mailing_pk, size=size)

    original = sending.claim
    monkeypatch.setattr(sending, "claim", leave_then_claim)
    mailing = MailingFactory()
    start(mailing)

    assert [message.to for message in mail.outbox] == [[first.email]]
    statuses = dict(MailingRecipient.objects.values_list("email", "status"))
    assert statuses == {first.email: "sent", second.email: "skipped"}


@pytest.mark.parametrize("token", ["inconnu", "x" * 43, "x" * 300, "a" * 42])
def test_forged_or_truncated_unsubscribe_links_are_not_found(client, token):
    subscriber = SubscriberFactory()
    assert client.get(f"/lettre/desabonnement/{token}/").status_code == 404
    assert client.post(f"/lettre/desabonnement/{token}/").status_code == 404
    truncated = subscriber.unsubscribe_token[:-2]
    assert client.post(f"/lettre/desabonnement/{truncated}/").status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
