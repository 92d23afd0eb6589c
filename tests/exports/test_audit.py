"""The export log: who, when, what, with which filters and how many rows, written for every
export (those of other pages too), kept when the account goes, and shown to coordinators."""

import pytest
from django.urls import reverse

from jres.exports.models import ExportLog
from jres.exports.services import log_export
from jres.volunteers.models import Volunteer
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.partners.factories import PartnerFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_an_export_of_registrations_is_logged_with_its_filters_and_count(
    client, coordinator, current_edition, france
):
    labelled = EventFactory(edition=current_edition, commune=france.bordeaux)
    elsewhere = EventFactory(edition=current_edition, commune=france.toulouse)
    RegistrationFactory.create_batch(3, event=labelled)
    RegistrationFactory(event=elsewhere)
    client.force_login(coordinator)

    client.get("/gestion/donnees/inscriptions.csv?region=75&statut=confirmed")

    entry = ExportLog.objects.get()
    assert entry.user == coordinator and entry.user_email == coordinator.email
    assert (entry.dataset, entry.format, entry.rows, entry.personal) == (
        "inscriptions",
        "csv",
        3,
        True,
    )
    assert entry.filters == {"edition": 2026, "region": "75", "statut": "confirmed"}


def test_exports_without_personal_data_are_logged_too_and_flagged(
    client, moderator, current_edition, france
):
    EventFactory.create_batch(2, edition=current_edition, commune=france.bordeaux)
    client.force_login(moderator)

    client.get("/gestion/donnees/evenements.xlsx?edition=toutes")

    entry = ExportLog.objects.get()
    assert (entry.user, entry.dataset, entry.format, entry.rows, entry.personal) == (
        moderator,
        "evenements",
        "xlsx",
        2,
        False,
    )
    assert entry.filters == {"edition": "toutes"}


def test_viewing_the_list_is_not_an_export(client, coordinator, current_edition):
    client.force_login(coordinator)
    client.get("/gestion/donnees/inscriptions/")
    assert not ExportLog.objects.exists()


def test_the_log_survives_the_deletion_of_the_account(coordinator):
    log_export(
        user=coordinator, dataset="benevoles", format="csv", filters={}, rows=4, personal=True
    )
    email = coordinator.email
    coordinator.delete()

    entry = ExportLog.objects.get()
    assert entry.user is None and entry.user_email == email and entry.rows == 4


def test_the_audit_page_lists_exports_newest_first(client, coordinator, moderator):
    log_export(
        user=moderator,
        dataset="evenements",
        format="xlsx",
        filters={"region": "75"},
        rows=12,
        personal=False,
    )
    log_export(
        user=coordinator,
        dataset="inscriptions",
        format="csv",
        filters={"edition": 2026},
        rows=1500,
        personal=True,
    )
    client.force_login(coordinator)

    response = client.get("/gestion/donnees/journal/")

    html = response.content.decode()
    assert "2 exports" in html
    assert [entry.dataset for entry in response.context["page"]] == ["inscriptions", "evenements"]
    assert "region=75" in html and "1500" in html and moderator.email in html


def test_the_audit_page_filters_by_person_and_dataset(client, coordinator, moderator):
    for user, dataset in (
        (moderator, "evenements"),
        (coordinator, "inscriptions"),
        (coordinator, "benevoles"),
    ):
        log_export(
            user=user,
            dataset=dataset,
            format="csv",
            filters={},
            rows=1,
            personal=dataset != "evenements",
        )
    client.force_login(coordinator)

    by_person = client.get("/gestion/donnees/journal/", {"personne": moderator.email.upper()})
    assert by_person.context["page"].paginator.count == 1
    by_dataset = client.get("/gestion/donnees/journal/", {"donnees": "benevoles"})
    assert [entry.dataset for entry in by_dataset.context["page"]] == ["benevoles"]
    unknown = client.get("/gestion/donnees/journal/", {"donnees": "<b>x</b>", "page": "x"})
    html = unknown.content.decode()
    assert unknown.status_code == 200 and "&lt;b&gt;x&lt;/b&gt;" in html
    assert unknown.context["page"].paginator.count == 3


def test_the_audit_page_is_paginated_with_a_bounded_query_count(
    client, coordinator, django_assert_max_num_queries
):
    for number in range(60):
        log_export(
            user=coordinator,
            dataset="evenements",
            format="csv",
            filters={},
            rows=number,
            personal=False,
        )
    client.force_login(coordinator)
    client.get("/gestion/donnees/journal/")  # warm the session and the groups

    with django_assert_max_num_queries(8):
        response = client.get("/gestion/donnees/journal/?page=2")
    assert len(response.context["page"].object_list) == 10


