"""Production logs: one JSON object a line, a request id, and no personal data in any line."""

import io
import json
import logging
import logging.config
import os
import re
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.conf import settings as django_settings
from django.core import signing
from django.test import Client
from django.urls import path

from jres import urls as project_urls
from jres.core import logging as logs
from jres.core import views as core_views
from jres.registrations.models import Registration
from tests.registrations.conftest import upcoming_event

pytestmark = pytest.mark.django_db

NAME = "Zoé Lambert-Personne"
EMAIL = "zoe.lambert@example.org"
SECRET = "Xq7" + "k" * 40  # shaped like secrets.token_urlsafe(32)
REQUEST_FIELDS = {"time", "level", "logger", "message", "request_id", "method", "path",
                  "view", "status", "duration_ms"}  # fmt: skip


# A crash for the 500 path: personal data in the address and in the exception's message.
def crash(request, token):
    raise RuntimeError(f"cannot save the registration of {EMAIL} ({token})")


urlpatterns = [path("plantage/<str:token>/", crash), *project_urls.urlpatterns]
handler500 = core_views.server_error


class Log:
    """The production console handler, writing into memory instead of standard error."""

    def __init__(self):
        self.stream = io.StringIO()

    @property
    def raw(self) -> str:
        return self.stream.getvalue()

    def lines(self) -> list[dict]:
        """Every line, parsed: each must be one JSON object."""
        return [json.loads(line) for line in self.raw.splitlines()]

    def requests(self) -> list[dict]:
        return [line for line in self.lines() if line["logger"] == "jres.request"]


@pytest.fixture
def json_log(settings):
    settings.LOG_REQUESTS = True
    logging.config.dictConfig(logs.logging_settings(format="json", level="INFO"))
    log = Log()
    (handler,) = logging.getLogger().handlers
    handler.setStream(log.stream)
    yield log
    logging.config.dictConfig(django_settings.LOGGING)


def _assert_nothing_personal(log: Log, *secrets: str) -> None:
    for secret in (EMAIL, NAME, "zoe.lambert", "127.0.0.1", *secrets):
        assert secret not in log.raw, secret
    assert "?" not in "".join(line.get("path", "") for line in log.lines())


def test_a_registration_and_its_private_link_leave_lines_without_personal_data(
    client, json_log, current_edition, organiser
):
    event = upcoming_event(edition=current_edition, organiser=organiser)
    data = {"name": NAME, "email": EMAIL, "role": "parent", "places": "1",
            "parent_email": "", "consent": "on"}  # fmt: skip

    registered = client.post(f"/evenements/{event.slug}/inscription/?source={EMAIL}", data)
    token = Registration.objects.get().token
    private_page = client.get(registered["Location"], HTTP_X_REQUEST_ID="a" * 32)

    assert registered.status_code == 302 and private_page.status_code == 200
    register_line, private_line = json_log.requests()
    assert set(register_line) == REQUEST_FIELDS
    assert register_line["method"] == "POST" and register_line["status"] == 302
    assert register_line["path"] == f"/evenements/{event.slug}/inscription/"
    assert register_line["view"] == "registrations:register"
    assert register_line["level"] == "INFO" and register_line["duration_ms"] >= 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00", register_line["time"])
    assert register_line["request_id"] == registered["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", register_line["request_id"])
    # The private link's token is masked; the proxy's id is kept and echoed.
    assert private_line["path"] == "/inscription/[…]/"
    assert private_line["view"] == "registrations:manage"
    assert private_line["request_id"] == private_page["X-Request-ID"] == "a" * 32
    _assert_nothing_personal(json_log, token)


def test_a_signed_link_is_masked(client, json_log):
    client.post("/compte/signup/", {
        "email": EMAIL, "display_name": NAME, "organiser_kind": "teacher", "organisation": "",
        "password1": "un-velo-bleu-sous-la-pluie-42", "password2": "un-velo-bleu-sous-la-pluie-42",
    })  # fmt: skip
    key = EmailConfirmationHMAC(EmailAddress.objects.get()).key
    assert ":" in key  # allauth's signed value

    confirmed = client.post(f"/compte/confirm-email/{key}/")

    assert confirmed.status_code == 302 and EmailAddress.objects.get().verified
    paths = [line["path"] for line in json_log.requests()]
    assert paths == ["/compte/signup/", "/compte/confirm-email/[…]/"]
    _assert_nothing_personal(json_log, key, key.split(":")[-1])


@pytest.mark.urls(__name__)
def test_a_500_is_logged_with_its_traceback_and_the_request_id_without_personal_data(json_log):
    client = Client(raise_request_exception=False)

    response = client.get(f"/plantage/{SECRET}/?email={EMAIL}")

    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    error, request_line = json_log.lines()
    assert error["logger"] == "django.request" and error["level"] == "ERROR"
    assert error["status"] == 500 and error["request_id"] == request_id
    assert "RuntimeError: cannot save the registration of [email] ([token])" in error["exc_info"]
    assert "Traceback" in error["exc_info"] and "request" not in error
    assert request_line["status"] == 500 and request_line["request_id"] == request_id
    assert request_line["path"] == "/plantage/[…]/"
    _assert_nothing_personal(json_log, SECRET)


def test_any_logger_s_message_is_scrubbed(json_log):
    signed = signing.dumps({"registration": 12}, salt="test")
    address = "2001:db8::7"

    logging.getLogger("jres.outbox.services").warning(
        "Message %s to %s refused by %s (%s): %s", 12, EMAIL, "203.0.113.9", address, signed
    )

    (line,) = json_log.lines()
    assert line["message"] == "Message 12 to [email] refused by [ip] ([ip]): [token]"
    assert line["logger"] == "jres.outbox.services" and line["level"] == "WARNING"
    assert "request_id" not in line  # logged outside a request


def test_a_forged_request_id_is_replaced(client, json_log):
    for forged in ('abc" injected', "x" * 65, "short"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID=forged)

        assert response["X-Request-ID"] != forged
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert "injected" not in json_log.raw


def test_without_log_requests_only_the_id_remains(client, json_log, settings):
    settings.LOG_REQUESTS = False

    response = client.get("/healthz")

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert json_log.requests() == []


def test_production_logs_json_and_requests_by_default_local_plain(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.LOG_FORMAT, s.LOG_REQUESTS, s.LOGGING['handlers']['console']['formatter'])"
    )
    base = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "jres.settings",
            "VAR_DIR": str(tmp_path)}  # fmt: skip
    production = {**base, "HTTPS": "1", "SECRET_KEY": "k" * 60}

    def read(env):
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
        )
        return result.stdout.strip() or result.stderr

    assert read(production) == "json True json"
    assert read(base) == "plain False plain"
    assert "LOG_FORMAT must be" in read({**base, "LOG_FORMAT": "xml"})
