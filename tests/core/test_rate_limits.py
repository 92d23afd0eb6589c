"""Every request that writes is limited, in the shared cache, whatever X-Forwarded-For says."""

import functools
import itertools
import os
import random
import subprocess
import sys
import time

import pytest
from allauth.core.internal import ratelimit
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from jres.core.antispam import stamp
from jres.core.ratelimits import ACTION, APP
from tests.core.html import elements, text
from tests.factories import TeamContactFactory

pytestmark = pytest.mark.django_db

TOO_MANY_FR = "Trop de demandes en peu de temps"
BACK_FR = "revenez à la page précédente avec le bouton « Retour »"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def write_limit(settings):
    """Sets the "write" rates for the test: write_limit("2/m/user,2/m/ip")."""

    def set_rates(rates: str) -> None:
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, ACTION: rates}

    return set_rates


def _random_address() -> str:
    return ".".join(str(random.randint(1, 254)) for _part in range(4))


def _assert_429_page(response) -> None:
    assert response.status_code == 429
    page = text(response.content.decode())
    assert TOO_MANY_FR in page and BACK_FR in page, page
    assert 1 <= int(response["Retry-After"]) <= 60


# The inventory: every address that accepts a writing method ----------------------------


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _patterns(pattern, namespace)
        else:
            yield prefix, pattern


