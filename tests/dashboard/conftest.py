"""A small but realistic data set across two editions, three regions and four departments.

`build(current, past, france, scale=n)` makes the same mix `n` times: events in every
status (public and in-school, several kinds and audiences, dated before the day),
registrations confirmed, waiting and cancelled, reports, partners, initiatives, testimonies,
volunteers and kit downloads. Tests compute the expected figures from the returned lists
in plain Python, never with the ORM queries under test.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from jres.events.models import EventStatus
from jres.initiatives.models import InitiativeStatus
from jres.registrations.models import RegistrationStatus
from jres.reports.models import EventReport
from jres.testimonies.models import Testimony, TestimonyStatus
from jres.toolkit.models import Category, Resource
from jres.volunteers.models import Volunteer
from tests.events.factories import EventFactory, small_france
from tests.factories import EditionFactory
from tests.initiatives.factories import InitiativeFactory
from tests.partners.factories import PartnerFactory
from tests.registrations.factories import RegistrationFactory


def before_day(edition, days: int) -> datetime.datetime:
    """Noon, `days` days before the edition's day, in the local time zone."""
    day = edition.day - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 12, 0))


def _event(edition, commune, *, status=EventStatus.LABELLED, labelled=None, submitted=30, **kw):
    labelled_at = before_day(edition, labelled) if labelled is not None else None
    return EventFactory(
        edition=edition,
        commune=commune,
        status=status,
        labelled_at=labelled_at,
        submitted_at=None if status == EventStatus.DRAFT else before_day(edition, submitted),
        registration_mode="platform",
        capacity=50,
        **kw,
    )


def _registration(event, places, status=RegistrationStatus.CONFIRMED, confirmed=10):
    return RegistrationFactory(
        event=event,
        places=places,
        status=status,
        parent_email="parent@example.net" if status == RegistrationStatus.PENDING_PARENT else "",
        confirmed_at=(
            before_day(event.edition, confirmed) if status == RegistrationStatus.CONFIRMED else None
        ),
    )


def build(current, past, france, *, scale: int = 1) -> SimpleNamespace:
    events, registrations, reports = [], [], []
    partners, initiatives, testimonies, volunteers, resources = [], [], [], [], []
    for _round in range(scale):
        bordeaux = [
            _event(current, france.bordeaux, labelled=20, audiences=["parents"]),
            _event(current, france.bordeaux, labelled=5, audiences=["parents", "eleves"]),
            _event(current, france.bordeaux, labelled=50, submitted=60, kind="atelier"),
            _event(
                current,
                france.bordeaux,
                labelled=3,
                is_public=False,
                kind="temps-echange-scolaire",
                audiences=["eleves"],
            ),
        ]
        merignac = _event(current, france.merignac, labelled=12, audiences=["enseignants"])
        paris = [
            _event(current, france.paris, labelled=8, kind="conference", audiences=["parents"]),
            _event(current, france.paris, labelled=1, is_public=False, audiences=["eleves"]),
        ]
        ajaccio = _event(current, france.ajaccio, labelled=2)
        others = [
            _event(current, france.bordeaux, status=EventStatus.SUBMITTED),
            _event(current, france.bordeaux, status=EventStatus.DRAFT),
            _event(current, france.paris, status=EventStatus.REFUSED),
            _event(current, france.paris, status=EventStatus.CHANGES_REQUESTED),
            # Cancelled after its label: published, not labelled.
            _event(current, france.bordeaux, status=EventStatus.CANCELLED, labelled=15),
            _event(current, france.toulouse, status=EventStatus.SUBMITTED, submitted=90),
        ]
        cancelled = others[4]
        past_events = [
            _event(past, france.bordeaux, labelled=10, audiences=["parents"]),
            _event(past, france.toulouse, labelled=4, is_public=False),
            _event(past, france.toulouse, status=EventStatus.SUBMITTED),
        ]
        events += [*bordeaux, merignac, *paris, ajaccio, *others, *past_events]

        registrations += [
            _registration(bordeaux[0], 2, confirmed=30),
            _registration(bordeaux[0], 1, confirmed=4),
            _registration(bordeaux[0], 3, RegistrationStatus.WAITING),
            _registration(bordeaux[1], 4, confirmed=1),
            _registration(bordeaux[1], 1, RegistrationStatus.CANCELLED),
            _registration(merignac, 2, confirmed=100),
            _registration(paris[0], 5, confirmed=7),
            _registration(paris[0], 2, RegistrationStatus.WAITING),
            _registration(paris[0], 1, RegistrationStatus.PENDING_PARENT),
            _registration(ajaccio, 1, confirmed=0),
            # On a cancelled event: not counted.
            _registration(cancelled, 6, confirmed=20),
            _registration(past_events[0], 3, confirmed=2),
            _registration(past_events[1], 2, RegistrationStatus.WAITING),
        ]
        reports += [
            EventReport.objects.create(event=bordeaux[0], participants=40),
            EventReport.objects.create(event=bordeaux[3], participants=25),
            EventReport.objects.create(event=paris[0], participants=60),
            EventReport.objects.create(event=cancelled, participants=9),
            EventReport.objects.create(event=past_events[0], participants=33),
        ]
    partners += [
        PartnerFactory(commune=france.bordeaux),
        PartnerFactory(commune=france.paris),
        PartnerFactory(kind="region", region=france.aquitaine),
    ]
    initiatives += [
        InitiativeFactory(commune=france.bordeaux),
        InitiativeFactory(commune=france.paris),
        InitiativeFactory(commune=france.merignac, status=InitiativeStatus.DRAFT),
    ]
    for commune, status in [
        (france.bordeaux, TestimonyStatus.PUBLISHED),
        (france.bordeaux, TestimonyStatus.SUBMITTED),
        (france.toulouse, TestimonyStatus.PUBLISHED),
    ]:
        testimonies.append(
            Testimony.objects.create(
                commune=commune,
                role="pupil",
                consent=True,
                email="t@example.net",
                first_name="Zoé",
                age_bracket="15_17",
                text="Merci.",
                status=status,
            )  # fmt: skip
        )
    for commune in [france.bordeaux, france.paris, france.paris]:
        volunteers.append(
            Volunteer.objects.create(
                name="Camille",
                email="c@example.net",
                commune=commune,
                availability="weekly",
                heard_from="school",
            )  # fmt: skip
        )
    # The migration's categories, unless a browser test flushed them.
    category, _created = Category.objects.get_or_create(
        slug="affiches", defaults={"name_fr": "Affiches"}
    )
    for edition, count in [(current, 7), (current, 5), (past, 11)]:
        resources.append(
            Resource.objects.create(
                edition=edition,
                category=category,
                title_fr="Vidéo",
                video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                download_count=count,
            )  # fmt: skip
        )
    return SimpleNamespace(
        current=current,
        past=past,
        france=france,
        events=events,
        registrations=registrations,
        reports=reports,
        partners=partners,
        initiatives=initiatives,
        testimonies=testimonies,
        volunteers=volunteers,
        resources=resources,
    )


