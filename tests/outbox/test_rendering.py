"""Messages stored unrendered: the delivery task renders them once, every attempt sends that."""

import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from jres.outbox import rendering, services
from jres.outbox.models import MessageStatus, OutgoingMessage

pytestmark = pytest.mark.django_db

renders = []


@rendering.renderer("tests.greeting")
def greeting(*, name: str, count: int):
    renders.append(name)
    message = EmailMultiAlternatives(
        subject=f"Bonjour {name}", body=f"Message numéro {count} pour {name}."
    )
    message.attach_alternative(f"<p>Message numéro {count}</p>", "text/html")
    message.attach("note.txt", b"piece jointe", "text/plain")
    return message


@pytest.fixture(autouse=True)
def _forget_renders():
    renders.clear()


def queue(**arguments):
    return services.queue_unrendered(
        renderer="tests.greeting",
        arguments={"name": "Inès", "count": 1, **arguments},
        to=["ines@example.net"],
        template="tests/greeting",
    )


def test_the_request_stores_recipients_and_arguments_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outgoing = queue()

    stored = OutgoingMessage.objects.get(pk=outgoing.pk)
    assert stored.body_text == "" and stored.subject == "" and not stored.is_rendered
    assert stored.to == ["ines@example.net"] and stored.message_id
    assert renders == [] and len(callbacks) == 1


def test_delivery_renders_then_sends_to_the_stored_recipients(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = queue()

    [sent] = mail.outbox
    assert sent.to == ["ines@example.net"]
    assert sent.subject == "Bonjour Inès"
    assert sent.body == "Message numéro 1 pour Inès."
    assert sent.alternatives[0].content == "<p>Message numéro 1</p>"
    assert sent.attachments[0][:2] == ("note.txt", "piece jointe")
    assert sent.extra_headers["Message-ID"] == outgoing.message_id
    outgoing.refresh_from_db()
    assert outgoing.status == MessageStatus.SENT and outgoing.subject == "Bonjour Inès"


def test_a_retry_sends_what_the_first_attempt_rendered(
    monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = queue()
    outgoing.refresh_from_db()
    assert outgoing.status == MessageStatus.PENDING and outgoing.is_rendered
    # What the renderer would say now no longer matters: the stored text is sent.
    OutgoingMessage.objects.filter(pk=outgoing.pk).update(
        render_arguments={"name": "Autre", "count": 2}, next_attempt_at=timezone.now()
    )
    monkeypatch.undo()

    assert services.deliver(outgoing.pk) == "sent"

    assert renders == ["Inès"]
    assert [message.body for message in mail.outbox] == ["Message numéro 1 pour Inès."]


def test_an_unknown_renderer_fails_the_message_without_retrying(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = services.queue_unrendered(
            renderer="tests.nothing", arguments={}, to=["ines@example.net"]
        )

    outgoing.refresh_from_db()
    assert outgoing.status == MessageStatus.FAILED
    assert "UnknownRenderer" in outgoing.last_error
    assert mail.outbox == [] and not services.due_messages().exists()
