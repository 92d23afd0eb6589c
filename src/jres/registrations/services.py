"""Registrations: capacity never exceeded, a FIFO waiting list, parental consent under 15.

Every function that changes who holds a place first locks the event's row: with
PostgreSQL `SELECT ... FOR UPDATE` makes concurrent registrations to one event wait for
each other, on one app server or several; SQLite takes its write lock when the
transaction begins (`transaction_mode` IMMEDIATE), which serialises them the same way.
The confirmed places are then counted inside that transaction, so the count is never
stale. E-mails are queued in the same transaction and leave after it commits.
"""

import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jres.events.models import Event, EventStatus, RegistrationMode

from . import notifications
from .models import (
    PARENT_CONSENT_PERIOD,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
)


class RegistrationError(Exception):
    """A registration the event or the request does not allow; `message` says why."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyRegistered(RegistrationError):
    def __init__(self, registration: Registration):
        super().__init__(
            _(
                "Cette adresse e-mail est déjà inscrite à cet événement : votre inscription "
                "est bien enregistrée. Le lien pour la voir, la modifier ou l'annuler est dans "
                "l'e-mail de confirmation."
            ),
            field="email",
        )
        self.registration = registration


@dataclass(frozen=True)
class Availability:
    capacity: int | None
    confirmed_places: int
    waiting: int

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_places, 0)


def availability(event: Event) -> Availability:
    registrations = Registration.objects.filter(event=event)
    return Availability(
        capacity=event.capacity,
        confirmed_places=registrations.confirmed().places(),
        waiting=registrations.waiting().count(),
    )


def closed_reason(event: Event, registration_settings: RegistrationSettings) -> str:
    """Why nobody can register now, or "" when they can."""
    if event.registration_mode != RegistrationMode.PLATFORM:
        return _("Cet événement ne prend pas d'inscriptions sur la plateforme.")
    if not event.is_public:
        return _(
            "Cet événement se tient dans un établissement scolaire et n'est pas ouvert au "
            "public : on ne peut pas s'y inscrire."
        )
    if event.status == EventStatus.CANCELLED:
        return _("Cet événement est annulé : les inscriptions sont fermées.")
    if event.status != EventStatus.LABELLED:
        return _("Cet événement n'est pas encore publié : les inscriptions ne sont pas ouvertes.")
    if event.starts_at <= timezone.now():
        return _("Cet événement a déjà eu lieu : les inscriptions sont fermées.")
    if not registration_settings.is_open:
        return _("L'organisateur a fermé les inscriptions à cet événement.")
    return ""


# What the registration functions read from the locked row: a narrow SELECT keeps the
# lock short (the event has many more columns).
LOCKED_FIELDS = (
    "id",
    "slug",
    "capacity",
    "status",
    "starts_at",
    "registration_mode",
    "is_public",
    "edition_id",
)


def _lock_event(event: Event) -> Event:
    """The event's row, locked until the transaction ends (see the module docstring)."""
    return Event.objects.select_for_update().only(*LOCKED_FIELDS).get(pk=event.pk)


def _fits(event: Event, places: int) -> bool:
    if event.capacity is None:
        return True
    taken = Registration.objects.filter(event=event).confirmed().places()
    return taken + places <= event.capacity


def _check_places(places: int, registration_settings: RegistrationSettings) -> None:
    if places < 1:
        raise RegistrationError(_("Indiquez au moins une place."), field="places")
    if places > registration_settings.max_places:
        raise RegistrationError(
            _("Vous pouvez réserver au plus %(max)s places par inscription.")
            % {"max": registration_settings.max_places},
            field="places",
        )


def _confirm(registration: Registration) -> None:
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = timezone.now()


def _wait(registration: Registration) -> None:
    registration.status = RegistrationStatus.WAITING
    registration.queued_at = timezone.now()


