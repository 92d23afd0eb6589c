"""Registrants' personal data are erased a set time after their edition ends.

The period is `settings.REGISTRATION_RETENTION_DAYS` (183 by default, the six months the
privacy page announces), counted from the edition's last possible event day. The
`apply_retention` command runs this every day (`purge_registrations` runs this part alone).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jres.editions.models import Edition
from jres.outbox.models import OutgoingMessage

from .models import Registration, RegistrationStatus, new_token

REGISTRATION_TEMPLATES = "registrations/email/"


def last_event_day(edition: Edition) -> datetime.date:
    """The last day an event of the edition may take place on (its window's end)."""
    return edition.event_window[1]


def expired_editions(*, today: datetime.date) -> list[Edition]:
    """Editions whose last event day is more than the retention period before `today`."""
    retention = datetime.timedelta(days=settings.REGISTRATION_RETENTION_DAYS)
    # A few editions in all: the window's defaults are easier to apply here than in SQL.
    return [
        edition for edition in Edition.objects.all() if today - last_event_day(edition) > retention
    ]


def due_registrations(*, now: datetime.datetime | None = None):
    """The registrations not yet erased whose edition's retention period has passed."""
    today = timezone.localdate(now or timezone.now())
    editions = expired_editions(today=today)
    return Registration.objects.filter(event__edition__in=editions, erased_at__isnull=True)


def purge_registrations(*, now: datetime.datetime | None = None) -> int:
    """Erase the personal data of registrants to editions past the retention period.

    A registration is anonymised rather than deleted: name, e-mail addresses and tokens go
    (old links stop working), while event, role, places, status, attendance and dates stay,
    so the organiser's figures of past events (places taken, waiting list, who came) remain
    true. A registration still waiting for a parent's consent held no place and cannot
    exist without the parent's address: it is deleted. The e-mails sent to these
    registrants about these events are deleted from the outbox too, as they hold names,
    addresses and links. Safe to run twice: an erased registration is not counted again.
    Returns how many registrations were erased.
    """
    now = now or timezone.now()
    erased = 0
    for event_id in due_registrations(now=now).values_list("event_id", flat=True).distinct():
        erased += _purge_event(event_id=event_id, now=now)
    return erased


@transaction.atomic
def _purge_event(*, event_id: int, now: datetime.datetime) -> int:
    """Erase one event's registrations; one transaction per event keeps locks short."""
    registrations = list(
        Registration.objects.select_for_update()
        .select_related("event")
        .filter(event_id=event_id, erased_at__isnull=True)
    )
    if not registrations:
        return 0
    _delete_messages(registrations)
    erase_registrations(registrations, now=now)
    return len(registrations)


def erase_registrations(registrations: list[Registration], *, now: datetime.datetime) -> None:
    """Blank the registrants' personal data, keeping what the figures count.

    Name, addresses and tokens go (old links stop working); event, role, places, status,
    attendance and dates stay. A registration still waiting for a parent's consent held no
    place and cannot exist without the parent's address: it is deleted. Also used when an
    account is deleted (jres.accounts.deletion). The caller holds the rows' locks.
    """
    pending = [
        registration.pk
        for registration in registrations
        if registration.status == RegistrationStatus.PENDING_PARENT
    ]
    Registration.objects.filter(pk__in=pending).delete()
    kept = [registration for registration in registrations if registration.pk not in pending]
    for registration in kept:
        registration.name = ""
        registration.email = ""
        registration.parent_email = ""
        registration.token = new_token()
        registration.parent_token = None
        registration.wants_news = False
        registration.erased_at = now
        registration.updated_at = now
    Registration.objects.bulk_update(
        kept,
        [
            "name",
            "email",
            "parent_email",
            "token",
            "parent_token",
            "wants_news",
            "erased_at",
            "updated_at",
        ],
    )


def _delete_messages(registrations: list[Registration]) -> None:
    """Delete the outbox's registration e-mails about their event to their addresses.

    Every registration e-mail links to its event's page; matching the page and the
    addresses leaves alone the e-mails the same person got about other events. One not
    rendered yet names its registration instead.
    """
    addresses = {
        address
        for registration in registrations
        for address in (registration.email, registration.parent_email)
        if address
    }
    event = registrations[0].event
    candidates = OutgoingMessage.objects.filter(
        Q(body_text__contains=event.get_absolute_url())
        | Q(render_arguments__registration__in=[registration.pk for registration in registrations]),
        template__startswith=REGISTRATION_TEMPLATES,
    ).only("pk", "to")
    # The recipients are a JSON list, which SQLite cannot search: compare them here.
    doomed = [message.pk for message in candidates if addresses & set(message.to)]
    OutgoingMessage.objects.filter(pk__in=doomed).delete()
