"""Fifty clients racing for the last place, twenty times: never more than the capacity.

Real threads, each with its own database connection, call the service at the same
moment; then the same race goes through two app server processes over HTTP. Runs on the
database the suite runs on: SQLite (a file, see tests/conftest.py) or PostgreSQL.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from jres.registrations import services
from jres.registrations.models import Registration, RegistrationStatus
from tests.factories import EditionFactory, UserFactory
from tests.registrations.conftest import upcoming_event
from tests.registrations.factories import RegistrationFactory

CLIENTS = 50
ROUNDS = 20
CAPACITY = 3


def _event_with_one_place_left(edition, organiser):
    event = upcoming_event(edition=edition, organiser=organiser, capacity=CAPACITY)
    RegistrationFactory(event=event, places=CAPACITY - 1)
    return event


def _race(target, count: int) -> list:
    """Run target(index) in `count` threads released together; return what each raised."""
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait(timeout=30)
            target(index)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _assert_never_overbooked(event):
    registrations = Registration.objects.filter(event=event)
    assert registrations.confirmed().places() == CAPACITY
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 2
    assert registrations.filter(status=RegistrationStatus.WAITING).count() == CLIENTS - 1
    assert registrations.count() == CLIENTS + 1


@pytest.mark.django_db(transaction=True)
def test_fifty_threads_racing_for_the_last_place_never_overbook():
    edition = EditionFactory(year=2026, number=19, status="open")
    organiser = UserFactory()
    for round_number in range(ROUNDS):
        event = _event_with_one_place_left(edition, organiser)

        def register(index, event=event, round_number=round_number):
            services.register_attendee(
                event=event,
                name=f"Client {index}",
                email=f"client{index}.round{round_number}@example.net",
                role="parent",
                places=1,
                language="fr",
            )

        errors = _race(register, CLIENTS)

        assert errors == []
        _assert_never_overbooked(event)


@pytest.mark.django_db(transaction=True)
def test_the_same_address_in_fifty_tabs_registers_once():
    event = _event_with_one_place_left(EditionFactory(year=2026, number=19), UserFactory())

    def register(index):
        services.register_attendee(event=event, name="Même", email="meme@example.net",
                                   role="parent", places=1, language="fr")  # fmt: skip

    errors = _race(register, CLIENTS)

    assert Registration.objects.filter(event=event, email="meme@example.net").count() == 1
    assert len(errors) == CLIENTS - 1
    assert all(isinstance(error, services.AlreadyRegistered) for error in errors)


# --- two app server processes ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    database = connection.settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{database['NAME']}"
    user = database["USER"] or ""
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{database['NAME']}"


@pytest.fixture
def app_servers(tmp_path):
    """Two gunicorn processes serving the platform from the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "SECRET_KEY": "concurrency-test-key",
        "VAR_DIR": str(tmp_path),
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
        # Every client here comes from 127.0.0.1: the per-address limit would stop them.
        "REGISTRATION_RATE_LIMIT": "",
        "WRITE_RATE_LIMIT": "",
        # No collectstatic here: static files come from the source tree.
        "DEBUG": "1",
    }
    ports = [_free_port(), _free_port()]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    servers = [
        subprocess.Popen(
            [
                str(gunicorn),
                "jres.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "8",
                "--timeout",
                "120",
                "--no-control-socket",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


class _Browser:
    """One visitor: a cookie jar, and the CSRF token of a form it loaded."""

    def __init__(self, origin: str):
        self.origin = origin
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            _NoRedirect(),
        )
        self.token = ""

    def load_form(self, path: str) -> None:
        page = self.opener.open(self.origin + path, timeout=60).read().decode()
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token, **data}).encode()
        request = urllib.request.Request(
            self.origin + path, data=body, headers={"Referer": self.origin + path}
        )
        try:
            return self.opener.open(request, timeout=60).status
        except urllib.error.HTTPError as error:
            return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.django_db(transaction=True)
def test_fifty_clients_on_two_app_servers_never_overbook(app_servers):
    edition = EditionFactory(year=2026, number=19, status="open")
    organiser = UserFactory()
    events = [_event_with_one_place_left(edition, organiser) for _round in range(ROUNDS)]
    browsers = [_Browser(app_servers[index % 2]) for index in range(CLIENTS)]
    for browser in browsers:
        browser.load_form(f"/evenements/{events[0].slug}/inscription/")

    for round_number, event in enumerate(events):
        statuses = {}

        def register(index, event=event, round_number=round_number, statuses=statuses):
            statuses[index] = browsers[index].post(
                f"/evenements/{event.slug}/inscription/",
                {"name": f"Client {index}", "email": f"c{index}.r{round_number}@example.net",
                 "role": "parent", "places": "1", "consent": "on"},
            )  # fmt: skip

        errors = _race(register, CLIENTS)

        assert errors == []
        assert set(statuses.values()) == {302}, statuses
        _assert_never_overbooked(event)
    assert settings.DATABASES["default"]["NAME"]  # the servers used the test database
