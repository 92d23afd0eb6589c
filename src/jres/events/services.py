"""The life of an event: submission, moderation, label, edits, cancellation, duplication.

Every change of status writes a line of history; every moderator decision e-mails the
organiser once the transaction has committed.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jres.core.mail import send_templated_mail
from jres.editions.models import Edition

from .models import REVIEWED_FIELDS, Event, EventLog, EventLogAction, EventStatus


class WorkflowError(Exception):
    """An action that the event's status or the actor's role does not allow."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _log(event: Event, *, actor, action: str, message: str = "", changes=()) -> EventLog:
    return EventLog.objects.create(
        event=event,
        actor=actor,
        action=action,
        status=event.status,
        message=message,
        changes=list(changes),
    )


def _require_status(event: Event, allowed: Iterable[str]) -> None:
    if event.status not in allowed:
        raise WorkflowError(
            _("Cette action n'est pas possible pour un événement au statut « %(status)s ».")
            % {"status": event.get_status_display()}
        )


def _require_moderator(event: Event, moderator) -> None:
    if not moderator.is_moderator:
        raise WorkflowError(_("Seule l'équipe de modération peut relire un événement."))
    if event.organiser_id == moderator.pk:
        raise WorkflowError(_("Vous ne pouvez pas modérer un événement que vous organisez."))


def _notify_organiser(event: Event, template: str) -> None:
    organiser = event.organiser
    transaction.on_commit(
        lambda: send_templated_mail(
            template=f"events/email/{template}",
            to=[organiser.email],
            language=organiser.language,
            context={"event": event, "organiser": organiser},
        )
    )


# What registrants rely on to come: a change to one of these is e-mailed to them.
ATTENDEE_FIELDS = {"starts_at", "ends_at", "venue_name", "address", "postal_code", "city",
                   "online_url"}  # fmt: skip


def _notify_registrants_of_change(event: Event, changed: list[str]) -> None:
    from jres.registrations.services import notify_event_changed

    if set(changed) & ATTENDEE_FIELDS:
        notify_event_changed(event=event, changed_fields=set(changed) & ATTENDEE_FIELDS)


@transaction.atomic
def record_creation(*, event: Event, by) -> None:
    _log(event, actor=by, action=EventLogAction.CREATED)


@transaction.atomic
def record_edit(*, event: Event, by, changed_fields: Iterable[str]) -> None:
    """Log an organiser's edit; a labelled event whose date, place or title changed goes
    back to review (attendees rely on them), other edits keep the label."""
    changed = sorted(set(changed_fields))
    if not changed:
        return
    _notify_registrants_of_change(event, changed)
    if event.status == EventStatus.LABELLED and set(changed) & set(REVIEWED_FIELDS):
        event.status = EventStatus.SUBMITTED
        event.submitted_at = timezone.now()
        event.save(update_fields=["status", "submitted_at", "updated_at"])
        _log(event, actor=by, action=EventLogAction.BACK_TO_REVIEW, changes=changed)
    else:
        _log(event, actor=by, action=EventLogAction.EDITED, changes=changed)


@transaction.atomic
def submit_event(*, event: Event, by) -> None:
    """The organiser sends a draft, or a corrected event, to the moderators.

    A first submission waits for the edition's submission period; a correction the
    moderators asked for may always come back to them.
    """
    _require_status(event, {EventStatus.DRAFT, EventStatus.CHANGES_REQUESTED})
    refusal = event.status == EventStatus.DRAFT and event.edition.submissions_refusal()
    if refusal:
        raise WorkflowError(refusal)
    event.full_clean()
    event.status = EventStatus.SUBMITTED
    event.submitted_at = timezone.now()
    event.save(update_fields=["status", "submitted_at", "updated_at"])
    _log(event, actor=by, action=EventLogAction.SUBMITTED)


