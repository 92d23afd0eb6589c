"""Fixtures of the registrations tests: an upcoming labelled event taking registrations."""

import datetime

import pytest
from django.utils import timezone

from jres.events.models import EventKind
from tests.events.factories import EventFactory
from tests.mailserver import smtp  # noqa: F401  (a fixture for the tests here)


def upcoming_event(**overrides):
    """An event ten days ahead, labelled, taking registrations on the platform."""
    starts_at = timezone.now() + datetime.timedelta(days=10)
    # Transactional tests flush the rows the data migration made: bring the kind back.
    kind, _created = EventKind.objects.get_or_create(slug="debat", defaults={"name_fr": "Débat"})
    return EventFactory(
        **{
            "kind": kind,
            "title": "Atelier devoirs",
            "registration_mode": "platform",
            "capacity": 3,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=2),
            **overrides,
        }
    )


@pytest.fixture
def event(current_edition, organiser):
    return upcoming_event(edition=current_edition, organiser=organiser)


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run what is queued after commit (e-mail delivery) as the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
