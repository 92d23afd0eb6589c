"""The demo's dates: spread over the weeks before the day, never in the future."""

import datetime

from django.utils import timezone

from jres.dashboard import demo, figures
from jres.events.models import Event, EventStatus
from jres.registrations.models import Registration, RegistrationStatus


def test_demo_spreads_submissions_labels_and_confirmations(dataset):
    now = timezone.now()
    assert demo.load() == Event.objects.exclude(status=EventStatus.DRAFT).count()
    for event in Event.objects.exclude(status=EventStatus.DRAFT).select_related("edition"):
        assert event.submitted_at <= now
        if event.labelled_at is not None:
            assert event.submitted_at < event.labelled_at <= now
            first = event.edition.day - datetime.timedelta(days=figures.TIMELINE_DAYS)
            assert timezone.localdate(event.labelled_at) >= first
    confirmed = Registration.objects.filter(status=RegistrationStatus.CONFIRMED)
    assert all(registration.confirmed_at <= now for registration in confirmed)
    # The curve of the current edition now rises over several days, not in one step.
    curve = figures.timeline(dataset.current, today=dataset.current.day).labelled
    assert len(set(curve)) > 2
