"""Demo dates for the dashboard's curves towards the day.

The other apps' demos submit, label and confirm everything at the moment they are loaded,
so every curve would be one step. This spreads, reproducibly, each demo event's submission
and label over the twelve weeks before its edition's day (never after now), and each
confirmed registration between its event's label and the day.
"""

import datetime
import random

from django.utils import timezone

from jres.events.models import Event, EventStatus
from jres.registrations.models import Registration, RegistrationStatus

from .figures import TIMELINE_DAYS


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(12, 0), tzinfo=timezone.get_current_timezone()
    )


def load() -> int:
    """Re-date the demo events and confirmed registrations; return how many events."""
    rng = random.Random(11)
    now = timezone.now()
    events = list(
        Event.objects.exclude(status=EventStatus.DRAFT).select_related("edition").order_by("pk")
    )
    for event in events:
        # Most events come in the last weeks: the curve bends upwards towards the day.
        offset = int(TIMELINE_DAYS * rng.random() ** 2)
        labelled = min(_noon(event.edition.day - datetime.timedelta(days=offset)), now)
        event.submitted_at = labelled - datetime.timedelta(days=rng.randint(1, 10))
        if event.labelled_at is not None:
            event.labelled_at = labelled
    Event.objects.bulk_update(events, ["submitted_at", "labelled_at"], batch_size=500)

    labelled_at = {event.pk: event.labelled_at for event in events}
    registrations = list(
        Registration.objects.filter(status=RegistrationStatus.CONFIRMED)
        .select_related("event__edition")
        .order_by("pk")
    )
    for registration in registrations:
        start = labelled_at.get(registration.event_id) or now
        day = _noon(registration.event.edition.day)
        span = max((day - start).days, 0)
        registration.confirmed_at = min(
            start + datetime.timedelta(days=rng.randint(0, span)) if span else start, now
        )
        # Registered when confirmed: an export must not show a confirmation before its sign-up.
        registration.created_at = registration.queued_at = registration.confirmed_at
    Registration.objects.bulk_update(
        registrations, ["confirmed_at", "created_at", "queued_at"], batch_size=500
    )
    return len(events)
