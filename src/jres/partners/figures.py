"""What the current edition adds up to in a partner's territory."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from jres.events.models import Event, EventStatus
from jres.registrations.models import Registration
from jres.reports.models import EventReport

from .models import Partner


@dataclass(frozen=True)
class TerritoryFigures:
    labelled_events: int
    communes: int
    # Confirmed places on the platform's registrations (waiting lists not counted).
    registered_places: int
    participants_reported: int


def territory_events(partner: Partner, edition):
    """The edition's published events in the territory, or organised by the partner."""
    organised = Q(organiser__in=partner.accounts.all())
    return (
        Event.objects.published().filter(edition=edition).filter(partner.territory_q() | organised)
    )


def territory_figures(partner: Partner, edition) -> TerritoryFigures:
    """Labelled events of the edition in the territory, and what they gathered.

    Counts the territory only (not the partner's events elsewhere): these are the figures
    of the place, for the council's report. Cancelled events do not count.
    """
    if edition is None:
        return TerritoryFigures(0, 0, 0, 0)
    events = Event.objects.filter(
        partner.territory_q(), edition=edition, status=EventStatus.LABELLED
    )
    totals = events.aggregate(count=Count("pk"), communes=Count("commune", distinct=True))
    places = (
        Registration.objects.confirmed()
        .filter(event__in=events)
        .aggregate(total=Sum("places"))["total"]
    )
    participants = EventReport.objects.filter(event__in=events).aggregate(
        total=Sum("participants")
    )["total"]
    return TerritoryFigures(
        labelled_events=totals["count"],
        communes=totals["communes"],
        registered_places=places or 0,
        participants_reported=participants or 0,
    )