def _accepted_methods(view) -> set[str] | None:
    """The methods a view says it accepts (a class's handlers, require_http_methods'
    list); None when it says nothing, i.e. it answers every method."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {name.upper() for name in view_class.http_method_names if hasattr(view_class, name)}
    function = view
    while function is not None:
        for cell in getattr(function, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(item, str) and item.isupper() for item in value)
            ):
                return set(value)
        function = getattr(function, "__wrapped__", None)
    return None


SAMPLES = ("1", "exemple", "csv", "abc-def")


def _sample_path(namespace: str, pattern: URLPattern) -> str | None:
    """An address the pattern matches, from sample values of its parameters."""
    if not pattern.name:
        return None
    names = list(pattern.pattern.regex.groupindex)
    for values in itertools.product(SAMPLES, repeat=len(names)):
        try:
            return reverse(namespace + pattern.name, kwargs=dict(zip(names, values, strict=True)))
        except NoReverseMatch:
            continue
    return None


@functools.cache
def writing_addresses() -> dict[str, str]:
    """{URL name: a sample address} of every view that accepts a writing method."""
    found = {}
    for namespace, pattern in _patterns():
        methods = _accepted_methods(pattern.callback)
        if methods is not None and not methods & WRITE_METHODS:
            continue
        path = _sample_path(namespace, pattern)
        if path is not None:
            found[namespace + pattern.name] = path
    return found


def test_the_inventory_finds_the_forms_of_every_kind():
    addresses = writing_addresses()

    # Public forms, signed links, organisers', moderators', staff's, allauth's, the admin.
    assert {
        "set_language",
        "account_login",
        "account_signup",
        "account_reset_password_from_key",
        "accounts:my_data",
        "registrations:register",
        "registrations:stop_news",
        "events:create",
        "events:moderation_review",
        "newsletter:unsubscribe",
        "partners:join",
        "editions:open",
        "admin:login",
    } <= set(addresses)
    # Read-only views are not in it.
    assert not {"events:list", "healthz", "toolkit:kit"} & set(addresses)


def test_every_writing_address_answers_429_past_the_limit(client, write_limit):
    write_limit("1/m/user,1/m/ip")
    assert client.post("/langue/", {"language": "fr", "next": "/"}).status_code == 302

    limited = {}
    for name, path in writing_addresses().items():
        response = client.post(path, {"language": "en"})
        limited[name] = response.status_code
        if response.status_code == 429:
            assert TOO_MANY_FR in text(response.content.decode()), name

    print(f"\n{len(limited)} writing addresses, each answered 429 past the limit")
    assert {name for name, status in limited.items() if status != 429} == set()
    assert len(limited) > 50


# The general limit's figures ------------------------------------------------------------


def test_an_anonymous_address_writes_60_times_a_minute_then_gets_429(client, settings):
    assert settings.ACCOUNT_RATE_LIMITS[ACTION] == "120/m/user,60/m/ip"  # the default

    statuses = [client.post("/langue/", {"language": "fr", "next": "/"}).status_code
                for _request in range(60)]  # fmt: skip
    past = client.post("/langue/", {"language": "en", "next": "/"})

    assert statuses == [302] * 60
    _assert_429_page(past)
    assert "django_language" not in past.cookies  # the view did not run
    # Reading is never limited.
    assert client.get("/evenements/").status_code == 200


def test_a_signed_in_account_writes_120_times_a_minute_then_changes_nothing(organiser):
    client = Client()
    client.force_login(organiser)
    for number in range(120):
        response = client.post("/compte/profil/", _profile(organiser, f"Odile {number}"))
        assert response.status_code == 302, number

    past = client.post("/compte/profil/", _profile(organiser, "Robot"))

    _assert_429_page(past)
    organiser.refresh_from_db()
    assert organiser.display_name == "Odile 119"


def _profile(user, display_name: str) -> dict:
    return {
        "display_name": display_name,
        "organiser_kind": user.organiser_kind or "teacher",
        "organisation": "",
        "language": "fr",
    }


def test_accounts_and_anonymous_visitors_are_counted_apart(organiser, other_organiser, write_limit):
    write_limit("2/m/user,2/m/ip")
    first, second, anonymous = Client(), Client(), Client()
    first.force_login(organiser)
    second.force_login(other_organiser)

    first_statuses = [first.post("/langue/", {"language": "fr"}).status_code for _ in range(3)]

    assert first_statuses == [302, 302, 429]
    # Same address (127.0.0.1), another account, and an anonymous visitor: not limited.
    assert second.post("/langue/", {"language": "fr"}).status_code == 302
    assert anonymous.post("/langue/", {"language": "fr"}).status_code == 302


def test_the_count_lives_in_the_shared_cache_and_expires_with_its_window(client, write_limit):
    write_limit("1/m/ip")
    request = client.post("/langue/", {"language": "fr"}).wsgi_request
    rate = ratelimit.parse_rate("1/m/ip")
    key = ratelimit.get_cache_key(request, app=APP, action=ACTION, rate=rate)

    # Django's default cache: Redis in production, so every app server reads this count.
    (counted_at,) = cache.get(key)
    assert time.time() - 5 < counted_at <= time.time()
    _assert_429_page(client.post("/langue/", {"language": "fr"}))

    cache.set(key, [counted_at - 61], 60)  # the minute has passed
    assert client.post("/langue/", {"language": "fr"}).status_code == 302


def test_an_empty_rate_lifts_the_limit(client, write_limit):
    write_limit("")

    statuses = {client.post("/langue/", {"language": "fr"}).status_code for _ in range(80)}

    assert statuses == {302}


def test_write_rate_limit_from_the_environment(tmp_path):
    code = "from django.conf import settings; print(repr(settings.ACCOUNT_RATE_LIMITS['write']))"
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "jres.settings",
           "VAR_DIR": str(tmp_path), "WRITE_RATE_LIMIT": ""}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )

    assert result.stdout.strip() == "''", result.stderr


# X-Forwarded-For ------------------------------------------------------------------------


def test_without_a_trusted_proxy_a_forged_header_changes_nothing(client, settings, write_limit):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    write_limit("3/m/ip")

    statuses = [
        client.post(
            "/langue/", {"language": "fr"}, HTTP_X_FORWARDED_FOR=_random_address()
        ).status_code
        for _attempt in range(4)
    ]

    assert statuses == [302, 302, 302, 429]
    # The address the connection came from is what counts.
    other = client.post("/langue/", {"language": "fr"}, REMOTE_ADDR="198.51.100.20")
    assert other.status_code == 302


def test_behind_one_proxy_only_the_address_it_added_counts(client, settings, write_limit):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    write_limit("3/m/ip")

    def post(client_address: str):
        # What reaches the app server: the client's own header, then the proxy's hop.
        forwarded = f"{_random_address()}, {client_address}"
        return client.post("/langue/", {"language": "fr"}, HTTP_X_FORWARDED_FOR=forwarded)

    statuses = [post("203.0.113.9").status_code for _attempt in range(4)]

    assert statuses == [302, 302, 302, 429]
    assert post("203.0.113.10").status_code == 302  # another client behind the same proxy


def test_a_specific_form_is_not_fooled_either_and_keeps_what_was_typed(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    TeamContactFactory()
    typed = "Notre commune voudrait organiser un débat en septembre."

    def post():
        data = {"subject": "Partenariat", "message": typed, "name": "Victor",
                "email": "victor@example.net", "website": "",
                "started": stamp(at=time.time() - 10)}  # fmt: skip
        forwarded = f"{_random_address()}, 203.0.113.9"
        return client.post("/contact/", data, HTTP_X_FORWARDED_FOR=forwarded)

    statuses = [post().status_code for _attempt in range(5)]  # "team_contact": "5/h/ip"
    refused = post()

    assert statuses == [302] * 5 and len(mail.outbox) == 5
    assert refused.status_code == 429
    content = refused.content.decode()
    assert "réessayez dans une heure" in text(content)
    textarea = content.split('name="message"', 1)[1].split("</textarea>", 1)[0]
    assert typed in textarea
    assert any(attrs.get("value") == "Victor" for attrs in elements(content, "input"))
