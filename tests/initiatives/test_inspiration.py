"""'Organise an event on this model': a prefilled draft linked to the initiative."""

import pytest

from jres.events.models import Event
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(france):
    return InitiativeFactory(
        title="Débats entre collégiens", commune=france.toulouse,
        summary="Les élèves débattent pendant les temps de vie scolaire.",
        themes=["debats-parole-eleves"], organisation="Collège Jean-Jaurès",
    )  # fmt: skip


def test_the_event_form_is_prefilled_from_the_initiative(
    client, organiser, current_edition, initiative
):
    client.force_login(organiser)

    response = client.get(f"/mes-evenements/nouveau/?modele={initiative.slug}")

    form = response.context["form"]
    assert f'href="/initiatives/{initiative.slug}/"' in response.content.decode()
    assert form.initial["title"] == "Notre événement, sur le modèle de « Débats entre collégiens »"
    assert "Les élèves débattent" in form.initial["description"]
    assert f"/initiatives/{initiative.slug}/" in form.initial["description"]
    assert form.initial["postal_code"] == "31000" and form.initial["city"] == "Toulouse"
    assert (
        form.initial["kind"]
        == Event._meta.get_field("kind").related_model.objects.get(slug="temps-echange-scolaire").pk
    )


def test_the_new_event_is_linked_to_the_initiative(client, organiser, current_edition, initiative):
    client.force_login(organiser)
    form = client.get(f"/mes-evenements/nouveau/?modele={initiative.slug}").context["form"]
    day = current_edition.day.isoformat()
    data = {
        "kind": form.initial["kind"],
        "title": form.initial["title"],
        "description": form.initial["description"],
        "starts_at": f"{day}T18:00",
        "ends_at": f"{day}T20:00",
        "attendance_mode": "in_person",
        "is_public": "on",
        "venue_name": "Salle des fêtes",
        "address": "1 place du Capitole",
        "postal_code": "31000",
        "city": "Toulouse",
        "audiences": [],
        "registration_mode": "none",
    }
    from jres.events.models import Audience

    data["audiences"] = [Audience.objects.first().pk]

    response = client.post(f"/mes-evenements/nouveau/?modele={initiative.slug}", data)

    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get()
    assert event.initiative == initiative and event.organiser == organiser


def test_an_unknown_or_unpublished_model_gives_an_empty_form(
    client, organiser, current_edition, france
):
    draft = InitiativeFactory(commune=france.bordeaux, status="draft")
    client.force_login(organiser)

    for slug in ("nexiste-pas", draft.slug):
        response = client.get(f"/mes-evenements/nouveau/?modele={slug}")
        assert response.status_code == 200 and "title" not in response.context["form"].initial


def test_visitors_are_asked_to_log_in_and_come_back_to_the_prefilled_form(client, initiative):
    content = client.get(f"/initiatives/{initiative.slug}/").content.decode()

    assert f"/compte/login/?next=/mes-evenements/nouveau/%3Fmodele%3D{initiative.slug}" in content
