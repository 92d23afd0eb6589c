"""Sending in batches: every recipient once, a crash resumed without a second copy, a mail
server down waited for, one refused address not holding up the others."""

import datetime
import smtplib
from collections import Counter

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from jres.newsletter import composing, sending, services
from jres.newsletter.models import (
    Mailing,
    MailingRecipient,
    MailingStatus,
    RecipientStatus,
    Segment,
)
from tests.newsletter.factories import MailingFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """A worker killed mid-batch: nothing in the batch catches it."""


def received() -> Counter:
    return Counter(message.to[0] for message in mail.outbox)


def started(coordinator, count=10) -> Mailing:
    """A mailing to `count` subscribers, started, its batches not yet run."""
    SubscriberFactory.create_batch(count)
    mailing = MailingFactory()
    services.start_mailing(mailing=mailing, by=coordinator)  # on_commit never runs here
    mailing.refresh_from_db()
    return mailing


def expire_claims() -> None:
    """Let time pass beyond every claim, as for a worker gone for good."""
    MailingRecipient.objects.filter(status=RecipientStatus.SENDING).update(
        claimed_until=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_batches_reach_every_subscriber_once_and_finish(start, monkeypatch):
    monkeypatch.setattr(sending, "BATCH_SIZE", 3)
    subscribers = SubscriberFactory.create_batch(10)
    SubscriberFactory(status="pending")
    mailing = MailingFactory()

    assert start(mailing) == 10

    assert received() == Counter({subscriber.email: 1 for subscriber in subscribers})
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT and mailing.finished_at
    assert mailing.recipient_count == 10
    counts = sending.progress(mailing)
    assert counts["sent"] == 10 and counts["done"] == 10 and counts["pending"] == 0
    ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert len(set(ids)) == 10
    assert set(ids) == set(MailingRecipient.objects.values_list("message_id", flat=True))


def test_a_send_killed_half_way_and_resumed_reaches_each_recipient_exactly_once(
    coordinator, monkeypatch
):
    mailing = started(coordinator, count=10)
    calls = {"n": 0}
    original = composing.Draft.for_recipient

    def dies_at_the_sixth(self, recipient):
        calls["n"] += 1
        if calls["n"] == 6:
            raise Killed
        return original(self, recipient)

    monkeypatch.setattr(composing.Draft, "for_recipient", dies_at_the_sixth)
    with pytest.raises(Killed):
        sending.send_batch(mailing.pk, size=8)
    monkeypatch.undo()

    assert len(mail.outbox) == 5
    statuses = Counter(MailingRecipient.objects.values_list("status", flat=True))
    assert statuses == {"sent": 5, "sending": 3, "pending": 2}
    # While the dead worker's claim lasts, a resumption leaves its rows alone...
    call_command("resume_mailings", verbosity=0)
    assert MailingRecipient.objects.filter(status=RecipientStatus.SENDING).count() == 3
    assert len(mail.outbox) == 7
    # ... and takes them once it has expired.
    expire_claims()
    call_command("resume_mailings", verbosity=0)

    assert received() == Counter(
        dict.fromkeys(MailingRecipient.objects.values_list("email", flat=True), 1)
    )
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT
    assert sending.progress(mailing)["sent"] == 10
    call_command("resume_mailings", verbosity=0)
    assert len(mail.outbox) == 10


def test_the_message_in_flight_at_a_crash_is_sent_again_with_the_same_message_id(
    coordinator, monkeypatch
):
    """The one exception to exactly once, as the sending module's docstring says."""
    mailing = started(coordinator, count=4)
    original = EmailBackend.send_messages
    calls = {"n": 0}

    def accepted_then_killed(self, messages):
        sent = original(self, messages)
        calls["n"] += 1
        if calls["n"] == 2:
            raise Killed  # the server has it; the worker dies before marking it sent
        return sent

    monkeypatch.setattr(EmailBackend, "send_messages", accepted_then_killed)
    with pytest.raises(Killed):
        sending.send_batch(mailing.pk)
    monkeypatch.undo()
    expire_claims()
    call_command("resume_mailings", verbosity=0)

    counts = received()
    assert sorted(counts.values()) == [1, 1, 1, 2]
    [twice] = [address for address, count in counts.items() if count == 2]
    ids = {m.extra_headers["Message-ID"] for m in mail.outbox if m.to == [twice]}
    assert len(ids) == 1


def test_a_mail_server_down_puts_the_batch_back_and_nothing_is_lost(coordinator, monkeypatch):
    mailing = started(coordinator, count=6)
    original = EmailBackend.send_messages
    calls = {"n": 0}

    def goes_down_at_the_third(self, messages):
        calls["n"] += 1
        if calls["n"] >= 3:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", goes_down_at_the_third)
    assert sending.send_batch(mailing.pk) == "waiting"

    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.WAITING and mailing.retries == 1
    assert "SMTPServerDisconnected" in mailing.last_error
    pending = MailingRecipient.objects.filter(status=RecipientStatus.PENDING)
    assert pending.count() == 4 and all(r.next_attempt_at > timezone.now() for r in pending)
    assert sorted(pending.values_list("attempts", flat=True)) == [0, 0, 0, 1]  # the one tried
    # Not due yet: a resumption sends nothing.
    call_command("resume_mailings", verbosity=0)
    assert len(mail.outbox) == 2

    monkeypatch.undo()
    MailingRecipient.objects.update(next_attempt_at=timezone.now())
    call_command("resume_mailings", verbosity=0)

    assert sorted(received().values()) == [1] * 6
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT and mailing.failures_in_a_row == 0


def test_the_back_off_grows_with_failures_in_a_row_and_is_capped():
    assert sending._retry_delay(1) == datetime.timedelta(seconds=15)
    assert sending._retry_delay(3) == datetime.timedelta(seconds=60)
    assert sending._retry_delay(40) == sending.LONGEST_RETRY


def test_an_address_refused_for_good_fails_alone(start, monkeypatch):
    SubscriberFactory.create_batch(3)
    refused = SubscriberFactory(email="inconnu@example.net")
    original = EmailBackend.send_messages

    def refuse_one(self, messages):
        if messages[0].to == [refused.email]:
            raise smtplib.SMTPRecipientsRefused({refused.email: (550, b"No such user")})
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_one)
    mailing = MailingFactory()
    start(mailing)

    assert len(mail.outbox) == 3 and refused.email not in received()
    failed = MailingRecipient.objects.get(status=RecipientStatus.FAILED)
    assert failed.email == refused.email and "550" in failed.last_error
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT


