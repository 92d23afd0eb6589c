"""The production path: django-tasks-db stores the delivery task, its worker runs it, and a
failed send is put back in the queue for later (`run_after`), not retried at once."""

import smtplib

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jres.core.mail import send_templated_mail
from jres.outbox.models import MessageStatus, OutgoingMessage
from tests.mailserver import database_tasks, run_worker  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_tasks")]


def queue() -> OutgoingMessage:
    send_templated_mail(
        template="events/email/contact",
        to=["someone@example.net"],
        language="fr",
        context={"sender_name": "Victor", "message": "Bonjour"},
    )
    return OutgoingMessage.objects.get()


def test_the_worker_sends_what_was_queued():
    outgoing = queue()
    assert DBTaskResult.objects.count() == 1 and mail.outbox == []

    run_worker()

    outgoing.refresh_from_db()
    assert outgoing.status == MessageStatus.SENT and len(mail.outbox) == 1
    run_worker()  # nothing left: nothing sent again
    assert len(mail.outbox) == 1


def test_a_failed_send_is_queued_again_for_after_the_back_off(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPDataError(451, b"try again later")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    outgoing = queue()

    run_worker()

    outgoing.refresh_from_db()
    assert outgoing.status == MessageStatus.PENDING and outgoing.attempts == 1
    retry = DBTaskResult.objects.exclude(status="SUCCESSFUL").get()
    assert retry.run_after == outgoing.next_attempt_at > timezone.now()

    monkeypatch.undo()
    run_worker()  # not due yet
    assert mail.outbox == []
    DBTaskResult.objects.update(run_after=timezone.now())
    OutgoingMessage.objects.update(next_attempt_at=timezone.now())
    run_worker()
    outgoing.refresh_from_db()
    assert outgoing.status == MessageStatus.SENT and len(mail.outbox) == 1
