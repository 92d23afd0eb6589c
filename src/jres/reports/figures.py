"""What the reports of an edition add up to, for the figures of the next issues."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from jres.events.models import Audience, Event, EventStatus

from .models import EventReport, ReportPhoto


@dataclass(frozen=True)
class ReportFigures:
    reports: int
    participants: int
    photos: int
    # Labelled events of the edition, reported on or not: what `reports` is a share of.
    labelled_events: int
    # (audience, number of reports that reached it), most reached first.
    audiences: list[tuple[Audience, int]]

    @property
    def reported_share(self) -> float:
        return self.reports / self.labelled_events if self.labelled_events else 0.0


def edition_figures(edition) -> ReportFigures:
    """Reports, participants reported and photos of an edition's labelled events.

    A cancelled event's report (written before the cancellation) does not count.
    """
    reports = EventReport.objects.filter(event__edition=edition, event__status=EventStatus.LABELLED)
    totals = reports.aggregate(count=Count("pk"), participants=Sum("participants"))
    audiences = (
        Audience.objects.annotate(reached=Count("reports", filter=Q(reports__in=reports)))
        .filter(reached__gt=0)
        .order_by("-reached", "order", "name_fr")
    )
    return ReportFigures(
        reports=totals["count"],
        participants=totals["participants"] or 0,
        photos=ReportPhoto.objects.filter(report__in=reports).count(),
        labelled_events=Event.objects.filter(edition=edition, status=EventStatus.LABELLED).count(),
        audiences=[(audience, audience.reached) for audience in audiences],
    )
