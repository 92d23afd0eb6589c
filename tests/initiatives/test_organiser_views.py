"""The organiser's space: proposing, editing, submitting; someone else's is a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jres.initiatives.models import Initiative, InitiativeStatus
from tests.core.html import text
from tests.initiatives.conftest import pdf_bytes
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def proposal(**overrides) -> dict:
    return {
        "title": "Débats entre collégiens",
        "summary": "Pendant les temps de vie scolaire, les élèves débattent de l'école.",
        "description": "Des **débats** animés par les élèves.",
        "themes": ["debats-parole-eleves"],
        "levels": ["lower_secondary"],
        "postal_code": "31000",
        "city": "Toulouse",
        "organisation": "Collège Jean-Jaurès",
        "results": "Trente classes l'ont fait.",
        "contact_email": "college@example.org",
        "links_text": "https://example.org/debats\nhttp://example.org/bilan",
        "document_title": "",
        **overrides,
    }


def test_an_organiser_proposes_a_draft_with_a_pdf(client, organiser, france):
    client.force_login(organiser)
    document = SimpleUploadedFile("bilan.pdf", pdf_bytes(), content_type="application/pdf")

    response = client.post(
        "/mes-initiatives/nouvelle/",
        proposal(document=document, document_title="Le bilan de l'année"),
    )

    assert response.status_code == 302, response.context["form"].errors
    initiative = Initiative.objects.get()
    assert response["Location"] == f"/mes-initiatives/{initiative.pk}/"
    assert initiative.status == InitiativeStatus.DRAFT and initiative.proposer == organiser
    assert initiative.commune == france.toulouse
    assert initiative.level_list == ["lower_secondary"]
    assert initiative.links == ["https://example.org/debats", "http://example.org/bilan"]
    assert initiative.documents.get().title == "Le bilan de l'année"
    assert initiative.log.get().action == "created"


def test_the_form_starts_with_the_organisers_address(client, organiser):
    client.force_login(organiser)

    response = client.get("/mes-initiatives/nouvelle/")

    assert f'value="{organiser.email}"' in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"levels": ["university"]}, "levels", "university"),
        ({"themes": ["astrologie"]}, "themes", "astrologie"),
        ({"links_text": "javascript:alert(1)"}, "links_text", "n'est pas une adresse web"),
        ({"links_text": "ftp://example.org/a"}, "links_text", "n'est pas une adresse web"),
    ],
    ids=["level", "theme", "javascript-link", "ftp-link"],
)
def test_bad_values_are_form_errors_and_what_was_typed_is_kept(
    client, organiser, france, overrides, field, message
):
    client.force_login(organiser)

    response = client.post("/mes-initiatives/nouvelle/", proposal(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    assert "Débats entre collégiens" in response.content.decode()
    assert not Initiative.objects.exists()


def test_a_document_that_is_not_a_pdf_is_refused(client, organiser, france):
    client.force_login(organiser)
    fake = SimpleUploadedFile("bilan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = client.post(
        "/mes-initiatives/nouvelle/", proposal(document=fake, document_title="Bilan")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["document"] == ["Seuls les documents PDF sont acceptés."]
    assert not Initiative.objects.exists()


def test_the_owner_submits_and_sees_the_history(client, organiser, france):
    initiative = InitiativeFactory(proposer=organiser, status=InitiativeStatus.DRAFT)
    client.force_login(organiser)

    response = client.post(f"/mes-initiatives/{initiative.pk}/soumettre/", follow=True)

    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED
    page = text(response.content.decode())
    assert "Initiative envoyée à l'équipe de modération." in page
    assert "Soumission pour relecture" in page


def test_editing_keeps_the_commune_and_logs_the_fields(client, organiser, france):
    initiative = InitiativeFactory(
        proposer=organiser, status=InitiativeStatus.DRAFT, commune=france.toulouse,
        themes=["mentorat"], levels=["primary"],
    )  # fmt: skip
    client.force_login(organiser)
    form = client.get(f"/mes-initiatives/{initiative.pk}/modifier/").context["form"]
    data = {name: form[name].value() for name in form.fields if name not in {"document"}}
    data = {key: value for key, value in data.items() if value is not None}
    data["themes"] = list(initiative.themes.values_list("slug", flat=True))
    data["summary"] = "Un nouveau résumé."

    response = client.post(f"/mes-initiatives/{initiative.pk}/modifier/", data)

    assert response.status_code == 302, response.context["form"].errors
    initiative.refresh_from_db()
    assert initiative.summary == "Un nouveau résumé." and initiative.commune == france.toulouse
    assert initiative.log.get().changes == ["summary"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/mes-initiatives/{pk}/"),
        ("get", "/mes-initiatives/{pk}/modifier/"),
        ("post", "/mes-initiatives/{pk}/modifier/"),
        ("post", "/mes-initiatives/{pk}/soumettre/"),
    ],
)
def test_another_organiser_gets_a_404(client, organiser, other_organiser, method, path):
    initiative = InitiativeFactory(proposer=organiser, status=InitiativeStatus.DRAFT)
    client.force_login(other_organiser)

    response = getattr(client, method)(path.format(pk=initiative.pk))

    assert response.status_code == 404
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.DRAFT


def test_the_list_shows_only_ones_own(client, organiser, other_organiser):
    InitiativeFactory(proposer=organiser, title="La mienne")
    InitiativeFactory(proposer=other_organiser, title="Celle d'un autre")
    client.force_login(organiser)

    page = text(client.get("/mes-initiatives/").content.decode())

    assert "La mienne" in page and "Celle d'un autre" not in page


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/mes-initiatives/nouvelle/")

    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
