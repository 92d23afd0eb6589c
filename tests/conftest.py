"""Shared fixtures: named users (organiser, other organiser, moderator, coordinator, visitor)."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from tests.factories import EditionFactory, UserFactory


def pytest_configure(config):
    from django.conf import settings

    # Tests serve static files from the finders; no collectstatic manifest needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # No collectstatic in tests: WhiteNoise looks files up on demand instead of at start-up.
    settings.WHITENOISE_AUTOREFRESH = True
    # Tests never reach the internet: maps without tiles, addresses placed offline.
    settings.MAP_TILES_URL = ""
    settings.GEOCODER = "offline"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # A file, not memory: the concurrency tests race threads and processes, each with
        # its own connection, and a file is what they share and lock as in production.
        name = Path(tempfile.gettempdir()) / f"jres-test-{os.getpid()}.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)
    # Files that tests make (posters, photos) never land in the working tree's var/.
    settings.MEDIA_ROOT = config._jres_media = Path(tempfile.mkdtemp(prefix="jres-test-media-"))
    # Tasks (e-mail delivery) run as soon as they are enqueued, i.e. after the commit.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def pytest_unconfigure(config):
    media = getattr(config, "_jres_media", None)
    if media is not None:
        shutil.rmtree(media, ignore_errors=True)


class CommittingClient(Client):
    """A test client whose requests end as in production: what waits for the commit runs.

    Each test runs inside a transaction that is rolled back, so `transaction.on_commit`
    callbacks (the delivery of queued e-mails) would never run. In production a request's
    transaction commits before the response leaves; here the callbacks the request queued
    run when its response is ready, once, and are then forgotten.
    """

    def request(self, **request):
        start = len(connection.run_on_commit)
        response = super().request(**request)
        while len(connection.run_on_commit) > start:
            pending = connection.run_on_commit[start:]
            del connection.run_on_commit[start:]
            for _savepoints, callback, _robust in pending:
                callback()
        return response


@pytest.fixture
def client():
    return CommittingClient()


def pytest_collection_modifyitems(config, items):
    """Refuse a test outside tests/browser that asks for `page` (Playwright's fixture).

    Such a test is parametrised by browser, which makes pytest reorder the session: tests
    that rely on migration data would then run after the browser tests flushed it.
    """
    browser_tests = Path(__file__).parent / "browser"
    misplaced = [
        item.nodeid
        for item in items
        if "page" in getattr(item, "fixturenames", ())
        and not item.path.is_relative_to(browser_tests)
    ]
    if misplaced:
        raise pytest.UsageError(
            "Only browser tests may use the name `page`: " + ", ".join(misplaced)
        )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    from jres.api import http

    cache.clear()
    http.forget()  # the API's copies in this process, keyed on counters that start again
    yield
    cache.clear()


@pytest.fixture
def organiser(db):
    return UserFactory(display_name="Odile Organisatrice")


@pytest.fixture
def other_organiser(db):
    return UserFactory(display_name="Omar Organisateur")


@pytest.fixture
def moderator(db):
    return UserFactory(display_name="Malik Modération", groups=["moderators"])


@pytest.fixture
def coordinator(db):
    return UserFactory(display_name="Camille Coordination", groups=["coordinators"], is_staff=True)


@pytest.fixture
def current_edition(db):
    edition = EditionFactory(year=2026, number=19, status="open")
    edition.make_current()
    return edition
