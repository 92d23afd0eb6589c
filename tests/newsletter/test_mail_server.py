"""With a real SMTP server (aiosmtpd): a sending killed half-way and resumed, and a mail
server stopped mid-batch then restarted, reach each recipient exactly once."""

import datetime
import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from jres.newsletter import composing, sending, services
from jres.newsletter.models import Mailing, MailingRecipient, MailingStatus, RecipientStatus
from tests.newsletter.factories import MailingFactory, SubscriberFactory

pytestmark = pytest.mark.django_db(transaction=True)


class Killed(BaseException):
    pass


def started(coordinator, monkeypatch, count: int) -> Mailing:
    """A mailing started with its batches held back, as if no worker had run yet."""
    SubscriberFactory.create_batch(count)
    mailing = MailingFactory()
    with monkeypatch.context() as patch:
        patch.setattr(sending, "enqueue_batches", lambda mailing_pk: None)
        services.start_mailing(mailing=mailing, by=coordinator)
    return mailing


def received(recorder) -> tuple[Counter, Counter]:
    addresses = Counter(to[0] for to, _message in recorder.messages)
    ids = Counter(message["Message-ID"] for _to, message in recorder.messages)
    return addresses, ids


def every_subscriber_once(recorder, count: int) -> None:
    addresses, ids = received(recorder)
    expected = set(MailingRecipient.objects.values_list("email", flat=True))
    assert len(expected) == count
    assert set(addresses) == expected and set(addresses.values()) == {1}
    assert len(ids) == count and set(ids.values()) == {1}


def test_a_sending_killed_half_way_and_resumed_reaches_each_recipient_once(
    smtp, coordinator, monkeypatch
):
    recorder, _start, _stop = smtp
    monkeypatch.setattr(sending, "BATCH_SIZE", 5)
    mailing = started(coordinator, monkeypatch, 12)
    original = composing.Draft.for_recipient
    calls = {"n": 0}

    def killed_at_the_fourth(self, recipient):
        calls["n"] += 1
        if calls["n"] == 4:
            raise Killed
        return original(self, recipient)

    with monkeypatch.context() as patch:
        patch.setattr(composing.Draft, "for_recipient", killed_at_the_fourth)
        with pytest.raises(Killed):
            sending.send_batch(mailing.pk)
    assert len(recorder.messages) == 3
    assert MailingRecipient.objects.filter(status=RecipientStatus.SENDING).count() == 2

    # The worker is gone for good: its claim expires, and the hourly command resumes.
    MailingRecipient.objects.filter(status=RecipientStatus.SENDING).update(
        claimed_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    call_command("resume_mailings", verbosity=0)

    every_subscriber_once(recorder, 12)
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT


def test_a_mail_server_stopped_mid_batch_then_restarted_loses_and_duplicates_nothing(
    smtp, coordinator, monkeypatch
):
    recorder, start, stop = smtp
    mailing = started(coordinator, monkeypatch, 10)
    original = composing.Draft.for_recipient
    calls = {"n": 0}

    def server_stops_at_the_fifth(self, recipient):
        calls["n"] += 1
        if calls["n"] == 5:
            stop()
        return original(self, recipient)

    with monkeypatch.context() as patch:
        patch.setattr(composing.Draft, "for_recipient", server_stops_at_the_fifth)
        assert sending.send_batch(mailing.pk) == "waiting"

    assert len(recorder.messages) == 4
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.WAITING and mailing.retries == 1
    assert MailingRecipient.objects.filter(status=RecipientStatus.PENDING).count() == 6

    # Still down once the back-off has elapsed: another failure, nothing lost.
    MailingRecipient.objects.update(next_attempt_at=timezone.now())
    call_command("resume_mailings", verbosity=0)
    mailing.refresh_from_db()
    assert mailing.retries == 2  # the first queued batch failed; the second found none due
    assert MailingRecipient.objects.filter(status=RecipientStatus.PENDING).count() == 6

    start()
    MailingRecipient.objects.update(next_attempt_at=timezone.now())

    # Two workers at once, then a third pass: each message still goes once.
    def batch():
        try:
            sending.send_batch(mailing.pk, size=2)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=batch) for _n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    call_command("resume_mailings", verbosity=0)

    every_subscriber_once(recorder, 10)
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT and mailing.failures_in_a_row == 0


def test_a_batch_sends_over_one_smtp_connection(smtp, coordinator, monkeypatch):
    import smtplib

    recorder, _start, _stop = smtp
    mailing = started(coordinator, monkeypatch, 6)
    connects = []
    original = smtplib.SMTP.connect

    def counted(self, *args, **kwargs):
        connects.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "connect", counted)
    sending.send_batch(mailing.pk, size=6)

    assert len(recorder.messages) == 6 and len(connects) == 1
