"""The data the production tests need, created in their own database by a subprocess with
the servers' environment, never through the suite's test database:

    data = seed.create_event(env, capacity=20)   # in the test; event() runs in the subprocess
"""

import json

from django.utils import timezone

from tests.factories import PASSWORD, EditionFactory, UserFactory
from tests.registrations.conftest import upcoming_event

ORGANISER_NAME = "Odile Organisatrice"


def event(*, capacity: int) -> dict:
    """The current edition, its organiser (a verified account) and an event taking
    registrations on the platform, ten days ahead, with `capacity` places."""
    year = timezone.now().year
    edition = EditionFactory(year=year, number=year - 2007, status="open")
    edition.make_current()
    organiser = UserFactory(email="odile@example.org", display_name=ORGANISER_NAME)
    registration_event = upcoming_event(edition=edition, organiser=organiser, capacity=capacity)
    return {
        "event_id": registration_event.pk,
        "slug": registration_event.slug,
        "title": registration_event.title,
        "organiser_email": organiser.email,
        "organiser_name": organiser.display_name,
        "password": PASSWORD,
    }


def print_json(value) -> None:
    print(json.dumps(value))


def create_event(env: dict[str, str], *, capacity: int) -> dict:
    """Run event() in `python -m jres shell` with the servers' environment; what it returned."""
    from tests.production.servers import run_python

    code = f"from tests.production import seed; seed.print_json(seed.event(capacity={capacity:d}))"
    return run_python(env, code)
