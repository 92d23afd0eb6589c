"""Staff who can reach personal data use a second factor (an authenticator app, TOTP).

A moderator or coordinator without one is sent to set it up from any page; the set-up and
then every log-in take a real code, computed here from the secret the page shows with
allauth's own TOTP functions. Organisers, partners and visitors are never forced.
"""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from jres.accounts.second_factor import requires_second_factor
from jres.exports.models import ExportLog
from tests.core.html import text
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SETUP = "/compte/2fa/totp/activate/"
LOGIN = "/compte/login/"
CODE_STEP = "/compte/2fa/authenticate/"
CONFIRM = "/compte/reauthenticate/"
MODERATION = "/moderation/"
EXPORT = "/gestion/donnees/evenements.csv"
PROFILE = "/compte/profil/"
WHY = "Votre rôle donne accès à des données personnelles"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


# --- helpers ------------------------------------------------------------------------------


def without_app(**fields):
    """An account as it is before its first set-up (whatever the factory gives staff)."""
    user = UserFactory(**fields)
    Authenticator.objects.filter(user=user).delete()
    cache.clear()
    return user


def with_app(user, secret: str = SECRET):
    Authenticator.objects.filter(user=user).delete()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return user


def _counter(offset: int = 0) -> int:
    return int(time.time()) // mfa_settings.TOTP_PERIOD + offset


def code_now(secret: str) -> str:
    """What an authenticator app shows now for this secret."""
    return format_hotp_value(hotp_value(secret, _counter()))


def wrong_code(secret: str) -> str:
    """Six digits that no accepted time step of this secret gives."""
    accepted = {
        format_hotp_value(hotp_value(secret, _counter(offset)))
        for offset in range(-mfa_settings.TOTP_TOLERANCE - 1, mfa_settings.TOTP_TOLERANCE + 2)
    }
    return next(code for code in ("123456", "654321", "000000", "999999") if code not in accepted)


def shown_secret(html: str) -> str:
    """The secret as the set-up page writes it for people who cannot scan (in groups)."""
    found = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', html)
    assert found, "the secret is written on the page"
    return found.group(1).replace(" ", "")


def is_sent_to_setup(response) -> bool:
    return response.status_code == 302 and response["Location"] == SETUP


def sign_in_with_password(client, user):
    return client.post(LOGIN, {"login": user.email, "password": PASSWORD})


def confirm_password(client, then: str) -> None:
    """allauth asks for the password again before the second factor changes."""
    response = client.get(then)
    assert response.status_code == 302 and response["Location"].startswith(CONFIRM)
    back = client.post(response["Location"], {"password": PASSWORD})
    assert back.status_code == 302 and back["Location"] == then


def open_setup(client) -> str:
    confirm_password(client, SETUP)
    page = client.get(SETUP)
    assert page.status_code == 200
    return page.content.decode()


# --- who must have it ---------------------------------------------------------------------


def test_a_moderator_without_an_app_is_sent_to_set_it_up_with_the_reason(client, current_edition):
    moderator = without_app(groups=["moderators"])
    sign_in_with_password(client, moderator)

    for url in (MODERATION, EXPORT, "/gestion/", PROFILE, "/"):
        assert is_sent_to_setup(client.get(url)), url

    content = text(client.get(client.get(SETUP)["Location"]).content.decode())
    assert content.count(WHY) == 1, "said once, on the first page shown"
    assert "Activer l'application d'authentification" in text(open_setup(client))
    assert not ExportLog.objects.exists(), "nothing was exported"


def test_a_coordinator_is_stopped_before_the_personal_exports_and_the_admin(
    client, current_edition
):
    coordinator = without_app(groups=["coordinators"], is_staff=True)
    client.force_login(coordinator)

    for url in ("/gestion/donnees/inscriptions.csv", "/gestion/benevoles/", "/admin/"):
        assert is_sent_to_setup(client.get(url)), url
    assert not ExportLog.objects.exists()

    # The password confirmation before the set-up is open to them too.
    assert shown_secret(open_setup(client))


def test_a_fragment_request_sends_the_whole_page_to_the_setup(client, current_edition):
    client.force_login(without_app(groups=["moderators"]))

    response = client.get(MODERATION, headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == SETUP


def test_sign_out_language_and_health_stay_open_during_the_setup(client):
    moderator = without_app(groups=["moderators"])
    sign_in_with_password(client, moderator)

    assert client.get("/healthz").status_code == 200
    language = client.post("/langue/", {"language": "en", "next": SETUP})
    assert language.status_code == 302 and language["Location"] == SETUP
    assert '<html lang="en">' in open_setup(client)

    client.post("/compte/logout/")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({}, id="organiser"),
        pytest.param({"groups": ["partners"]}, id="partner"),
        # Staff status left behind without any permission opens nothing in the admin.
        pytest.param({"is_staff": True}, id="staff-flag-without-permission"),
    ],
)
def test_organisers_and_partners_are_never_forced(client, current_edition, fields):
    user = without_app(**fields)

    assert sign_in_with_password(client, user)["Location"] != CODE_STEP
    assert client.session["_auth_user_id"] == str(user.pk)
    for url in (PROFILE, "/mes-evenements/", "/"):
        assert client.get(url).status_code == 200, url
    assert not requires_second_factor(user)