@transaction.atomic
def request_changes(*, event: Event, by, message: str) -> None:
    _require_moderator(event, by)
    _require_status(event, {EventStatus.SUBMITTED})
    if not message.strip():
        raise WorkflowError(_("Dites à l'organisateur ce qu'il faut modifier."))
    event.status = EventStatus.CHANGES_REQUESTED
    event.moderation_message = message.strip()
    event.reviewed_snapshot = event.snapshot()
    event.save(update_fields=["status", "moderation_message", "reviewed_snapshot", "updated_at"])
    _log(event, actor=by, action=EventLogAction.CHANGES_REQUESTED, message=message.strip())
    _notify_organiser(event, "changes_requested")


@transaction.atomic
def label_event(*, event: Event, by, checked_items: Iterable[int]) -> None:
    """Grant the label once every commitment of the edition's charter has been checked."""
    _require_moderator(event, by)
    _require_status(event, {EventStatus.SUBMITTED})
    required = set(event.edition.charter_items.values_list("pk", flat=True))
    if not required <= {int(pk) for pk in checked_items}:
        raise WorkflowError(_("Cochez chaque engagement de la charte avant de labelliser."))
    event.status = EventStatus.LABELLED
    event.labelled_at = event.labelled_at or timezone.now()
    event.moderation_message = ""
    event.reviewed_snapshot = event.snapshot()
    event.save(
        update_fields=[
            "status",
            "labelled_at",
            "moderation_message",
            "reviewed_snapshot",
            "updated_at",
        ]
    )
    _log(event, actor=by, action=EventLogAction.LABELLED)
    _notify_organiser(event, "labelled")


@transaction.atomic
def refuse_event(*, event: Event, by, reason: str) -> None:
    _require_moderator(event, by)
    _require_status(event, {EventStatus.SUBMITTED, EventStatus.CHANGES_REQUESTED})
    if not reason.strip():
        raise WorkflowError(_("Donnez à l'organisateur la raison du refus."))
    event.status = EventStatus.REFUSED
    event.moderation_message = reason.strip()
    event.reviewed_snapshot = event.snapshot()
    event.save(update_fields=["status", "moderation_message", "reviewed_snapshot", "updated_at"])
    _log(event, actor=by, action=EventLogAction.REFUSED, message=reason.strip())
    _notify_organiser(event, "refused")


@transaction.atomic
def cancel_event(*, event: Event, by, reason: str) -> None:
    """The organiser calls the event off; a published event stays visible, marked cancelled."""
    _require_status(
        event,
        {
            EventStatus.DRAFT,
            EventStatus.SUBMITTED,
            EventStatus.CHANGES_REQUESTED,
            EventStatus.LABELLED,
        },
    )
    if not reason.strip():
        raise WorkflowError(_("Indiquez le motif de l'annulation : il sera affiché."))
    event.status = EventStatus.CANCELLED
    event.cancellation_reason = reason.strip()
    event.save(update_fields=["status", "cancellation_reason", "updated_at"])
    _log(event, actor=by, action=EventLogAction.CANCELLED, message=reason.strip())
    from jres.registrations.services import notify_event_cancelled

    notify_event_cancelled(event=event)


@transaction.atomic
def duplicate_event(*, event: Event, by, edition: Edition) -> Event:
    """A draft copy of an event in another edition, on the same weekday offset from the day.

    Returning organisers are the day's backbone: last year's event becomes this year's draft.
    """
    offset = datetime.timedelta(days=(edition.day - event.edition.day).days)
    audiences = list(event.audiences.all())
    copy = Event.objects.get(pk=event.pk)
    copy.pk = None
    copy.slug = ""
    copy.edition = edition
    copy.organiser = by
    copy.starts_at = event.starts_at + offset
    copy.ends_at = event.ends_at + offset
    copy.status = EventStatus.DRAFT
    copy.moderation_message = ""
    copy.cancellation_reason = ""
    copy.submitted_at = None
    copy.labelled_at = None
    copy.reviewed_snapshot = {}
    copy.duplicated_from = event
    copy.save()
    copy.audiences.set(audiences)
    _log(copy, actor=by, action=EventLogAction.CREATED, message=f"#{event.pk}")
    return copy
