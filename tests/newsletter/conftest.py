import email
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core import mail

from jres.newsletter import services
from jres.newsletter.models import Mailing


@pytest.fixture
def start(coordinator, django_capture_on_commit_callbacks):
    """Start a mailing as the coordinator and run what waits for the commit: its batches
    (tasks run at once in tests) send every message before this returns."""

    def start_mailing(mailing: Mailing) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return services.start_mailing(mailing=mailing, by=coordinator)

    return start_mailing


def messages_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


class Recorder:
    """An SMTP handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1: (recorder, start, stop); started."""
    port = _free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    recorder = Recorder()
    controllers = []

    def start():
        controller = Controller(recorder, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)

    def stop():
        controllers.pop().stop()

    start()
    yield recorder, start, stop
    while controllers:
        stop()