def register_attendee(
    *,
    event: Event,
    name: str,
    email: str,
    role: str,
    places: int,
    language: str,
    is_under_15: bool = False,
    parent_email: str = "",
    registration_settings: RegistrationSettings | None = None,
) -> Registration:
    """Register someone: confirmed while places last, else on the waiting list.

    A pupil under 15 waits for a parent's consent first and holds no place meanwhile.
    Raises AlreadyRegistered when the address already has an active registration.
    `registration_settings` saves a query when the caller has read them already.
    """
    request = {
        "event": event,
        "name": name.strip(),
        "email": email.strip().lower(),
        "role": role,
        "places": places,
        "language": language,
        "is_under_15": is_under_15,
        "parent_email": parent_email.strip().lower() if is_under_15 else "",
        "registration_settings": registration_settings,
    }
    # Duplicates are rare: rather than a query before every registration, the unique
    # index on (event, address) refuses them and the transaction is rolled back whole.
    for _attempt in range(2):
        try:
            return _register(**request)
        except IntegrityError:
            existing = Registration.objects.held_by(event=event, email=request["email"]).first()
            if existing is None:
                raise
            if not existing.consent_has_lapsed:
                raise AlreadyRegistered(existing) from None
            # A lapsed request for consent gives way to the new one.
            Registration.objects.filter(
                pk=existing.pk, status=RegistrationStatus.PENDING_PARENT
            ).update(status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now())
    raise AssertionError("unreachable: the lapsed request was cancelled")


@transaction.atomic
def _register(*, event: Event, registration_settings, **fields) -> Registration:
    event = _lock_event(event)
    if registration_settings is None:
        registration_settings = RegistrationSettings.for_event(event)
    reason = closed_reason(event, registration_settings)
    if reason:
        raise RegistrationError(reason)
    _check_places(fields["places"], registration_settings)
    if fields["is_under_15"] and not fields["parent_email"]:
        raise RegistrationError(
            _("Avant 15 ans, il faut l'accord d'un parent : indiquez son adresse e-mail."),
            field="parent_email",
        )
    if fields["is_under_15"] and fields["parent_email"] == fields["email"]:
        raise RegistrationError(
            _("Indiquez l'adresse e-mail d'un parent, différente de la vôtre."),
            field="parent_email",
        )
    registration = Registration(event=event, **fields)
    if registration.is_under_15:
        registration.status = RegistrationStatus.PENDING_PARENT
        registration.parent_token = secrets.token_urlsafe(32)
    elif _fits(event, registration.places):
        _confirm(registration)
    else:
        _wait(registration)
    # The event is the locked row: checking that it exists would cost a query.
    registration.full_clean(exclude=["event"], validate_unique=False, validate_constraints=False)
    registration.save()
    notifications.registered(registration)
    return registration


@transaction.atomic
def confirm_by_parent(*, registration: Registration) -> Registration:
    """A parent consents: the pupil gets a place if one is left, else joins the list.

    Following the link twice changes nothing the second time. Too late (the request has
    lapsed, the event is cancelled or has begun), it raises RegistrationError.
    """
    event = _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.PENDING_PARENT:
        return registration
    if event.status == EventStatus.CANCELLED or event.starts_at <= timezone.now():
        raise RegistrationError(
            _("Cet événement est annulé ou a déjà eu lieu : il n'y a plus d'accord à donner.")
        )
    if registration.consent_has_lapsed:
        raise RegistrationError(
            _(
                "Ce lien a expiré : la demande date de plus de %(days)s jours. L'élève peut "
                "s'inscrire à nouveau, et vous recevrez un nouveau lien."
            )
            % {"days": PARENT_CONSENT_PERIOD.days}
        )
    registration.parent_confirmed_at = timezone.now()
    if _fits(event, registration.places):
        _confirm(registration)
    else:
        _wait(registration)
    registration.save()
    notifications.registered(registration)
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration) -> Registration:
    """Cancel, free the places, and give them to the waiting list."""
    event = _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    held_places = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save()
    notifications.cancelled(registration)
    if held_places:
        promote_waiting_list(event=event)
    return registration