def test_two_claims_never_share_a_recipient(coordinator):
    mailing = started(coordinator, count=7)
    _first, first, _until = sending.claim(mailing.pk, size=4)
    _second, second, _until = sending.claim(mailing.pk, size=4)
    _third, third, _until = sending.claim(mailing.pk, size=4)
    assert len(first) == 4 and len(second) == 3 and third == []
    assert not {r.pk for r in first} & {r.pk for r in second}


def test_a_mailing_is_started_once(coordinator, start):
    SubscriberFactory.create_batch(2)
    mailing = MailingFactory()
    start(mailing)
    with pytest.raises(services.AlreadyStarted):
        start(mailing)
    assert MailingRecipient.objects.count() == 2 and len(mail.outbox) == 2
    assert sending.send_batch(mailing.pk) == "nothing"


def test_an_empty_segment_creates_nothing_and_sends_nothing(coordinator, current_edition):
    SubscriberFactory(status="pending")
    mailing = MailingFactory()
    with pytest.raises(services.EmptySegment):
        services.start_mailing(mailing=mailing, by=coordinator)
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DRAFT and not MailingRecipient.objects.exists()
    returning = MailingFactory(segment=Segment.RETURNING)
    with pytest.raises(services.EmptySegment):
        services.start_mailing(mailing=returning, by=coordinator)
    assert mail.outbox == []


def test_each_recipient_reads_the_wrapper_in_their_language(start):
    SubscriberFactory(email="en@example.net", language="en")
    SubscriberFactory(email="fr@example.net", language="fr")
    start(MailingFactory(subject="Une lettre", body="Le **corps**"))
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Se désabonner en un clic" in by_address["fr@example.net"].body
    assert "Le **corps**" in by_address["en@example.net"].body
    assert by_address["en@example.net"].subject == by_address["fr@example.net"].subject
    assert '<html lang="en">' in by_address["en@example.net"].alternatives[0].content


def test_hostile_subject_and_body_are_inert_in_html_and_plain_in_text(start):
    SubscriberFactory(email="lecteur@example.net")
    body = (
        "<script>alert('x')</script>\n\n[clic](javascript:alert(1)) "
        '<img src=x onerror="alert(2)"> **gras**'
    )
    start(MailingFactory(subject="<b>Objet</b> <script>", body=body))
    [message] = mail.outbox
    html = message.alternatives[0].content
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "<strong>gras</strong>" in html
    assert "&lt;b&gt;Objet&lt;/b&gt;" in html  # the <title>
    assert "<script>alert('x')</script>" in message.body  # the text part, as typed
    assert message.subject == "<b>Objet</b> <script>"


def test_the_test_send_goes_to_the_coordinator_only(client, coordinator):
    SubscriberFactory.create_batch(3)
    mailing = MailingFactory(subject="Essai")
    client.force_login(coordinator)

    response = client.post(f"/gestion/messages/{mailing.pk}/test/", follow=True)

    assert "Le message de test est parti" in response.text
    [message] = mail.outbox
    assert message.to == [coordinator.email] and message.subject == "[TEST] Essai"
    mailing.refresh_from_db()
    assert mailing.is_draft and mailing.test_sent_at and not mailing.recipients.exists()
