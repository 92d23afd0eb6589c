"""With the mail server down, registrations succeed; once it is back, every message
arrives exactly once. A real SMTP server (aiosmtpd) is started, stopped and restarted."""

import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from jres.outbox import services as outbox
from jres.outbox.models import MessageStatus, OutgoingMessage
from jres.registrations.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)


def test_registrations_survive_a_mail_server_outage_and_mail_arrives_once(client, smtp):
    from tests.registrations.conftest import upcoming_event

    recorder, start, stop = smtp
    event = upcoming_event(capacity=5)
    response = client.post(
        f"/evenements/{event.slug}/inscription/",
        {"name": "Avant", "email": "avant@example.net", "role": "parent", "places": "1",
         "consent": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert len(recorder.messages) == 1  # the server works

    stop()
    addresses = [f"pendant{n}@example.net" for n in range(6)]
    for address in addresses:
        response = client.post(
            f"/evenements/{event.slug}/inscription/",
            {"name": "Pendant", "email": address, "role": "parent", "places": "1",
             "consent": "on"},
        )  # fmt: skip
        assert response.status_code == 302
    assert Registration.objects.filter(event=event).count() == 7
    assert Registration.objects.filter(event=event, status="waiting").count() == 2
    pending = OutgoingMessage.objects.filter(status=MessageStatus.PENDING)
    assert pending.count() == 6 and all(message.attempts == 1 for message in pending)
    assert len(recorder.messages) == 1

    # While it is still down, a retry fails again and keeps every message.
    OutgoingMessage.objects.update(next_attempt_at=timezone.now())
    call_command("retry_pending_mail", verbosity=0)
    assert OutgoingMessage.objects.filter(status=MessageStatus.PENDING).count() == 6

    start()
    # The back-off has elapsed; two sweeps run at once, and a third afterwards.
    OutgoingMessage.objects.update(next_attempt_at=timezone.now())

    def sweep():
        try:
            call_command("retry_pending_mail", verbosity=0)
        finally:
            connections.close_all()

    sweeps = [threading.Thread(target=sweep) for _n in range(2)]
    for sweep in sweeps:
        sweep.start()
    for sweep in sweeps:
        sweep.join()
    call_command("retry_pending_mail", verbosity=0)
    for message in OutgoingMessage.objects.all():
        assert outbox.deliver(message.pk) == "skipped"

    assert OutgoingMessage.objects.exclude(status=MessageStatus.SENT).count() == 0
    received = Counter(message["Message-ID"] for _to, message in recorder.messages)
    assert len(received) == 7 and set(received.values()) == {1}
    recipients = sorted(to[0] for to, _message in recorder.messages)
    assert recipients == sorted(["avant@example.net", *addresses])
