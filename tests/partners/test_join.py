"""Joining the network: the public form, its bad input, its honeypot and its limit."""

import pytest
from django.urls import reverse

from jres.partners.models import JoinRequest, JoinRequestStatus, PartnerKind

pytestmark = pytest.mark.django_db

URL = reverse("partners:join")


def form_data(**overrides):
    return {
        "authority_name": "Ville de Mérignac",
        "kind": "commune",
        "postal_code": "33700",
        "city": "Mérignac",
        "contact_name": "Service jeunesse",
        "contact_role": "Responsable",
        "contact_email": "jeunesse@merignac.example",
        "message": "Nous voulons faire connaître nos actions.",
        **overrides,
    }


def test_the_form_shows(client, france):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Rejoindre le réseau" in response.content.decode()


def test_a_commune_asks_to_join(client, france):
    response = client.post(URL, form_data())
    assert response.status_code == 302
    join_request = JoinRequest.objects.get()
    assert join_request.status == JoinRequestStatus.PENDING
    assert join_request.commune == france.merignac
    assert join_request.department == france.gironde and join_request.region == france.aquitaine
    assert join_request.language == "fr"


def test_a_department_names_its_department(client, france):
    data = form_data(kind="department", postal_code="", city="", department="33")
    assert client.post(URL, data).status_code == 302
    join_request = JoinRequest.objects.get()
    assert join_request.kind == PartnerKind.DEPARTMENT
    assert join_request.commune is None and join_request.department == france.gironde


def test_a_department_without_its_department_is_told(client, france):
    response = client.post(URL, form_data(kind="department", postal_code="", city=""))
    assert response.status_code == 400
    assert "Choisissez le territoire de la collectivité." in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_an_unknown_commune_is_told(client, france):
    response = client.post(URL, form_data(postal_code="99999", city="Atlantide"))
    assert response.status_code == 400
    assert "Commune introuvable" in response.content.decode()


def test_a_malformed_email_keeps_what_was_typed(client, france):
    response = client.post(URL, form_data(contact_email="jeunesse@@merignac"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="jeunesse@@merignac"' in html
    assert 'value="Ville de Mérignac"' in html
    assert "Nous voulons faire connaître nos actions." in html
    assert not JoinRequest.objects.exists()


def test_an_unknown_kind_is_refused_with_a_message(client, france):
    response = client.post(URL, form_data(kind="empire"))
    assert response.status_code == 400
    assert not JoinRequest.objects.exists()


def test_a_robot_filling_the_honeypot_is_answered_as_usual_and_nothing_is_stored(client, france):
    response = client.post(URL, form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not JoinRequest.objects.exists()


def test_a_flood_from_one_address_gets_a_429(client, france):
    for _number in range(5):
        assert client.post(URL, form_data()).status_code == 302
    response = client.post(URL, form_data())
    assert response.status_code == 429
    assert "réessayez dans une heure" in response.content.decode()
    assert JoinRequest.objects.count() == 5