def test_a_coordinator_removed_from_the_staff_groups_is_no_longer_forced(client):
    coordinator = without_app(groups=["coordinators"], is_staff=True)
    client.force_login(coordinator)
    assert is_sent_to_setup(client.get(PROFILE))

    coordinator.groups.clear()

    response = client.get(PROFILE)
    assert response.status_code == 200
    assert "Mon compte" in text(response.content.decode())


def test_superusers_and_staff_given_admin_permissions_are_forced(client):
    superuser = without_app(is_superuser=True, is_staff=True)
    editor = without_app(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_page"))
    visitor = UserFactory()
    visitor.groups.add(Group.objects.get(name="partners"))

    assert requires_second_factor(superuser)
    assert requires_second_factor(editor)
    assert not requires_second_factor(visitor)
    client.force_login(editor)
    assert is_sent_to_setup(client.get("/admin/"))


# --- the set-up ---------------------------------------------------------------------------


def test_the_setup_refuses_a_wrong_code_and_accepts_the_right_one(client, current_edition):
    moderator = without_app(groups=["moderators"])
    sign_in_with_password(client, moderator)
    html = open_setup(client)
    secret = shown_secret(html)
    assert 'src="data:image/svg+xml;base64,' in html, "the QR code is shown"

    refused = client.post(SETUP, {"code": wrong_code(secret)})

    assert refused.status_code == 200
    assert "Code incorrect." in text(refused.content.decode())
    assert not Authenticator.objects.filter(user=moderator).exists()
    assert is_sent_to_setup(client.get(MODERATION))

    accepted = client.post(SETUP, {"code": code_now(secret)})

    assert accepted.status_code == 302 and accepted["Location"] == "/compte/2fa/recovery-codes/"
    app = Authenticator.objects.get(user=moderator, type=Authenticator.Type.TOTP)
    assert app.data["secret"] == secret
    codes = client.get(accepted["Location"]).content.decode()
    unused = Authenticator.objects.get(user=moderator, type="recovery_codes").wrap()
    assert all(code in codes for code in unused.get_unused_codes())
    assert len(unused.get_unused_codes()) == 10
    queue = client.get(MODERATION)
    assert queue.status_code == 200
    assert "Modération" in text(queue.content.decode())


# --- every log-in after it ----------------------------------------------------------------


def test_once_set_up_signing_in_asks_for_the_code_before_the_export(client, current_edition):
    moderator = with_app(without_app(groups=["moderators"]))

    response = sign_in_with_password(client, moderator)

    assert response.status_code == 302 and response["Location"] == CODE_STEP
    assert "_auth_user_id" not in client.session, "the password alone signs nobody in"
    assert client.get(EXPORT)["Location"].startswith(LOGIN)
    page = client.get(CODE_STEP)
    assert "Code de l'application d'authentification" in text(page.content.decode())

    refused = client.post(CODE_STEP, {"code": wrong_code(SECRET)})

    assert refused.status_code == 200
    assert "Code incorrect." in text(refused.content.decode())
    assert "_auth_user_id" not in client.session

    accepted = client.post(CODE_STEP, {"code": code_now(SECRET)})

    assert accepted.status_code == 302
    assert client.session["_auth_user_id"] == str(moderator.pk)
    export = client.get(EXPORT)
    assert export.status_code == 200
    header = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert "Page publique" in header
    assert ExportLog.objects.get().user == moderator


def test_a_code_already_used_cannot_sign_in_again(client):
    moderator = with_app(without_app(groups=["moderators"]))
    code = code_now(SECRET)
    sign_in_with_password(client, moderator)
    client.post(CODE_STEP, {"code": code})
    client.post("/compte/logout/")

    sign_in_with_password(client, moderator)
    replay = client.post(CODE_STEP, {"code": code})

    assert replay.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_signs_in_once_without_the_phone(client):
    moderator = with_app(without_app(groups=["moderators"]))
    recovery = Authenticator.objects.get(user=moderator, type="recovery_codes").wrap()
    code = recovery.get_unused_codes()[0]

    sign_in_with_password(client, moderator)
    assert client.post(CODE_STEP, {"code": code}).status_code == 302
    assert client.get(MODERATION).status_code == 200
    client.post("/compte/logout/")

    sign_in_with_password(client, moderator)
    assert client.post(CODE_STEP, {"code": code}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_staff_who_remove_their_app_must_set_up_another_at_once(client):
    moderator = with_app(without_app(groups=["moderators"]))
    sign_in_with_password(client, moderator)
    client.post(CODE_STEP, {"code": code_now(SECRET)})
    assert client.get(MODERATION).status_code == 200

    confirm_password(client, "/compte/2fa/totp/deactivate/")
    client.post("/compte/2fa/totp/deactivate/")

    assert not Authenticator.objects.filter(user=moderator).exists()
    assert is_sent_to_setup(client.get(MODERATION))


def test_an_organiser_may_turn_it_on_from_the_profile(client):
    organiser = without_app()
    sign_in_with_password(client, organiser)
    profile = client.get(PROFILE).content.decode()
    assert 'href="/compte/2fa/"' in profile
    secret = shown_secret(open_setup(client))
    client.post(SETUP, {"code": code_now(secret)})
    client.post("/compte/logout/")

    assert sign_in_with_password(client, organiser)["Location"] == CODE_STEP


def test_the_admin_log_in_form_goes_through_the_second_factor(client):
    """Django's own admin form would skip allauth's code step: it sends to allauth's."""
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
