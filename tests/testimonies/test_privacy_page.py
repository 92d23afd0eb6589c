"""The privacy page tells what a testimony shows and how it is withdrawn."""

import importlib

import pytest
from django.apps import apps

from jres.pages.models import Page

pytestmark = pytest.mark.django_db


def test_the_privacy_page_says_how_a_testimony_is_withdrawn():
    page = Page.objects.get(slug="confidentialite")

    assert "rien n'est publié sans l'accord d'un parent" in page.body_fr
    assert "it is then erased, with the e-mails about it" in page.body_en


def test_the_privacy_migration_appends_its_paragraph_once_and_keeps_the_edited_text():
    Page.objects.filter(slug="confidentialite").update(body_fr="Texte revu.", body_en="")
    migration = importlib.import_module("jres.pages.migrations.0005_privacy_testimonies")

    migration.add_testimony_paragraph(apps, None)
    migration.add_testimony_paragraph(apps, None)

    page = Page.objects.get(slug="confidentialite")
    assert page.body_fr.startswith("Texte revu.\n\n## Témoignages")
    assert page.body_fr.count("## Témoignages") == 1
    assert page.body_en == ""  # an empty English text keeps falling back to the French one
