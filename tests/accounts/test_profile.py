"""The profile page: only one's own account, only the profile fields."""

import pytest
from allauth.account.models import EmailAddress

from jres.accounts.models import User
from tests.core.html import elements, text
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROFILE_URL = "/compte/profil/"


def _profile_data(**overrides):
    data = {
        "display_name": "Odile O.",
        "organiser_kind": "association",
        "organisation": "Les Petits Débrouillards",
        "language": "en",
    }
    data.update(overrides)
    return data


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"/compte/login/?next={PROFILE_URL}"


def test_anonymous_post_changes_nothing(client, organiser):
    response = client.post(PROFILE_URL, _profile_data())

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")
    organiser.refresh_from_db()
    assert organiser.display_name == "Odile Organisatrice"


def test_profile_shows_the_signed_in_account(client, organiser):
    client.force_login(organiser)

    html = client.get(PROFILE_URL).content.decode()

    assert organiser.email in text(html)
    assert "Organisateur·rice" in text(html)
    names = {attrs.get("name") for attrs in elements(html, "input")}
    assert {"display_name", "organisation"} <= names
    assert not names & {"email", "is_staff", "is_superuser", "password"}
    values = {attrs.get("name"): attrs.get("value") for attrs in elements(html, "input")}
    assert values["display_name"] == "Odile Organisatrice"


def test_updating_the_profile_saves_it(client, organiser):
    client.force_login(organiser)

    response = client.post(PROFILE_URL, _profile_data())

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    organiser.refresh_from_db()
    assert organiser.display_name == "Odile O."
    assert organiser.organiser_kind == "association"
    assert organiser.organisation == "Les Petits Débrouillards"
    assert organiser.language == "en"
    page = client.get(PROFILE_URL).content.decode()
    assert "Votre profil a été enregistré." in text(page)


def test_invalid_profile_keeps_what_was_typed_and_saves_nothing(client, organiser):
    client.force_login(organiser)

    response = client.post(
        PROFILE_URL, _profile_data(display_name="", organisation="Mon association")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce champ est obligatoire." in text(html)
    values = {attrs.get("name"): attrs.get("value") for attrs in elements(html, "input")}
    assert values["organisation"] == "Mon association"
    organiser.refresh_from_db()
    assert organiser.display_name == "Odile Organisatrice"
    assert organiser.organisation == ""


def test_unknown_kind_is_refused(client, organiser):
    client.force_login(organiser)

    response = client.post(PROFILE_URL, _profile_data(organiser_kind="pirate"))

    assert response.status_code == 200
    organiser.refresh_from_db()
    assert organiser.organiser_kind == "other"


def test_forged_fields_are_ignored(client, organiser, other_organiser):
    client.force_login(organiser)

    response = client.post(
        PROFILE_URL,
        _profile_data(
            email="pirate@example.org",
            is_staff="on",
            is_superuser="on",
            is_active="",
            groups="1",
            password="pbkdf2_sha256$1$x$y",
            id=other_organiser.pk,
            pk=other_organiser.pk,
            user=other_organiser.pk,
        ),
    )

    assert response.status_code == 302
    organiser.refresh_from_db()
    assert organiser.display_name == "Odile O."
    assert organiser.email != "pirate@example.org"
    assert not organiser.is_staff
    assert not organiser.is_superuser
    assert organiser.is_active
    assert not organiser.groups.exists()
    assert organiser.check_password(PASSWORD)
    assert EmailAddress.objects.filter(user=organiser, email=organiser.email).exists()
    assert not User.objects.filter(email="pirate@example.org").exists()
    other_organiser.refresh_from_db()
    assert other_organiser.display_name == "Omar Organisateur"
    assert other_organiser.organisation == ""


def test_profile_form_is_in_english_with_the_cookie(client, organiser):
    client.force_login(organiser)
    client.cookies["django_language"] = "en"

    response = client.post(PROFILE_URL, _profile_data(display_name=""))

    assert "This field is required." in text(response.content.decode())
