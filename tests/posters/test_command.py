"""generate_posters: build what is missing, or everything with --all."""

import io

import pytest
from django.core.management import call_command

from jres.events.models import EventStatus
from jres.posters.models import EventKit
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def _run(*arguments) -> str:
    output = io.StringIO()
    call_command("generate_posters", *arguments, stdout=output)
    return output.getvalue()


def test_missing_builds_every_published_event_once(current_edition):
    labelled = EventFactory(edition=current_edition)
    cancelled = EventFactory(edition=current_edition, status=EventStatus.CANCELLED)
    draft = EventFactory(edition=current_edition, status=EventStatus.DRAFT, labelled_at=None)

    assert "2 built" in _run("--missing")
    assert set(EventKit.objects.values_list("event", flat=True)) == {labelled.pk, cancelled.pk}
    assert not EventKit.objects.filter(event=draft).exists()
    assert "2 unchanged" in _run()


def test_all_rebuilds_kits_that_are_up_to_date(current_edition):
    event = EventFactory(edition=current_edition)
    _run("--missing")
    before = EventKit.objects.get(event=event).generated_at

    assert "1 built" in _run("--all")
    assert EventKit.objects.get(event=event).generated_at > before
