"""Forged identifiers: every URL with an identifier, tried by every role and with ids that
are not the caller's to use.

The matrix (`_access_matrix.PROBES`) says who may read or change what; each area's test
tries every address of its area as each role, GET and, for a writing URL, POST with a
valid CSRF token (and the entitled role once without one), and reads the database around
each POST. Then every parameter is forged (ids that do not exist, of another user, zero,
negative, past the database's integers, not numbers; tokens altered, cut, lengthened) and
must be refused cleanly: never a 500, never content, never a change.
"""

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.factories import UserFactory

from . import tally
from ._access_matrix import AREAS, PROBES, ROLES, build_world, ensure_admin_rows

pytestmark = pytest.mark.django_db

CSRF_SECRET = "h3forgedidsh3forgedidsh3forgeds1"  # 32 characters, as Django's secrets
LOGIN_PATHS = ("/compte/login/", "/admin/login/")
# Routes with a parameter left out of the matrix, and why: none. allauth's links (an
# address to confirm, a password to reset) and the admin's pages are objects' pages too.
EXCLUDED: dict[str, str] = {}
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>|\(\?P<(?P<group>[^>]+)>")


# --- the routes -----------------------------------------------------------------------------


def _join(prefix: str, route: str) -> str:
    # As Django's ResolverMatch joins them: a regex part loses its leading "^".
    return prefix + route.removeprefix("^") if prefix else route


def routes_with_parameters(resolver=None, prefix="") -> set[str]:
    """Every URL pattern of the project that takes a parameter, as `ResolverMatch.route`."""
    found = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        route = _join(prefix, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            found |= routes_with_parameters(pattern, route)
        elif isinstance(pattern, URLPattern) and PARAMETER.search(route):
            found.add(route)
    return found


# --- the roles ------------------------------------------------------------------------------


def _second_factor(user) -> None:
    """Staff who export personal data must have a second factor once the MFA app is on:
    give them one, so that the matrix tests access rules rather than the set-up page."""
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        if not Authenticator.objects.filter(user=user, type="totp").exists():
            TOTP.activate(user, generate_totp_secret())


@pytest.fixture
def users(organiser, other_organiser, moderator, coordinator):
    partner = UserFactory(display_name="Paula Partenaire", groups=["partners"])
    for user in (moderator, coordinator):
        _second_factor(user)
    return {
        "anonymous": None,
        "organiser": organiser,
        "other_organiser": other_organiser,
        "partner": partner,
        "moderator": moderator,
        "coordinator": coordinator,
    }


@pytest.fixture
def world(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Hundreds of POSTs from one address and a few accounts: the general limit on writing
    # requests would answer 429 before the views decide; this suite is about who may, and
    # tests/core covers how often.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "write": ""}
    world = build_world(**{role: user for role, user in users.items() if user})
    missing = ensure_admin_rows(world)
    assert not missing, f"the world has no row of these admin models: {missing}"
    return world


def _client(user) -> Client:
    """A client that checks CSRF as production does, holding a valid token."""
    # A server error is counted and reported like any other answer, not raised.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    return client


@pytest.fixture
def clients(users):
    return {role: _client(user) for role, user in users.items()}


# --- what came back -------------------------------------------------------------------------


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _refused(response, probe=None) -> bool:
    """403, 404, or sent to a log-in page (or the probe's own way of saying no)."""
    if response.status_code in (403, 404):
        return True
    location = response.get("Location", "")
    if response.status_code == 302 and urlsplit(location).path in LOGIN_PATHS:
        return True
    return bool(probe and probe.refusal and probe.refusal(response))


def _shows(response, marker: str | None) -> bool:
    if response.status_code != 200:
        return False
    return marker is None or marker.encode() in _body(response)


class Run:
    """Counts per role and the failures, said in words."""

    def __init__(self):
        self.tried = Counter()
        self.through = Counter()
        self.failures = []

    def fail(self, role, url, method, what, *, through=False):
        self.failures.append(f"{role:>16} {method:<4} {url}: {what}")
        if through:
            self.through[role] += 1

    def record(self, kind_suffix=""):
        for role in ROLES:
            tally.record(f"forged id: {role}{kind_suffix}", tried=self.tried[role],
                         through=self.through[role])  # fmt: skip


def _check_get(run, probe, world, role, client, url):
    run.tried[role] += 1
    response = client.get(url)
    marker = probe.marker(world) if probe.marker else None
    if response.status_code >= 500 and response.status_code not in probe.ok:
        run.fail(role, url, "GET", f"server error {response.status_code}")
    elif role in probe.allowed:
        if response.status_code not in probe.ok or (
            response.status_code == 200 and marker and marker.encode() not in _body(response)
        ):
            run.fail(role, url, "GET", f"entitled but got {response.status_code}")
    elif not _refused(response, probe):
        shown = _shows(response, marker)
        run.fail(role, url, "GET", f"not refused: {response.status_code}", through=shown)


def _post(client, url, data, *, token=True):
    return client.post(url, {**data, **({"csrfmiddlewaretoken": CSRF_SECRET} if token else {})})


def _check_posts(run, probe, world, clients, url):
    denied = [role for role in probe.post_as or ROLES if role not in probe.allowed]
    for role in denied:
        run.tried[role] += 1
        before = probe.state(world)
        response = _post(clients[role], url, probe.post(world))
        changed = probe.state(world) != before
        if response.status_code >= 500:
            run.fail(role, url, "POST", f"server error {response.status_code}")
        if changed:
            run.fail(role, url, "POST", "changed the database", through=True)
        elif not _refused(response, probe):
            marker = probe.marker(world) if probe.marker else None
            run.fail(role, url, "POST", f"not refused: {response.status_code}",
                     through=bool(marker) and _shows(response, marker))  # fmt: skip
    if probe.poster is None:
        return
    poster = clients[probe.poster]
    before = probe.state(world)
    if not probe.csrf_exempt:
        # The entitled role without a CSRF token: a forged cross-site request.
        run.tried[probe.poster] += 1
        response = _post(poster, url, probe.post(world), token=False)
        if response.status_code != 403 or probe.state(world) != before:
            run.fail(probe.poster, url, "POST", "accepted without a CSRF token", through=True)
    response = _post(poster, url, probe.post(world))
    if probe.state(world) == before:
        run.fail(
            probe.poster, url, "POST", f"entitled POST changed nothing ({response.status_code})"
        )


# --- the tests ------------------------------------------------------------------------------


def test_every_url_with_a_parameter_is_in_the_matrix(world):
    covered = {resolve(urlsplit(probe.url(world)).path).route for probe in PROBES}
    missing = routes_with_parameters() - covered - set(EXCLUDED)

    assert not missing, "URLs with a parameter missing from the matrix: " + ", ".join(
        sorted(missing)
    )


def test_the_views_without_csrf_are_the_ones_the_matrix_expects(world):
    for probe in PROBES:
        if probe.post is None:
            continue
        view = resolve(urlsplit(probe.url(world)).path).func
        assert getattr(view, "csrf_exempt", False) == probe.csrf_exempt, probe.url(world)


@pytest.mark.parametrize("area", AREAS)
def test_each_role_reaches_only_what_it_is_entitled_to(area, world, clients):
    run = Run()
    for probe in (probe for probe in PROBES if probe.area == area):
        url = probe.url(world)
        if probe.get:
            for role in ROLES:
                _check_get(run, probe, world, role, clients[role], url)
        if probe.post:
            _check_posts(run, probe, world, clients, url)
    run.record()

    assert not run.failures, "\n".join(run.failures)
    assert sum(run.through.values()) == 0


# --- forged values --------------------------------------------------------------------------

NUMBERS = ["0", "999999", "9223372036854775808", "1" + "0" * 30, "-1", "abc"]
SLUGS = ["nexiste-pas", "a" * 300, "%C3%A9t%C3%A9", ".."]
STRANGERS = ["A" * 2000, "%00", "%27%20OR%20%271%27=%271", "..%2F..%2Fsettings.py"]
GROUP = re.compile(r"\(\?P<(?P<name>[^>]+)>[^)]*\)")
# The admin's pages share one way to look an object up (ModelAdmin.get_object): forged
# values are tried on these models' pages, the matrix covers every model's access.
ADMIN_SAMPLE = ("admin/events/event/", "admin/editions/edition/")


def _forgeries(value: str, converter: str | None) -> list[str]:
    """Values to put where `value` was: numbers around and past every integer type, text
    where a number is expected, and a token altered, cut or lengthened."""
    if value.isdigit():
        return NUMBERS
    if converter == "slug":
        return [*SLUGS, value[:-1] + ("x" if value[-1] != "x" else "y")]
    altered = value[:-1] + ("A" if value[-1] != "A" else "B")
    return [altered, value[: len(value) // 2], value + "A", *STRANGERS]


def _fill(route: str, values: dict) -> str:
    """The address of `route` with these parameter values."""

    def replace(match):
        return str(values[match.group("name") or match.group("group")])

    path = PARAMETER.sub(replace, route)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".")
    return "/" + path


def _forged_probes(world):
    """One probe per route, one whose object somebody may reach (their look-up is tried)."""
    chosen = {}
    for probe in PROBES:
        match = resolve(urlsplit(probe.url(world)).path)
        if not probe.allowed or match.route in chosen:
            continue
        sampled = match.route.startswith(ADMIN_SAMPLE) or "/r/" in match.route
        if match.route.startswith("admin/") and PARAMETER.search(match.route) and not sampled:
            continue
        chosen[match.route] = (probe, match)
    return chosen.values()


def _clean_refusal(response, probe, route) -> bool:
    if _refused(response, probe) or response.status_code in (400, 405, 410, 422):
        return True
    # The admin sends staff back to its index, or to the change page, for an unknown id.
    location = urlsplit(response.get("Location", "")).path
    return (
        route.startswith("admin/")
        and response.status_code == 302
        and location.startswith("/admin/")
    )


def test_forged_identifiers_are_refused_cleanly(world, clients):
    run = Run()
    for probe, match in _forged_probes(world):
        role = "coordinator" if "coordinator" in probe.allowed else sorted(probe.allowed)[0]
        converters = {
            found.group("name"): found.group("converter")
            for found in PARAMETER.finditer(match.route)
            if found.group("name")
        }
        for name, value in match.kwargs.items():
            if (
                f"<{name}>" not in match.route
                and f":{name}>" not in match.route
                and (f"(?P<{name}>" not in match.route)
            ):
                continue  # an argument the URL pattern gives, not the address
            for forged in _forgeries(str(value), converters.get(name)):
                url = _fill(match.route, {**match.kwargs, name: forged})
                methods = (["GET"] if probe.get else []) + (["POST"] if probe.post else [])
                for method in methods:
                    run.tried[role] += 1
                    before = probe.state(world) if probe.state else None
                    outbox = _outbox_count()
                    if method == "GET":
                        response = clients[role].get(url)
                    else:
                        response = _post(clients[role], url, probe.post(world))
                    changed = (probe.state(world) if probe.state else None) != before or (
                        _outbox_count() != outbox
                    )
                    if response.status_code >= 500:
                        run.fail(role, url[:120], method, f"server error {response.status_code}")
                    elif changed:
                        run.fail(role, url[:120], method, "changed the database", through=True)
                    elif not _clean_refusal(response, probe, match.route):
                        run.fail(role, url[:120], method, f"not refused: {response.status_code}",
                                 through=response.status_code == 200)  # fmt: skip
    run.record()

    assert not run.failures, "\n".join(run.failures)
    assert sum(run.through.values()) == 0


def _outbox_count() -> int:
    from jres.outbox.models import OutgoingMessage

    return OutgoingMessage.objects.count()


# Identifiers read from the query string: an event to testify about, an initiative to model
# an event on, a region, a department, a kind or a theme to filter by.
QUERY_IDS = [
    ("anonymous", "/temoignages/partager/?evenement={}"),
    ("organiser", "/mes-evenements/nouveau/?modele={}"),
    ("anonymous", "/evenements/?commune={0}&edition={0}&departement={0}&region={0}&type={0}"),
    ("anonymous", "/evenements/carte.geojson?region={0}&departement={0}&type={0}"),
    ("anonymous", "/evenements/calendrier.ics?region={0}&departement={0}&edition={0}"),
    ("anonymous", "/widgets/liste/?region={0}&departement={0}"),
    ("anonymous", "/initiatives/?q={0}&theme={0}&niveau={0}&region={0}&departement={0}"),
    ("anonymous", "/collectivites/?type={0}&region={0}"),
    ("anonymous", "/temoignages/?role={0}"),
    ("anonymous", "/api/v1/events?region={0}&department={0}&kind={0}"),
    ("moderator", "/moderation/?statut={0}&region={0}&departement={0}&type={0}&age={0}"),
    ("moderator", "/moderation/initiatives/?statut={0}"),
    ("moderator", "/gestion/donnees/evenements/?edition={0}&region={0}&departement={0}&type={0}"),
    ("moderator", "/gestion/?edition={0}&region={0}"),
]
QUERY_FORGERIES = ["%00", "nexiste-pas", "9223372036854775808", "-1", "A" * 300, "%27%22%3C"]


def test_forged_identifiers_in_the_query_string_are_answered_cleanly(world, clients):
    run = Run()
    for role, template in QUERY_IDS:
        for forged in QUERY_FORGERIES:
            url = template.format(forged)
            run.tried[role] += 1
            response = clients[role].get(url)
            if response.status_code >= 500:
                run.fail(role, url[:120], "GET", f"server error {response.status_code}")
            elif response.status_code not in (200, 400, 404):
                run.fail(role, url[:120], "GET", f"unexpected {response.status_code}")
    run.record()

    assert not run.failures, "\n".join(run.failures)
