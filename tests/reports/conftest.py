"""Fixtures of the reports tests: a labelled event that took place yesterday, and photos."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from jres.events.models import EventKind
from jres.reports.models import EventReport, ReportPhoto
from tests.events.factories import EventFactory


def past_event(*, days_ago: int = 1, **overrides):
    """A labelled event that ended `days_ago` days ago, in the evening."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    starts_at = datetime.datetime.combine(
        day, datetime.time(18, 0), tzinfo=timezone.get_current_timezone()
    )
    # Transactional tests flush the rows the data migration made: bring the kind back.
    kind, _created = EventKind.objects.get_or_create(slug="debat", defaults={"name_fr": "Débat"})
    return EventFactory(
        **{
            "kind": kind,
            "title": "Débat sur les devoirs",
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=2),
            **overrides,
        }
    )


def image_bytes(size=(40, 30), *, format="PNG", exif=None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=format, **({"exif": exif} if exif else {}))
    return buffer.getvalue()


def upload(content: bytes | None = None, name="photo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content or image_bytes(), content_type=content_type)


def make_report(event, **fields) -> EventReport:
    return EventReport.objects.create(event=event, **{"participants": 40, **fields})


def make_photo(report, number=1) -> ReportPhoto:
    return ReportPhoto.objects.create(
        report=report,
        image=upload(name=f"photo{number}.png"),
        alt_text=f"Photo {number}",
        image_rights_confirmed=True,
        position=number,
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def event(current_edition, organiser):
    return past_event(edition=current_edition, organiser=organiser, audiences=["parents"])


@pytest.fixture
def other_event(current_edition, other_organiser):
    return past_event(edition=current_edition, organiser=other_organiser, title="Autre débat")


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run what is queued after commit (e-mail delivery, file removal) as the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
