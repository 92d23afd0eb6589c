import pytest
from django.core import mail

from jres.newsletter import services
from jres.newsletter.models import Mailing
from tests.mailserver import smtp  # noqa: F401  (a fixture)


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
