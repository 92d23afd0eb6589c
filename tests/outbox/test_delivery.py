"""Outgoing e-mails: stored in the transaction, sent after commit, once, retried on failure."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from jres.core.mail import send_templated_mail
from jres.outbox import services
from jres.outbox.models import MessageStatus, OutgoingMessage

pytestmark = pytest.mark.django_db


def queue(to="someone@example.net"):
    send_templated_mail(
        template="events/email/contact",
        to=[to],
        language="fr",
        context={"sender_name": "Victor", "message": "Bonjour", "event": None},
    )
    return OutgoingMessage.objects.latest("pk")


def test_nothing_leaves_before_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outgoing = queue()

    assert outgoing.status == MessageStatus.PENDING
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    outgoing.refresh_from_db()
    assert outgoing.status == MessageStatus.SENT and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError

    assert mail.outbox == [] and not OutgoingMessage.objects.exists()


def test_delivering_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = queue()

    assert services.deliver(outgoing.pk) == "skipped"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == outgoing.message_id


def test_a_failure_is_retried_later_with_back_off(monkeypatch, django_capture_on_commit_callbacks):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = queue()

    outgoing.refresh_from_db()
    assert outgoing.status == MessageStatus.PENDING and outgoing.attempts == 1
    first_wait = outgoing.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < first_wait <= datetime.timedelta(minutes=1)
    assert "SMTPServerDisconnected" in outgoing.last_error
    # Not due yet: nothing is tried.
    assert services.deliver(outgoing.pk) == "skipped"

    OutgoingMessage.objects.update(next_attempt_at=timezone.now())
    services.deliver(outgoing.pk)
    outgoing.refresh_from_db()
    assert outgoing.attempts == 2
    assert outgoing.next_attempt_at - timezone.now() > datetime.timedelta(seconds=110)

    monkeypatch.undo()
    OutgoingMessage.objects.update(next_attempt_at=timezone.now())
    from django.core.management import call_command

    call_command("retry_pending_mail", verbosity=0)
    outgoing.refresh_from_db()
    assert outgoing.status == MessageStatus.SENT and len(mail.outbox) == 1


def test_a_permanent_refusal_is_not_retried(monkeypatch, django_capture_on_commit_callbacks):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"someone@example.net": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = queue()

    outgoing.refresh_from_db()
    assert outgoing.status == MessageStatus.FAILED
    assert not services.due_messages().exists()


def test_a_claim_left_by_a_dead_worker_expires(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        outgoing = queue()
    OutgoingMessage.objects.update(
        status=MessageStatus.SENDING, claimed_until=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert services.deliver(outgoing.pk) == "skipped"

    OutgoingMessage.objects.update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))

    assert services.deliver(outgoing.pk) == "sent"