@transaction.atomic
def change_places(*, registration: Registration, places: int) -> Registration:
    """Change the number of places: more only if they are free, fewer frees them."""
    event = _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationError(_("Cette inscription est annulée."))
    if event.status == EventStatus.CANCELLED or event.starts_at <= timezone.now():
        raise RegistrationError(_("Cet événement est passé ou annulé : rien à modifier."))
    _check_places(places, RegistrationSettings.for_event(event))
    if places == registration.places:
        return registration
    if registration.status == RegistrationStatus.CONFIRMED and places > registration.places:
        others = (
            Registration.objects.filter(event=event)
            .confirmed()
            .exclude(pk=registration.pk)
            .places()
        )
        if event.capacity is not None and others + places > event.capacity:
            left = max(event.capacity - others - registration.places, 0)
            raise RegistrationError(
                _("Il ne reste pas assez de places : vous pouvez en ajouter %(left)s au plus.")
                % {"left": left},
                field="places",
            )
    freed = registration.status == RegistrationStatus.CONFIRMED and places < registration.places
    registration.places = places
    registration.save()
    if freed or registration.status == RegistrationStatus.WAITING:
        promote_waiting_list(event=event)
    return registration


def promote_waiting_list(*, event: Event) -> list[Registration]:
    """Give free places to the waiting list in order: the first who fits gets them.

    Someone asking for more places than are free keeps their rank; the next person who
    fits goes ahead. Call with the event locked (inside one of the functions above).
    """
    if event.capacity is None:
        waiting = list(Registration.objects.filter(event=event).waiting())
        free = None
    else:
        free = event.capacity - Registration.objects.filter(event=event).confirmed().places()
        if free <= 0:
            return []
        waiting = list(
            Registration.objects.filter(event=event, places__lte=free).waiting().select_for_update()
        )
    promoted = []
    for registration in waiting:
        if free is not None and registration.places > free:
            continue
        _confirm(registration)
        registration.save(update_fields=["status", "confirmed_at", "updated_at"])
        notifications.promoted(registration)
        promoted.append(registration)
        if free is not None:
            free -= registration.places
            if free <= 0:
                break
    return promoted


@transaction.atomic
def update_settings(*, event: Event, is_open: bool, max_places: int) -> RegistrationSettings:
    registration_settings, _created = RegistrationSettings.objects.update_or_create(
        event=event, defaults={"is_open": is_open, "max_places": max_places}
    )
    return registration_settings


@transaction.atomic
def record_attendance(*, event: Event, shown_pks, present_pks) -> int:
    """Mark who came among the confirmed registrations shown on the organiser's page.

    Those shown and not ticked did not come; those on other pages are left as they were.
    Returns how many came in all.
    """
    confirmed = Registration.objects.filter(event=event).confirmed()
    shown = {int(pk) for pk in shown_pks}
    present = {int(pk) for pk in present_pks} & shown
    now = timezone.now()
    confirmed.filter(pk__in=present).update(attended=True, updated_at=now)
    confirmed.filter(pk__in=shown - present).update(attended=False, updated_at=now)
    return confirmed.filter(attended=True).count()


@transaction.atomic
def stop_news(*, registration: Registration) -> None:
    """One-click unsubscribe: no more reminders or organiser messages; the place is kept."""
    Registration.objects.filter(pk=registration.pk).update(wants_news=False)


@transaction.atomic
def message_registrants(*, event: Event, subject: str, body: str, include_waiting: bool) -> int:
    """The organiser writes to everyone registered (and, if chosen, the waiting list)."""
    statuses = [RegistrationStatus.CONFIRMED]
    if include_waiting:
        statuses.append(RegistrationStatus.WAITING)
    recipients = Registration.objects.filter(event=event, status__in=statuses, wants_news=True)
    count = 0
    for registration in recipients.select_related("event"):
        notifications.organiser_message(registration, subject=subject, body=body)
        count += 1
    return count


def notify_event_changed(*, event: Event, changed_fields) -> None:
    """Tell every active registrant that the date or place of the event has changed."""
    for registration in Registration.objects.filter(event=event).active():
        notifications.event_changed(registration, changed_fields=changed_fields)


def notify_event_cancelled(*, event: Event) -> None:
    for registration in Registration.objects.filter(event=event).active():
        notifications.event_cancelled(registration)


def send_reminders(*, now=None, within=None) -> int:
    """Remind confirmed registrants of events starting in the next two days, once each."""
    import datetime

    now = now or timezone.now()
    within = within or datetime.timedelta(days=2)
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        wants_news=True,
        event__status=EventStatus.LABELLED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + within,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            # The conditional UPDATE makes two runs at once remind each person once.
            if not Registration.objects.filter(pk=pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            notifications.reminder(Registration.objects.select_related("event").get(pk=pk))
            sent += 1
    return sent
