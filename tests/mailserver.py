"""What tests of e-mail delivery share: a real SMTP server on 127.0.0.1 (aiosmtpd) that
records what it accepts and can be stopped and restarted, and a django-tasks-db worker run
until the queue is empty."""

import email
import socket
import threading

import pytest
from aiosmtpd.controller import Controller


class Recorder:
    """An SMTP handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1 that Django sends to: (recorder, start, stop); started."""
    port = free_port()
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


@pytest.fixture
def database_tasks(settings):
    """Tasks stored by django-tasks-db, as in production, instead of run at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    """Run django-tasks-db's worker until no task is due."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    ).run()  # fmt: skip