@pytest.fixture
def france(db):
    return small_france()


@pytest.fixture
def past_edition(db):
    return EditionFactory(year=2025, number=18)


@pytest.fixture
def dataset(current_edition, past_edition, france):
    return build(current_edition, past_edition, france)


# --- the expected figures, in plain Python --------------------------------------------------


def in_place(event, region=None, department=None) -> bool:
    if department:
        return event.department_id == department
    if region:
        return event.region_id == region
    return True


def commune_in_place(commune, region=None, department=None) -> bool:
    if department:
        return commune.department_id == department
    if region:
        return commune.department.region_id == region
    return True


def expected_figures(data, edition, *, region=None, department=None) -> dict:
    events = [
        event
        for event in data.events
        if event.edition_id == edition.pk and in_place(event, region, department)
    ]
    labelled = [event for event in events if event.status == EventStatus.LABELLED]
    labelled_ids = {event.pk for event in labelled}
    active = [r for r in data.registrations if r.event_id in labelled_ids]
    confirmed = [r for r in active if r.status == RegistrationStatus.CONFIRMED]
    waiting = [r for r in active if r.status == RegistrationStatus.WAITING]
    reports = [report for report in data.reports if report.event_id in labelled_ids]

    def partner_in_place(partner):
        if department:
            return partner.department_id == department
        if region:
            return partner.region_id == region
        return True

    return {
        "submitted_events": sum(event.status != EventStatus.DRAFT for event in events),
        "labelled_events": len(labelled),
        "published_events": sum(
            event.status == EventStatus.LABELLED
            or (event.status == EventStatus.CANCELLED and event.labelled_at is not None)
            for event in events
        ),
        "in_school_events": sum(not event.is_public for event in labelled),
        "communes": len({event.commune_id for event in labelled}),
        "departments": len({event.department_id for event in labelled}),
        "registrations": len(confirmed),
        "places": sum(r.places for r in confirmed),
        "waiting": len(waiting),
        "waiting_places": sum(r.places for r in waiting),
        "reports": len(reports),
        "participants": sum(report.participants for report in reports),
        "partners": sum(partner_in_place(partner) for partner in data.partners),
        "initiatives": sum(
            initiative.status == InitiativeStatus.PUBLISHED
            and commune_in_place(initiative.commune, region, department)
            for initiative in data.initiatives
        ),
        "testimonies": sum(
            testimony.status == TestimonyStatus.PUBLISHED
            and commune_in_place(testimony.commune, region, department)
            for testimony in data.testimonies
        ),
        "volunteers": sum(
            commune_in_place(volunteer.commune, region, department) for volunteer in data.volunteers
        ),
        "toolkit_downloads": sum(
            resource.download_count
            for resource in data.resources
            if resource.edition_id == edition.pk
        ),
        "by_status": {
            status.value: sum(event.status == status for event in events) for status in EventStatus
        },
    }
