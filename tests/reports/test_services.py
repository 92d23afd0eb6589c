"""The report's rules: when it can be written, five photos at most, consent for each."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from jres.events.models import Audience, EventStatus
from jres.reports import services
from jres.reports.models import EventReport, ReportPhoto
from tests.registrations.factories import RegistrationFactory
from tests.reports.conftest import make_photo, make_report, past_event, upload

pytestmark = pytest.mark.django_db


def save(event, **fields):
    return services.save_report(
        event=event,
        **{
            "participants": 30,
            "audiences": [],
            "what_worked": "",
            "testimony": "",
            "show_on_event_page": False,
            **fields,
        },
    )


def add(report, **fields):
    return services.add_photo(
        report=report,
        **{
            "image": upload(),
            "alt_text": "Parents autour d'une table",
            "image_rights_confirmed": True,
            "shows_pupils": False,
            "parental_consent_confirmed": False,
            **fields,
        },
    )


def test_a_report_is_created_then_replaced_and_keeps_its_photos(event):
    parents = Audience.objects.get(slug="parents")
    report = save(event, participants=30, audiences=[parents], what_worked="  Le goûter.  ")
    make_photo(report)

    again = save(event, participants=42, audiences=[], testimony="Une belle soirée.")

    assert again.pk == report.pk and EventReport.objects.count() == 1
    again.refresh_from_db()
    assert again.participants == 42
    assert again.what_worked == "" and again.testimony == "Une belle soirée."
    assert list(again.audiences.all()) == []
    assert again.photos.count() == 1


def test_no_report_before_the_event_has_started(current_edition, organiser):
    upcoming = past_event(days_ago=-3, edition=current_edition, organiser=organiser)

    with pytest.raises(services.ReportError, match="une fois l'événement commencé"):
        save(upcoming)
    assert not EventReport.objects.exists()


def test_an_event_under_way_can_be_reported_on(current_edition, organiser):
    now = timezone.now()
    under_way = past_event(edition=current_edition, organiser=organiser,
                           starts_at=now - datetime.timedelta(minutes=30),
                           ends_at=now + datetime.timedelta(hours=1))  # fmt: skip

    assert services.closed_reason(under_way) == ""
    assert save(under_way).pk


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (EventStatus.CANCELLED, "annulé"),
        (EventStatus.REFUSED, "Seul un événement labellisé"),
        (EventStatus.DRAFT, "Seul un événement labellisé"),
    ],
)
def test_no_report_for_a_cancelled_refused_or_draft_event(event, status, message):
    event.status = status
    event.save()

    with pytest.raises(services.ReportError, match=message):
        save(event)
    assert not EventReport.objects.exists()


def test_negative_or_implausible_participants_are_refused(event):
    with pytest.raises(ValidationError) as error:
        save(event, participants=-3)
    assert "participants" in error.value.message_dict

    with pytest.raises(ValidationError):
        save(event, participants=5_000_000)
    assert not EventReport.objects.exists()


def test_texts_longer_than_their_limit_are_refused(event):
    with pytest.raises(ValidationError) as error:
        save(event, testimony="x" * 1001)
    assert "testimony" in error.value.message_dict
    assert not EventReport.objects.exists()


def test_a_sixth_photo_is_refused(event):
    report = make_report(event)
    for number in range(1, 6):
        make_photo(report, number)

    with pytest.raises(services.ReportError, match="5 photos au plus"):
        add(report)
    assert report.photos.count() == 5


def test_photos_are_numbered_in_the_order_they_come(event):
    report = make_report(event)

    first, second = add(report), add(report, alt_text="Les élèves au tableau")

    assert (first.position, second.position) == (1, 2)
    assert list(report.photos.all()) == [first, second]


def test_a_photo_without_image_rights_is_refused(event):
    report = make_report(event)

    with pytest.raises(ValidationError) as error:
        add(report, image_rights_confirmed=False)
    assert "image_rights_confirmed" in error.value.message_dict
    assert not ReportPhoto.objects.exists()


def test_pupils_need_their_parents_consent(event):
    report = make_report(event)

    with pytest.raises(ValidationError) as error:
        add(report, shows_pupils=True, parental_consent_confirmed=False)
    assert "parental_consent_confirmed" in error.value.message_dict

    photo = add(report, shows_pupils=True, parental_consent_confirmed=True)
    assert photo.parental_consent_confirmed


def test_the_database_refuses_a_photo_without_consent(event):
    report = make_report(event)

    with pytest.raises(IntegrityError):
        ReportPhoto.objects.create(report=report, image="x.jpg", alt_text="x",
                                   image_rights_confirmed=True, shows_pupils=True)  # fmt: skip


def test_removing_a_photo_deletes_its_file_after_the_commit(event, deliver):
    photo = make_photo(make_report(event))
    path = Path(photo.image.path)
    assert path.exists()

    with deliver():
        services.remove_photo(photo=photo)

    assert not ReportPhoto.objects.exists()
    assert not path.exists()


def test_the_suggested_count_is_the_places_of_those_who_came(event):
    RegistrationFactory(event=event, places=3, attended=True)
    RegistrationFactory(event=event, places=1, attended=True)
    RegistrationFactory(event=event, places=2, attended=False)
    RegistrationFactory(event=event, places=5, attended=True, status="cancelled")

    assert services.suggested_participants(event) == 4
