"""Capacity, waiting list in order of arrival, duplicates and parental consent."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from jres.registrations import services
from jres.registrations.models import Registration, RegistrationSettings, RegistrationStatus
from tests.registrations.conftest import upcoming_event
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def register(event, email, places=1, **extra):
    return services.register_attendee(
        event=event,
        name=extra.pop("name", "Nadia"),
        email=email,
        role=extra.pop("role", "parent"),
        places=places,
        language=extra.pop("language", "fr"),
        **extra,
    )


def test_places_are_confirmed_until_the_capacity_then_people_wait(event):
    first = register(event, "a@example.net", places=2)
    second = register(event, "b@example.net", places=1)
    third = register(event, "c@example.net", places=1)

    assert [first.status, second.status] == [RegistrationStatus.CONFIRMED] * 2
    assert third.status == RegistrationStatus.WAITING
    assert services.availability(event).places_left == 0


def test_an_event_without_capacity_confirms_everyone(event):
    event.capacity = None
    event.save()

    statuses = {register(event, f"p{n}@example.net", places=4).status for n in range(5)}

    assert statuses == {RegistrationStatus.CONFIRMED}


def test_a_cancellation_gives_the_place_to_the_first_who_fits(event):
    holder = register(event, "holder@example.net", places=3)
    wants_two = register(event, "two@example.net", places=2)
    wants_one = register(event, "one@example.net", places=1)
    later_one = register(event, "later@example.net", places=1)

    services.change_places(registration=holder, places=2)

    wants_two.refresh_from_db()
    wants_one.refresh_from_db()
    later_one.refresh_from_db()
    # One place free: the first in line needs two, so the next one, who fits, gets it.
    assert wants_two.status == RegistrationStatus.WAITING
    assert wants_one.status == RegistrationStatus.CONFIRMED
    assert later_one.status == RegistrationStatus.WAITING

    services.cancel_registration(registration=holder)

    wants_two.refresh_from_db()
    later_one.refresh_from_db()
    assert wants_two.status == RegistrationStatus.CONFIRMED
    assert later_one.status == RegistrationStatus.WAITING
    assert services.availability(event).confirmed_places == 3


def test_the_waiting_list_is_served_in_order_of_arrival(event):
    register(event, "holder@example.net", places=3)
    waiting = [register(event, f"w{n}@example.net") for n in range(3)]
    holder = Registration.objects.get(email="holder@example.net")

    services.change_places(registration=holder, places=1)

    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [RegistrationStatus.CONFIRMED] * 2 + [RegistrationStatus.WAITING]


def test_the_same_address_registers_once(event):
    register(event, "nadia@example.net")

    with pytest.raises(services.AlreadyRegistered) as raised:
        register(event, " Nadia@Example.NET ")

    assert "déjà inscrite" in raised.value.message
    assert Registration.objects.filter(event=event).count() == 1


def test_the_database_refuses_a_second_active_registration(event):
    RegistrationFactory(event=event, email="dup@example.net")

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="dup@example.net")


def test_registering_again_after_cancelling_is_allowed(event):
    first = register(event, "back@example.net")
    services.cancel_registration(registration=first)

    again = register(event, "back@example.net")

    assert again.status == RegistrationStatus.CONFIRMED and again.pk != first.pk


@pytest.mark.parametrize("places", [0, -1, 5])
def test_zero_or_too_many_places_are_refused(event, places):
    with pytest.raises(services.RegistrationError) as raised:
        register(event, "n@example.net", places=places)

    assert raised.value.field == "places"
    assert not Registration.objects.exists()


def test_the_organiser_sets_the_places_allowed_per_registration(event):
    RegistrationSettings.objects.create(event=event, max_places=2)

    with pytest.raises(services.RegistrationError, match="au plus 2 places"):
        register(event, "n@example.net", places=3)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "cancelled"}, "annulé"),
        ({"registration_mode": "none"}, "ne prend pas d'inscriptions"),
        ({"registration_mode": "external"}, "ne prend pas d'inscriptions"),
        ({"is_public": False}, "n'est pas ouvert au public"),
        ({"status": "submitted"}, "pas encore publié"),
        ({"starts_at": timezone.now() - datetime.timedelta(hours=1)}, "déjà eu lieu"),
    ],
)
def test_closed_events_refuse_registrations(event, change, message):
    for name, value in change.items():
        setattr(event, name, value)
    if "starts_at" in change:
        event.ends_at = event.starts_at + datetime.timedelta(hours=2)
    event.save()

    with pytest.raises(services.RegistrationError, match=message):
        register(event, "n@example.net")

    assert not Registration.objects.exists()


def test_registrations_closed_by_the_organiser(event):
    RegistrationSettings.objects.create(event=event, is_open=False)

    with pytest.raises(services.RegistrationError, match="fermé les inscriptions"):
        register(event, "n@example.net")


def test_a_pupil_under_15_waits_for_a_parent_and_holds_no_place(event):
    pupil = register(event, "eleve@example.net", role="pupil", is_under_15=True,
                     parent_email="parent@example.net")  # fmt: skip

    assert pupil.status == RegistrationStatus.PENDING_PARENT
    assert len(pupil.parent_token) >= 43 and pupil.parent_token != pupil.token
    assert services.availability(event).confirmed_places == 0

    services.confirm_by_parent(registration=pupil)
    services.confirm_by_parent(registration=pupil)  # a second click changes nothing

    pupil.refresh_from_db()
    assert pupil.status == RegistrationStatus.CONFIRMED and pupil.parent_confirmed_at
    assert services.availability(event).confirmed_places == 1


def test_a_pupil_under_15_needs_a_parent_address(event):
    with pytest.raises(services.RegistrationError) as raised:
        register(event, "eleve@example.net", role="pupil", is_under_15=True)

    assert raised.value.field == "parent_email"
    assert not Registration.objects.exists()


def test_a_parent_consent_on_a_full_event_joins_the_waiting_list(event):
    pupil = register(event, "eleve@example.net", role="pupil", is_under_15=True,
                     parent_email="parent@example.net")  # fmt: skip
    register(event, "full@example.net", places=3)

    services.confirm_by_parent(registration=pupil)

    pupil.refresh_from_db()
    assert pupil.status == RegistrationStatus.WAITING


def test_more_places_only_when_they_are_free(event):
    registration = register(event, "n@example.net", places=1)
    register(event, "m@example.net", places=1)

    with pytest.raises(services.RegistrationError, match="ajouter 1 au plus"):
        services.change_places(registration=registration, places=3)

    services.change_places(registration=registration, places=2)
    registration.refresh_from_db()
    assert registration.places == 2


def test_tokens_carry_at_least_128_random_bits(event):
    registration = register(event, "n@example.net")

    assert len(registration.token) >= 43  # 32 bytes of URL-safe base64
    assert registration.token != register(event, "o@example.net").token


def test_the_database_refuses_zero_places(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, places=0)


def test_reminders_go_once_to_confirmed_registrants_two_days_before(event, mailoutbox, deliver):
    soon = upcoming_event(edition=event.edition, title="Bientôt")
    soon.starts_at = timezone.now() + datetime.timedelta(hours=30)
    soon.ends_at = soon.starts_at + datetime.timedelta(hours=1)
    soon.save()
    confirmed = RegistrationFactory(event=soon)
    RegistrationFactory(event=soon, status="waiting")
    RegistrationFactory(event=event)  # ten days ahead: not yet

    with deliver():
        assert services.send_reminders() == 1
    assert services.send_reminders() == 0

    [message] = mailoutbox
    assert message.to == [confirmed.email]
    assert "Rappel" in message.subject
