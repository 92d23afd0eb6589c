"""The production path: django-tasks-db stores the batch tasks, its worker runs them, and a
mail server down puts the next batch in the queue for after the back-off (`run_after`)."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jres.newsletter import sending, services
from jres.newsletter.models import MailingRecipient, MailingStatus, RecipientStatus
from tests.mailserver import database_tasks, run_worker  # noqa: F401  (a fixture)
from tests.newsletter.factories import MailingFactory, SubscriberFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_tasks")]


def test_the_worker_sends_every_batch_and_finishes(coordinator, monkeypatch):
    monkeypatch.setattr(sending, "BATCH_SIZE", 4)
    SubscriberFactory.create_batch(10)
    mailing = MailingFactory()
    services.start_mailing(mailing=mailing, by=coordinator)
    assert DBTaskResult.objects.count() == sending.PARALLEL_BATCHES and mail.outbox == []

    run_worker()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        MailingRecipient.objects.values_list("email", flat=True)
    )
    assert len(mail.outbox) == 10
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT
    run_worker()
    assert len(mail.outbox) == 10


def test_a_mail_server_down_queues_the_batch_again_after_the_back_off(coordinator, monkeypatch):
    SubscriberFactory.create_batch(3)
    mailing = MailingFactory()

    def refuse(self, messages):
        raise smtplib.SMTPConnectError(421, b"try again later")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    services.start_mailing(mailing=mailing, by=coordinator)
    run_worker()

    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.WAITING and mail.outbox == []
    retry_at = MailingRecipient.objects.get(attempts=1).next_attempt_at
    waiting = DBTaskResult.objects.exclude(status="SUCCESSFUL")
    assert retry_at > timezone.now() and retry_at in {task.run_after for task in waiting}

    monkeypatch.undo()
    run_worker()  # not due yet
    assert mail.outbox == []
    DBTaskResult.objects.update(run_after=timezone.now())
    MailingRecipient.objects.update(next_attempt_at=timezone.now())
    run_worker()

    assert len(mail.outbox) == 3
    assert not MailingRecipient.objects.exclude(status=RecipientStatus.SENT).exists()
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT
