"""A demo report, on the 2012 conference whose guide gives its attendance."""

from jres.events.models import Audience, Event

from .models import EventReport

TITLE = "5e journée : conférence aux Archives départementales de la Gironde"


def load() -> int:
    """Create the demo report, shown on its event's page; return how many reports."""
    event = Event.objects.filter(title=TITLE).first()
    if event is None:
        return 0
    report = EventReport.objects.create(
        event=event,
        participants=85,
        what_worked=(
            "Des tables rondes courtes, chacune ouverte par le témoignage d'un jeune ; "
            "les questions du public écrites sur des cartes pendant les pauses."
        ),
        testimony=(
            "« J'ai compris que décrocher n'est pas une fatalité : j'ai trouvé ce jour-là "
            "le tuteur qui m'a aidé à reprendre mes études. » Un lycéen de Bordeaux"
        ),
        show_on_event_page=True,
    )
    report.audiences.set(Audience.objects.filter(slug__in=["parents", "enseignants", "eleves"]))
    return 1
