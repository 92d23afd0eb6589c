"""Repeated failed logins on one account are throttled (ACCOUNT_RATE_LIMITS "5/5m/key")."""

import pytest

from tests.core.html import text
from tests.factories import PASSWORD

LOGIN_URL = "/compte/login/"
TOO_MANY_FR = "Trop de tentatives de connexion échouées. Veuillez réessayer ultérieurement."
WRONG_FR = "L’adresse e-mail ou le mot de passe sont incorrects."


def _login(client, email, password):
    response = client.post(LOGIN_URL, {"login": email, "password": password})
    return response, text(response.content.decode()) if response.status_code == 200 else ""


def _fail(client, email, times):
    for attempt in range(times):
        response, page = _login(client, email, f"mauvais-mot-de-passe-{attempt}")
        assert response.status_code == 200
        assert WRONG_FR in page
        assert TOO_MANY_FR not in page


@pytest.fixture
def key_limit(settings):
    rate = settings.ACCOUNT_RATE_LIMITS["login_failed"]
    per_key = [part for part in rate.split(",") if part.endswith("/key")]
    assert len(per_key) == 1, rate  # the project's rule is "5/5m/key"
    return int(per_key[0].split("/")[0])


def test_right_password_is_refused_after_too_many_failures(client, organiser, key_limit):
    _fail(client, organiser.email, key_limit)

    response, page = _login(client, organiser.email, PASSWORD)

    assert response.status_code == 200
    assert TOO_MANY_FR in page
    assert "_auth_user_id" not in client.session


def test_failures_below_the_limit_do_not_block_the_right_password(client, organiser, key_limit):
    _fail(client, organiser.email, key_limit - 1)

    response, _page = _login(client, organiser.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(organiser.pk)


def test_the_limit_counts_the_address_whatever_its_case(client, organiser, key_limit):
    _fail(client, organiser.email.upper(), key_limit)

    _response, page = _login(client, organiser.email, PASSWORD)

    assert TOO_MANY_FR in page
    assert "_auth_user_id" not in client.session


def test_an_unrelated_account_can_still_log_in(client, organiser, other_organiser, key_limit):
    _fail(client, organiser.email, key_limit)
    assert TOO_MANY_FR in _login(client, organiser.email, PASSWORD)[1]

    response, _page = _login(client, other_organiser.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other_organiser.pk)


def test_too_many_message_is_in_english_with_the_language_cookie(client, organiser, key_limit):
    client.cookies["django_language"] = "en"
    _fail_en = [_login(client, organiser.email, f"wrong-{n}") for n in range(key_limit)]
    assert all(response.status_code == 200 for response, _page in _fail_en)

    _response, page = _login(client, organiser.email, PASSWORD)

    assert "Too many failed login attempts. Try again later." in page
    assert TOO_MANY_FR not in page
