"""The privacy page tells what the newsletter keeps, how to leave it, and that exports of
personal data are logged."""

import importlib

import pytest
from django.apps import apps

from jres.pages.models import Page

pytestmark = pytest.mark.django_db


def test_the_privacy_page_says_how_to_leave_the_newsletter():
    page = Page.objects.get(slug="confidentialite")

    assert "une inscription non confirmée sous sept jours est effacée" in page.body_fr
    assert "every export is logged: who, when, which data" in page.body_en


def test_the_privacy_migration_appends_its_paragraph_once_and_keeps_the_edited_text():
    Page.objects.filter(slug="confidentialite").update(body_fr="Texte revu.", body_en="Revised.")
    migration = importlib.import_module("jres.pages.migrations.0006_privacy_newsletter")

    migration.add_newsletter_paragraph(apps, None)
    migration.add_newsletter_paragraph(apps, None)

    page = Page.objects.get(slug="confidentialite")
    assert page.body_fr.startswith("Texte revu.\n\n## Lettre d'information et messages")
    assert page.body_fr.count("## Lettre d'information") == 1
    assert page.body_en.startswith("Revised.\n\n## Newsletter and messages")
