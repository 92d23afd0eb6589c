"""Mentoring volunteers: the form, the coordinator's list and export, the purge."""

import datetime
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from jres.core.antispam import stamp
from jres.outbox.models import OutgoingMessage
from jres.volunteers.models import Volunteer
from tests.events.factories import small_france

pytestmark = pytest.mark.django_db


@pytest.fixture
def france(db):
    return small_france()


def answers(**overrides):
    return {"name": "Camille Martin", "email": "camille@example.net", "commune_code": "33700",
            "commune_name": "", "is_student": "on", "availability": "weekly",
            "heard_from": "school", "website": "", "started": stamp(at=time.time() - 10),
            **overrides}  # fmt: skip


def test_a_volunteer_signs_up_and_is_told(client, france):
    response = client.post("/benevolat/", answers())

    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.commune == france.merignac and volunteer.is_student
    (sent,) = mail.outbox
    assert sent.to == ["camille@example.net"]


def test_a_form_posted_too_fast_stores_nothing(client, france):
    client.post("/benevolat/", answers(started=stamp()))

    assert not Volunteer.objects.exists() and mail.outbox == []


def test_the_list_is_for_coordinators_only(client, france, organiser):
    client.force_login(organiser)

    assert client.get("/gestion/benevoles/").status_code == 403
    assert client.get("/gestion/benevoles/export.csv").status_code == 403


def test_the_coordinator_filters_and_exports_formula_safe(client, france, coordinator):
    client.post("/benevolat/", answers(name="=HYPERLINK(1)"))
    client.post("/benevolat/", answers(name="Yanis", email="y@example.net", is_student=""))
    client.force_login(coordinator)

    listed = client.get("/gestion/benevoles/?student=non").content.decode()
    assert "Yanis" in listed and "HYPERLINK" not in listed
    export = client.get("/gestion/benevoles/export.csv").content.decode()
    assert "'=HYPERLINK(1)" in export and "Yanis" in export


def test_purge_deletes_old_volunteers_and_their_mail(client, france, settings):
    client.post("/benevolat/", answers())
    Volunteer.objects.update(created_at=timezone.now() - datetime.timedelta(days=400))

    call_command("purge_volunteers", verbosity=0)

    assert not Volunteer.objects.exists()
    assert not OutgoingMessage.objects.filter(template__startswith="volunteers/").exists()


def test_the_privacy_page_says_when_volunteers_are_deleted():
    from jres.pages.models import Page

    page = Page.objects.get(slug="confidentialite")

    assert "effacés automatiquement 12 mois après votre inscription" in page.body_fr
    assert "deleted automatically 12 months after you signed up" in page.body_en


def test_the_privacy_migration_appends_its_paragraph_once():
    import importlib

    from django.apps import apps

    from jres.pages.models import Page

    Page.objects.filter(slug="confidentialite").update(body_fr="Texte revu.", body_en="Text.")
    migration = importlib.import_module("jres.pages.migrations.0004_privacy_volunteers")
    migration.add_volunteer_paragraph(apps, None)
    migration.add_volunteer_paragraph(apps, None)

    page = Page.objects.get(slug="confidentialite")
    assert page.body_fr.startswith("Texte revu.\n\n## Bénévoles du mentorat")
    assert page.body_fr.count("Bénévoles du mentorat") == 1
    assert page.body_en.count("Mentoring volunteers") == 1
