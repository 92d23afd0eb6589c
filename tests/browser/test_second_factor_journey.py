"""A moderator's first sign-in in a real browser: sent to set up an authenticator app, the QR
code and the same secret written out for those who type it, the code typed from the keyboard,
the recovery codes; then the next sign-in asks for a code before the moderation queue."""

import re

from allauth.mfa.models import Authenticator
from playwright.sync_api import Page, expect

from tests.accounts.test_second_factor import code_now
from tests.browser.conftest import assert_accessible, image_problem
from tests.factories import PASSWORD, UserFactory


def label(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*$")


def sign_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server.url + "/compte/login/")
    main = page.locator("main")
    main.get_by_label(label("Courriel")).fill(email)
    main.get_by_label(label("Mot de passe")).fill(PASSWORD)
    main.get_by_role("button", name="Connexion").click()


def test_a_moderator_sets_up_the_app_then_signs_in_with_a_code(page: Page, live_server, site_data):
    moderator = UserFactory(email="malik@example.org", groups=["moderators"])
    Authenticator.objects.filter(user=moderator).delete()
    main = page.locator("main")

    sign_in(page, live_server, moderator.email)
    # Straight to the set-up, past allauth's confirmation of the password, with the reason.
    expect(page.get_by_role("status")).to_contain_text(
        "Votre rôle donne accès à des données personnelles"
    )
    main.get_by_label(label("Mot de passe")).fill(PASSWORD)
    main.get_by_role("button", name="Confirmer").click()

    expect(page).to_have_url(re.compile(r"/compte/2fa/totp/activate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Activer l'application d'authentification"
    )
    qr = main.get_by_role("img", name=re.compile("QR code"))
    assert image_problem(qr) is None
    assert qr.evaluate("img => img.naturalWidth") >= 100
    secret = main.locator("#totp-secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert_accessible(page)

    # From the keyboard alone: the code field, then Enter.
    code_field = main.get_by_label(label("Code de l'authentificateur"))
    code_field.focus()
    page.keyboard.type(code_now(secret))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Codes de secours")
    expect(main.locator(".recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    page.goto(live_server.url + "/moderation/")
    expect(page).to_have_url(re.compile(r"/moderation/$"))

    page.locator("header").get_by_role("button", name="Se déconnecter").click()
    sign_in(page, live_server, moderator.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Code de l'application d'authentification"
    )
    assert_accessible(page)
    main.get_by_label(label("Code")).fill(code_now(secret))
    main.get_by_role("button", name="Se connecter").click()
    page.goto(live_server.url + "/moderation/")
    expect(page).to_have_url(re.compile(r"/moderation/$"))

    # Where the profile leads: the app and the recovery codes left.
    page.goto(live_server.url + "/compte/profil/")
    main.get_by_role("link", name=re.compile("Second facteur")).click()
    expect(main).to_contain_text("Il vous reste 10 codes de secours")
    assert_accessible(page)
    assert Authenticator.objects.filter(user=moderator, type="totp").count() == 1
