"""The coordinator curates initiatives in the admin: levels as boxes, PDFs checked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jres.initiatives.admin import InitiativeAdminForm, InitiativeDocumentForm
from tests.initiatives.conftest import pdf_bytes
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_coordinators_reach_the_initiatives_in_the_admin(client, coordinator, france):
    initiative = InitiativeFactory(commune=france.bordeaux, title="Mentorat")
    client.force_login(coordinator)

    assert "Mentorat" in client.get("/admin/initiatives/initiative/").content.decode()
    change = client.get(f"/admin/initiatives/initiative/{initiative.pk}/change/")
    assert change.status_code == 200 and 'name="level_choices"' in change.content.decode()
    assert client.get("/admin/initiatives/theme/").status_code == 200


def test_the_admin_form_stores_the_ticked_levels(france):
    initiative = InitiativeFactory(commune=france.bordeaux, levels=["primary"])
    form = InitiativeAdminForm(instance=initiative)
    assert form.initial["level_choices"] == ["primary"]

    form.instance.level_list = ["vocational", "primary"]

    assert initiative.levels == ",primary,vocational,"


def test_an_admin_document_must_be_a_pdf():
    fake = SimpleUploadedFile("guide.pdf", b"PK\x03\x04 a zip", content_type="application/pdf")
    real = SimpleUploadedFile("guide.pdf", pdf_bytes(), content_type="application/pdf")

    assert "file" in InitiativeDocumentForm({"title": "Guide"}, {"file": fake}).errors
    assert InitiativeDocumentForm({"title": "Guide"}, {"file": real}).is_valid()
