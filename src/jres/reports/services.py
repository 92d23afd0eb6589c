"""The report after the day: who may write it, its photos (five at most, with consent),
and the invitation e-mailed to the organiser once the event is over.

Photos are counted with the report's row locked (`SELECT ... FOR UPDATE` on PostgreSQL;
SQLite's IMMEDIATE transactions serialise writers), so a double submit cannot make six.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jres.core.mail import send_templated_mail
from jres.events.models import Event, EventStatus
from jres.registrations.models import Registration

from .models import MAX_PHOTOS, EventReport, ReportInvitation, ReportPhoto

# How far back the daily command looks: a first run on an old database invites the
# organisers of last week, not of every past edition.
INVITATION_WINDOW = datetime.timedelta(days=7)


class ReportError(Exception):
    """A change to a report that the event or the report does not allow; `message` says why."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def closed_reason(event: Event, *, now=None) -> str:
    """Why the organiser cannot report on the event now, or "" when they can."""
    if event.status == EventStatus.CANCELLED:
        return _("Cet événement a été annulé : il n'y a pas de bilan à faire.")
    if event.status != EventStatus.LABELLED:
        return _("Seul un événement labellisé peut recevoir un bilan.")
    if event.starts_at > (now or timezone.now()):
        return _("Le bilan s'écrit une fois l'événement commencé : revenez après le jour J.")
    return ""


def suggested_participants(event: Event) -> int:
    """The places of the registrants ticked as present: a starting point for the count."""
    return Registration.objects.filter(event=event, attended=True).confirmed().places()


def _require_open(event: Event) -> None:
    reason = closed_reason(event)
    if reason:
        raise ReportError(reason)


@transaction.atomic
def save_report(
    *,
    event: Event,
    participants: int,
    audiences,
    what_worked: str,
    testimony: str,
    show_on_event_page: bool,
) -> EventReport:
    """Create the event's report or replace what it says; the photos are kept."""
    # The event's row, locked: a double submit of a first report waits, then updates it.
    event = Event.objects.select_for_update().get(pk=event.pk)
    _require_open(event)
    report = EventReport.objects.filter(event=event).first() or EventReport(event=event)
    report.participants = participants
    report.what_worked = what_worked.strip()
    report.testimony = testimony.strip()
    report.show_on_event_page = show_on_event_page
    report.full_clean(exclude={"event"}, validate_unique=False)
    report.save()
    report.audiences.set(audiences)
    return report


@transaction.atomic
def add_photo(
    *,
    report: EventReport,
    image,
    alt_text: str,
    image_rights_confirmed: bool,
    shows_pupils: bool,
    parental_consent_confirmed: bool,
) -> ReportPhoto:
    """Add a photo (already re-encoded by the form) unless the report has five."""
    report = EventReport.objects.select_for_update().select_related("event").get(pk=report.pk)
    _require_open(report.event)
    photos = report.photos.all()
    if photos.count() >= MAX_PHOTOS:
        raise ReportError(
            _("Un bilan compte %(max)s photos au plus : retirez-en une pour en ajouter une autre.")
            % {"max": MAX_PHOTOS},
            field="image",
        )
    photo = ReportPhoto(
        report=report,
        image=image,
        alt_text=alt_text.strip(),
        image_rights_confirmed=image_rights_confirmed,
        shows_pupils=shows_pupils,
        parental_consent_confirmed=parental_consent_confirmed and shows_pupils,
        position=(photos.aggregate(last=Max("position"))["last"] or 0) + 1,
    )
    photo.full_clean(exclude={"report"})
    photo.save()
    return photo


@transaction.atomic
def remove_photo(*, photo: ReportPhoto) -> None:
    """Delete the photo, and its file once the deletion has committed."""
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))


def _due_events(now: datetime.datetime) -> list[int]:
    """Labelled events over by last midnight (local time), within the window, not yet
    invited, with no report."""
    midnight = datetime.datetime.combine(
        timezone.localdate(now), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    return list(
        Event.objects.filter(
            status=EventStatus.LABELLED,
            ends_at__lt=midnight,
            ends_at__gte=midnight - INVITATION_WINDOW,
            report__isnull=True,
            report_invitation__isnull=True,
        ).values_list("pk", flat=True)
    )


def _invite(event: Event) -> None:
    organiser = event.organiser
    send_templated_mail(
        template="reports/email/invitation",
        to=[organiser.email],
        language=organiser.language,
        context={
            "event": event,
            "organiser": organiser,
            "report_url": settings.SITE_URL + reverse("reports:edit", kwargs={"pk": event.pk}),
        },
    )


def send_report_invitations(*, now=None) -> int:
    """Invite the organiser of each event that ended yesterday or earlier to report, once."""
    now = now or timezone.now()
    sent = 0
    for pk in _due_events(now):
        with transaction.atomic():
            try:
                # The event is the invitation's primary key: of two runs at once, one
                # inserts the row and sends the e-mail, the other stops here.
                with transaction.atomic():
                    ReportInvitation.objects.create(event_id=pk, sent_at=now)
            except IntegrityError:
                continue
            # Stored in the outbox in this transaction: the row and the message commit
            # together, and the message leaves after the commit.
            _invite(Event.objects.select_related("organiser", "edition").get(pk=pk))
            sent += 1
    return sent