def test_a_deleted_account_shows_as_such_in_the_log(client, coordinator):
    gone = UserFactory(email="partie@example.org", groups=["coordinators"])
    log_export(user=gone, dataset="benevoles", format="csv", filters={}, rows=2, personal=True)
    gone.delete()
    client.force_login(coordinator)

    html = client.get("/gestion/donnees/journal/").content.decode()

    assert "partie@example.org (compte supprimé)" in html


# --- the exports of other pages ---------------------------------------------------------


def test_the_volunteers_page_export_is_logged(client, coordinator, france):
    Volunteer.objects.create(
        name="Camille",
        email="c@example.net",
        commune=france.bordeaux,
        availability="weekly",
        heard_from="school",
        is_student=True,
    )
    Volunteer.objects.create(
        name="Yanis",
        email="y@example.net",
        commune=france.toulouse,
        availability="weekly",
        heard_from="school",
    )
    client.force_login(coordinator)

    client.get("/gestion/benevoles/export.csv?department=33&student=oui")

    entry = ExportLog.objects.get()
    assert (entry.user, entry.dataset, entry.rows, entry.personal) == (
        coordinator,
        "benevoles",
        1,
        True,
    )
    assert entry.filters == {"department": "33", "student": "oui"}


def test_the_organisers_registrations_export_is_logged(client, organiser, current_edition, france):
    event = EventFactory(
        edition=current_edition,
        organiser=organiser,
        commune=france.bordeaux,
        registration_mode="platform",
        capacity=20,
    )
    RegistrationFactory.create_batch(2, event=event)
    client.force_login(organiser)

    response = client.get(reverse("registrations:export", args=[event.pk]))

    assert response.status_code == 200
    entry = ExportLog.objects.get()
    assert (entry.user, entry.dataset, entry.rows, entry.personal, entry.filters) == (
        organiser,
        "inscrits-evenement",
        2,
        True,
        {"evenement": event.pk},
    )


def test_another_organiser_gets_nothing_and_nothing_is_logged(
    client, organiser, other_organiser, current_edition, france
):
    event = EventFactory(edition=current_edition, organiser=organiser, commune=france.bordeaux)
    client.force_login(other_organiser)

    assert client.get(reverse("registrations:export", args=[event.pk])).status_code == 404
    assert not ExportLog.objects.exists()


def test_the_partners_territory_export_is_logged(client, current_edition, france):
    account = UserFactory()
    partner = PartnerFactory(name="Ville de Bordeaux", commune=france.bordeaux, accounts=[account])
    EventFactory.create_batch(2, edition=current_edition, commune=france.bordeaux)
    EventFactory(edition=current_edition, commune=france.paris)
    client.force_login(account)

    assert client.get(reverse("partners:export", args=[partner.slug])).status_code == 200

    entry = ExportLog.objects.get()
    assert (entry.user, entry.dataset, entry.rows, entry.personal) == (
        account,
        "evenements-territoire",
        2,
        False,
    )
    assert entry.filters == {"collectivite": partner.slug, "edition": 2026}


def test_the_demo_logs_a_few_exports_of_the_demo_accounts(db):
    from jres.accounts import demo as accounts_demo
    from jres.exports import demo

    accounts_demo.load()

    assert demo.load() == 3
    assert set(ExportLog.objects.values_list("user_email", flat=True)) == {
        "coordination@jres.localhost",
        "moderation@jres.localhost",
    }
    assert ExportLog.objects.filter(personal=True).count() == 1


def test_the_admin_shows_the_log_but_nobody_changes_it(client, coordinator):
    admin = UserFactory(is_staff=True, is_superuser=True)
    entry = log_export(
        user=coordinator, dataset="benevoles", format="csv", filters={}, rows=3, personal=True
    )
    client.force_login(admin)

    listing = client.get("/admin/exports/exportlog/")
    assert listing.status_code == 200 and coordinator.email in listing.content.decode()
    assert client.get("/admin/exports/exportlog/add/").status_code == 403
    client.post(f"/admin/exports/exportlog/{entry.pk}/delete/", {"post": "yes"})
    client.post(f"/admin/exports/exportlog/{entry.pk}/change/", {"rows": 0})
    entry.refresh_from_db()
    assert entry.rows == 3
