"""Sessions: a new key at log-in, none left at log-out, every other device signed out by a
change of password, and cookies a sibling host or plain HTTP cannot plant in production."""

import json
import os
import subprocess
import sys
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROFILE = "/compte/profil/"
NEW_PASSWORD = "une-autre-phrase-de-passe-2027"


def session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def signed_in(client) -> bool:
    return client.get(PROFILE).status_code == 200


def test_logging_in_replaces_the_session_key_given_before(client, organiser):
    """A key planted before log-in (session fixation) is worth nothing after it."""
    session = client.session
    session["seen"] = True
    session.save()
    planted = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = planted

    response = client.post("/compte/login/", {"login": organiser.email, "password": PASSWORD})

    assert response.status_code == 302
    assert session_key(client) != planted
    assert not session_store()().exists(planted)
    assert signed_in(client)


def test_logging_out_ends_the_session_on_the_server(client, organiser):
    client.force_login(organiser)
    key = session_key(client)

    client.post("/compte/logout/")

    assert not session_store()().exists(key)
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert not signed_in(replay), "the old cookie, sent again, signs nobody in"


def test_changing_the_password_signs_out_every_other_device(client, organiser):
    laptop, phone = client, Client()
    laptop.force_login(organiser)
    phone.force_login(organiser)
    assert signed_in(laptop) and signed_in(phone)

    response = laptop.post(
        "/compte/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert signed_in(laptop), "the device that changed it stays signed in"
    assert not signed_in(phone)


def _production_settings(**extra) -> dict:
    """Settings as a production server with HTTPS reads them (a fresh process)."""
    program = (
        "import json, django; from django.conf import settings; django.setup(); print(json.dumps("
        "{name: getattr(settings, name) for name in ['SESSION_COOKIE_NAME', "
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_NAME', 'CSRF_COOKIE_SECURE', "
        "'SESSION_COOKIE_DOMAIN', 'CSRF_COOKIE_DOMAIN', 'SESSION_COOKIE_PATH', "
        "'CSRF_COOKIE_PATH']}))"
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "jres.settings",
        "HTTPS": "1",
        "SECRET_KEY": "k" * 20 + "-a-long-and-random-enough-value-for-this-test-0123456789",
        "ALLOWED_HOSTS": "jres.example.org",
        "SITE_URL": "https://jres.example.org",
        **extra,
    }
    completed = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_with_https_the_cookies_carry_the_host_prefix():
    """Browsers keep a __Host- cookie only if it is Secure, for this host, on path "/"."""
    production = _production_settings()

    assert production["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert production["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_DOMAIN"] is None
    assert production["CSRF_COOKIE_DOMAIN"] is None
    assert production["SESSION_COOKIE_PATH"] == production["CSRF_COOKIE_PATH"] == "/"


def test_a_host_prefixed_session_signs_in_and_out(client, organiser, settings):
    """The renamed cookies work end to end: log in, a form's CSRF check, log out."""
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/compte/login/", secure=True)
    token = browser.cookies["__Host-csrftoken"].value

    response = browser.post(
        "/compte/login/",
        {"login": organiser.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        secure=True,
        headers={"referer": "https://testserver/compte/login/"},
    )

    assert page.status_code == 200
    assert response.status_code == 302, response.content.decode()[:300]
    cookie = browser.cookies["__Host-sessionid"]
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"]
    assert browser.get(PROFILE, secure=True).status_code == 200
