"""Sign-up with e-mail verification, its error messages, and password reset."""

import re

import pytest
from allauth.account.models import EmailAddress

from jres.accounts.models import User
from tests.core.html import elements, text
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/compte/signup/"
LOGIN_URL = "/compte/login/"
STRONG_PASSWORD = "un-velo-bleu-sous-la-pluie-42"


def _signup_data(**overrides):
    data = {
        "email": "nina.dupont@example.org",
        "display_name": "Nina Dupont",
        "organiser_kind": "teacher",
        "organisation": "Collège Jean Macé",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
    }
    data.update(overrides)
    return data


def _link(body: str, prefix: str) -> str:
    match = re.search(rf"https?://[^/\s]+({re.escape(prefix)}\S+)", body)
    assert match, body
    return match.group(1)


def _input_value(html: str, name: str) -> str | None:
    for attrs in elements(html, "input"):
        if attrs.get("name") == name:
            return attrs.get("value")
    raise AssertionError(f"no input named {name}")


def _field_errors(html: str) -> str:
    """The text of every error list on the page."""
    return " ".join(
        text(block) for block in re.findall(r'<ul class="errorlist[^"]*".*?</ul>', html, re.S)
    )


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# Sign-up and verification ----------------------------------------------------------------


def test_signup_creates_an_unverified_account_with_its_profile(client, mailoutbox):
    response = client.post(SIGNUP_URL, _signup_data(email="Nina.Dupont@Example.org"))

    assert response.status_code == 302
    assert response["Location"] == "/compte/confirm-email/"
    user = User.objects.get()
    assert user.email == "nina.dupont@example.org"
    assert user.display_name == "Nina Dupont"
    assert user.organiser_kind == "teacher"
    assert user.organisation == "Collège Jean Macé"
    assert user.language == "fr"
    assert user.check_password(STRONG_PASSWORD)
    assert not user.is_staff
    assert not user.is_moderator
    address = EmailAddress.objects.get(user=user)
    assert address.email == "nina.dupont@example.org"
    assert not address.verified
    assert not _logged_in(client)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nina.dupont@example.org"]
    assert message.subject.startswith("[JRES] ")
    assert "/compte/confirm-email/" in message.body

    page = client.get(response["Location"]).content.decode()
    assert "Vérifiez votre adresse e-mail" in text(page)


def test_following_the_verification_link_verifies_the_address(client, mailoutbox):
    client.post(SIGNUP_URL, _signup_data())
    link = _link(mailoutbox[0].body, "/compte/confirm-email/")

    # GET only shows a confirmation button: mail scanners that follow links verify nothing.
    page = client.get(link)
    assert page.status_code == 200
    assert "nina.dupont@example.org" in text(page.content.decode())
    assert not EmailAddress.objects.get().verified

    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get().verified
    login = client.post(
        LOGIN_URL, {"login": "nina.dupont@example.org", "password": STRONG_PASSWORD}
    )
    assert login.status_code == 302
    assert login["Location"] == "/compte/profil/"
    assert _logged_in(client)


def test_forged_verification_link_verifies_nothing(client, mailoutbox):
    client.post(SIGNUP_URL, _signup_data())

    response = client.post("/compte/confirm-email/MQ:forged:key/")

    assert response.status_code in {200, 404}
    assert not EmailAddress.objects.get().verified


def test_login_before_verification_is_refused(client, mailoutbox):
    client.post(SIGNUP_URL, _signup_data())
    mailoutbox.clear()

    response = client.post(
        LOGIN_URL, {"login": "nina.dupont@example.org", "password": STRONG_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/compte/confirm-email/"
    assert not _logged_in(client)
    # The first link was sent moments ago: allauth's cooldown sends no second one yet.
    assert mailoutbox == []
    assert "Vérifiez votre adresse e-mail" in text(
        client.get(response["Location"]).content.decode()
    )
    profile = client.get("/compte/profil/")
    assert profile.status_code == 302
    assert profile["Location"].startswith(LOGIN_URL)


def test_signup_records_english_when_done_in_english(client, mailoutbox):
    client.cookies["django_language"] = "en"

    client.post(SIGNUP_URL, _signup_data())

    assert User.objects.get().language == "en"
    assert "/compte/confirm-email/" in mailoutbox[0].body
    assert "Bonjour" not in mailoutbox[0].body


# Bad input ---------------------------------------------------------------------------------


def _assert_refused_and_kept(response, data):
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le formulaire contient des erreurs" in text(html)
    assert _input_value(html, "email") == data["email"]
    assert _input_value(html, "display_name") == data["display_name"]
    assert _input_value(html, "organisation") == data["organisation"]
    assert '<option value="teacher" selected>' in html
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    return html


def test_malformed_email_is_refused_with_a_french_message(client, mailoutbox):
    data = _signup_data(email="nina.dupont-at-example.org")

    html = _assert_refused_and_kept(client.post(SIGNUP_URL, data), data)

    assert "Saisissez une adresse de courriel valide." in _field_errors(html)
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("court-1", "Ce mot de passe est trop court. Il doit contenir au minimum 10 caractères."),
        ("motdepasse", "Ce mot de passe est trop courant."),
        ("20260927123456", "Ce mot de passe est entièrement numérique."),
    ],
    ids=["too-short", "common", "numeric"],
)
def test_weak_password_is_refused_with_a_french_message(client, mailoutbox, password, message):
    data = _signup_data(password1=password, password2=password)

    html = _assert_refused_and_kept(client.post(SIGNUP_URL, data), data)

    assert message in _field_errors(html)
    assert mailoutbox == []


