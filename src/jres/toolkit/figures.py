"""The live figures of the press area: a few counts, cached a minute."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Sum

from jres.core.caching import generation
from jres.events.models import Event, EventStatus
from jres.events.receivers import GENERATION as EVENTS_GENERATION
from jres.registrations.models import Registration, RegistrationStatus

CACHE_SECONDS = 60


@dataclass(frozen=True)
class PressFigures:
    labelled_events: int
    communes: int
    registrations: int


def press_figures(edition) -> PressFigures:
    """Labelled events, communes they reach and places registered, for an edition.

    Keyed on the events' counter (a change to an event shows at once) and kept a minute,
    which is how long a new registration may take to show.
    """
    key = f"toolkit:press-figures:{edition.pk}:{generation(EVENTS_GENERATION)}"
    if (figures := cache.get(key)) is not None:
        return figures
    labelled = Event.objects.filter(edition=edition, status=EventStatus.LABELLED)
    counts = labelled.aggregate(events=Count("pk"), communes=Count("commune", distinct=True))
    places = Registration.objects.filter(
        event__edition=edition,
        event__status=EventStatus.LABELLED,
        status=RegistrationStatus.CONFIRMED,
    ).aggregate(places=Sum("places"))["places"]
    figures = PressFigures(
        labelled_events=counts["events"], communes=counts["communes"], registrations=places or 0
    )
    cache.set(key, figures, CACHE_SECONDS)
    return figures