def test_mismatched_passwords_are_refused_with_a_french_message(client, mailoutbox):
    data = _signup_data(password2=STRONG_PASSWORD + "-autre")

    html = _assert_refused_and_kept(client.post(SIGNUP_URL, data), data)

    assert "Vous devez saisir deux fois le même mot de passe." in _field_errors(html)
    # The passwords themselves are never sent back in the page.
    assert STRONG_PASSWORD not in html
    assert mailoutbox == []


def test_missing_display_name_is_refused_with_a_french_message(client):
    data = _signup_data(display_name="")

    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce champ est obligatoire." in _field_errors(html)
    assert _input_value(html, "email") == data["email"]
    assert not User.objects.exists()


def test_errors_are_in_english_with_the_language_cookie(client, mailoutbox):
    client.cookies["django_language"] = "en"
    data = _signup_data(email="not-an-address", password2=STRONG_PASSWORD + "-other")

    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 200
    errors = _field_errors(response.content.decode())
    assert "Enter a valid email address." in errors
    assert "Saisissez une adresse de courriel valide." not in errors
    assert _input_value(response.content.decode(), "display_name") == "Nina Dupont"
    assert not User.objects.exists()

    weak = client.post(SIGNUP_URL, _signup_data(password1="123456789", password2="123456789"))
    weak_errors = _field_errors(weak.content.decode())
    assert "This password is entirely numeric." in weak_errors
    assert "This password is too short. It must contain at least 10 characters." in weak_errors


@pytest.mark.parametrize(
    "typed", ["Person@Example.org", "person@example.org", " PERSON@example.ORG "]
)
def test_taken_email_creates_no_second_account_and_warns_the_owner(client, mailoutbox, typed):
    owner = UserFactory(email="person@example.org", display_name="Déjà Inscrite")

    response = client.post(SIGNUP_URL, _signup_data(email=typed))

    # Sign-up does not reveal which addresses have an account (ACCOUNT_PREVENT_ENUMERATION):
    # the visitor sees the usual "check your e-mail" step, the owner is told by e-mail.
    assert response.status_code == 302
    assert response["Location"] == "/compte/confirm-email/"
    assert User.objects.count() == 1
    owner.refresh_from_db()
    assert owner.display_name == "Déjà Inscrite"
    assert owner.check_password(PASSWORD)
    assert EmailAddress.objects.filter(email__iexact="person@example.org").count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["person@example.org"]
    assert "/compte/password/reset/" in mailoutbox[0].body
    assert "/compte/confirm-email/" not in mailoutbox[0].body


# Password reset ----------------------------------------------------------------------------


def test_forged_password_reset_token_shows_the_bad_token_page(client, organiser):
    for forged in ["1-forged-token", "zz-abc-def", f"{organiser.pk}-0000-deadbeef"]:
        response = client.get(f"/compte/password/reset/key/{forged}/", follow=True)

        assert response.status_code == 200
        html = response.content.decode()
        assert "Mauvais jeton d'identification" in text(html)
        assert "/compte/password/reset/" in {a.get("href") for a in elements(html, "a")}
    organiser.refresh_from_db()
    assert organiser.check_password(PASSWORD)


def test_password_reset_sends_a_link_that_sets_a_new_password(client, organiser, mailoutbox):
    response = client.post("/compte/password/reset/", {"email": organiser.email.upper()})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [organiser.email]
    link = _link(mailoutbox[0].body, "/compte/password/reset/key/")

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Mauvais jeton" not in text(form_page.content.decode())
    set_password_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new_password = "nouveau-mot-de-passe-solide-2026"

    done = client.post(set_password_url, {"password1": new_password, "password2": new_password})

    assert done.status_code == 302
    organiser.refresh_from_db()
    assert organiser.check_password(new_password)
    assert not organiser.check_password(PASSWORD)
    client.logout()
    login = client.post(LOGIN_URL, {"login": organiser.email, "password": new_password})
    assert login.status_code == 302
    assert _logged_in(client)

    # The link works once.
    again = client.get(link, follow=True)
    assert "Mauvais jeton d'identification" in text(again.content.decode())


def test_password_reset_for_an_unknown_address_sends_no_reset_link(client, mailoutbox):
    response = client.post("/compte/password/reset/", {"email": "personne@example.org"})

    assert response.status_code == 302
    assert all("/compte/password/reset/key/" not in message.body for message in mailoutbox)
    assert not User.objects.exists()


def test_old_password_no_longer_works_after_reset(client, organiser, mailoutbox):
    client.post("/compte/password/reset/", {"email": organiser.email})
    link = _link(mailoutbox[0].body, "/compte/password/reset/key/")
    url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(
        url, {"password1": "encore-un-autre-mot-2026", "password2": "encore-un-autre-mot-2026"}
    )
    client.logout()

    response = client.post(LOGIN_URL, {"login": organiser.email, "password": PASSWORD})

    assert response.status_code == 200
    assert not _logged_in(client)
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in text(response.content.decode())
