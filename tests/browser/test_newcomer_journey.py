"""A newcomer's first visit, in a real browser: read the home page, switch to English, create
an account, confirm the e-mail address, sign in, sign out. Then the sign-up form driven with
the keyboard alone, and its error messages."""

import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation
from playwright.sync_api import Page, expect

from jres.accounts.models import User
from tests.browser.conftest import (
    assert_accessible,
    axe_violations,
    describe_violations,
    require_compiled_catalogue,
)
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "Cartable!2026"
CONFIRM_LINK = re.compile(r"https?://\S+?/compte/confirm-email/[^/\s]+/")


def label(text: str) -> re.Pattern:
    """A field's label as rendered, whatever the label suffix (":", " :" with a nbsp)."""
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*$")


def gettext_in(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def subject_in(language: str, template: str) -> str:
    with translation.override(language):
        return render_to_string(template).strip()


def confirmation_link(message) -> str:
    match = CONFIRM_LINK.search(message.body)
    assert match, f"no confirmation link in the e-mail:\n{message.body}"
    return match.group(0)


def note_accessibility(page: Page, problems: list[str]) -> None:
    """axe-core on a page of the journey; problems are reported at the end of the journey so
    that one defect does not hide the steps after it."""
    violations = axe_violations(page)
    if violations:
        problems.append(describe_violations(page, violations))


def test_newcomer_reads_in_english_signs_up_confirms_signs_in_and_out(
    page: Page, live_server, site_data
):
    accessibility_problems = []
    html = page.locator("html")
    header = page.locator("header")
    main = page.locator("main")
    email = "nouvelle.venue@example.org"
    require_compiled_catalogue("en")

    # 1. The home page speaks French first.
    page.goto(live_server.url + "/")
    expect(html).to_have_attribute("lang", "fr")
    expect(page.locator(".hero__kicker")).to_have_text("19e édition")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Journée du Refus de l'Échec Scolaire"
    )

    # 2. The language switch in the header turns the interface to English.
    header.get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator(".hero__kicker")).to_have_text("19th edition")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Day Against School Failure")
    expect(page.get_by_role("heading", level=2, name="Three ways to take action")).to_be_visible()
    expect(header.get_by_role("button", name="Français")).to_be_visible()

    # 3. Sign up through the header's link, with the labelled fields.
    header.get_by_role("link", name="Create an account").click()
    expect(page).to_have_url(live_server.url + "/compte/signup/")
    expect(html).to_have_attribute("lang", "en")
    page.get_by_label(label("Email")).fill(email)
    page.get_by_label(label("Display name")).fill("Nora Nouvelle")
    page.get_by_label(label("You are")).select_option(label="Parent")
    page.get_by_label(label("Organisation (optional)")).fill("Parents d'élèves du collège")
    page.get_by_label(label("Password")).fill(NEW_PASSWORD)
    page.get_by_label(label("Password (again)")).fill(NEW_PASSWORD)
    main.get_by_role("button", name="Sign Up").click()

    # 4. "Verify your e-mail address", in English.
    expect(page).to_have_url(live_server.url + "/compte/confirm-email/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    expect(html).to_have_attribute("lang", "en")
    # Not in test_accessibility's list: reached only by signing up, and it shows a message.
    note_accessibility(page, accessibility_problems)

    # 5. The verification e-mail went out, in the language the visitor chose.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [email]
    template = "account/email/email_confirmation_signup_subject.txt"
    english_subject, french_subject = subject_in("en", template), subject_in("fr", template)
    assert english_subject != french_subject
    assert message.subject.endswith(english_subject), message.subject
    assert User.objects.get(email=email).language == "en"

    # 6. Open the link and confirm (a POST: a mail scanner's GET must not confirm).
    page.goto(confirmation_link(message))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    note_accessibility(page, accessibility_problems)
    main.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/compte/login/"))
    expect(page.get_by_role("status")).to_contain_text(f"You have confirmed {email}")

    # 7. Sign in with the new credentials: the profile page shows the address.
    page.get_by_label(label("Email")).fill(email)
    page.get_by_label(label("Password")).fill(NEW_PASSWORD)
    main.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(live_server.url + "/compte/profil/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(main).to_contain_text(f"Signed in as {email}")
    expect(header.get_by_role("button", name="Sign out")).to_be_visible()
    expect(html).to_have_attribute("lang", "en")

    # 8. Sign out with the header's button: signed out, the profile asks to sign in again.
    header.get_by_role("button", name="Sign out").click()
    expect(header.get_by_role("link", name="Sign in")).to_be_visible()
    expect(header.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("You have signed out.")
    note_accessibility(page, accessibility_problems)  # the site's layout with a message
    page.goto(live_server.url + "/compte/profil/")
    expect(page).to_have_url(re.compile(r"/compte/login/\?next=/compte/profil/"))

    if accessibility_problems:
        pytest.fail("\n".join(accessibility_problems), pytrace=False)


# --- Keyboard only ---------------------------------------------------------------------

MAX_TABS = 40


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    focused = page.evaluate("document.activeElement && document.activeElement.outerHTML")
    pytest.fail(f"{selector} not reached with {MAX_TABS} Tab presses; focus is on {focused}")


def signup_field_ids(page: Page) -> list[str]:
    """The sign-up form's visible controls, in the order the keyboard reaches them."""
    return page.locator("main form :is(input, select, textarea):not([type=hidden])").evaluate_all(
        "elements => elements.map((element) => element.id)"
    )


def type_into(page: Page, field_id: str, value: str) -> None:
    """With the field focused: select its text (keyboard) and type over it."""
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    if value:
        page.keyboard.type(value)


def submit_with_keyboard(page: Page) -> None:
    tab_to(page, "main form [type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def fill_signup_with_keyboard(page: Page, values: dict[str, str]) -> None:
    """Reach every field with Tab from the top of the page; type or pick each value."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for field_id in signup_field_ids(page):
        tab_to(page, f"#{field_id}")
        value = values[field_id]
        if page.locator(f"#{field_id}").evaluate("element => element.tagName") == "SELECT":
            page.keyboard.type(value)  # type-ahead picks the option starting with these letters
        else:
            type_into(page, field_id, value)


def test_signup_form_with_the_keyboard_alone(page: Page, live_server, site_data):
    email = "clavier@example.org"
    page.goto(live_server.url + "/compte/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert set(signup_field_ids(page)) == {
        "id_email", "id_display_name", "id_organiser_kind", "id_organisation",
        "id_password1", "id_password2",
    }  # fmt: skip

    fill_signup_with_keyboard(
        page,
        {
            "id_email": email,
            "id_display_name": "Karim Clavier",
            "id_organiser_kind": "Ensei",  # "Enseignant·e"
            "id_organisation": "Collège Jean Macé",
            "id_password1": NEW_PASSWORD,
            "id_password2": NEW_PASSWORD,
        },
    )
    expect(page.get_by_label(label("Vous êtes"))).to_have_value("teacher")
    submit_with_keyboard(page)

    expect(page).to_have_url(live_server.url + "/compte/confirm-email/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        gettext_in("fr", "Verify Your Email Address")
    )
    user = User.objects.get(email=email)
    assert (user.display_name, user.organiser_kind, user.organisation, user.language) == (
        "Karim Clavier",
        "teacher",
        "Collège Jean Macé",
        "fr",
    )
    assert [m.to for m in mail.outbox] == [[email]]
    assert message_is_french(mail.outbox[0])


def message_is_french(message) -> bool:
    template = "account/email/email_confirmation_signup_subject.txt"
    return message.subject.endswith(subject_in("fr", template))


def expect_error_next_to(page: Page, field_id: str, message: str) -> None:
    """The error is beside the field (same wrapper) and tied to it for screen readers."""
    field = page.locator(f"#{field_id}")
    expect(field).to_have_attribute("aria-invalid", "true")
    described_by = (field.get_attribute("aria-describedby") or "").split()
    assert described_by, f"#{field_id} has no aria-describedby pointing to its error"
    descriptions = " ".join(page.locator(f"[id='{i}']").inner_text() for i in described_by)
    assert message in descriptions, f"{message!r} not in #{field_id}'s description {descriptions!r}"
    wrapper = field.locator("xpath=..")
    expect(wrapper).to_contain_text(message)


def test_signup_errors_are_shown_next_to_the_fields_and_typed_values_are_kept(
    page: Page, live_server, site_data
):
    page.goto(live_server.url + "/compte/signup/")
    typed = {
        "id_email": "odile.exemple.org",  # no "@"
        "id_display_name": "Odile Organisatrice",
        "id_organiser_kind": "Ensei",
        "id_organisation": "Collège Jean Macé",
        "id_password1": NEW_PASSWORD,
        "id_password2": NEW_PASSWORD + "x",
    }
    fill_signup_with_keyboard(page, typed)
    submit_with_keyboard(page)

    # Still the form, with a summary announced to screen readers and each error by its field.
    expect(page).to_have_url(live_server.url + "/compte/signup/")
    expect(page.get_by_role("alert")).to_be_visible()
    expect_error_next_to(page, "id_email", gettext_in("fr", "Enter a valid email address."))
    expect_error_next_to(
        page, "id_password2", gettext_in("fr", "You must type the same password each time.")
    )
    # What was typed is still there (passwords are never sent back to the browser).
    expect(page.locator("#id_email")).to_have_value("odile.exemple.org")
    expect(page.locator("#id_display_name")).to_have_value("Odile Organisatrice")
    expect(page.locator("#id_organiser_kind")).to_have_value("teacher")
    expect(page.locator("#id_organisation")).to_have_value("Collège Jean Macé")
    assert_accessible(page)  # the form in its error state
    assert not User.objects.exists()
    assert mail.outbox == []

    # Fix the two fields with the keyboard; the rest is kept and the form goes through.
    tab_to(page, "#id_email")
    type_into(page, "id_email", "odile@example.org")
    tab_to(page, "#id_password1")
    type_into(page, "id_password1", NEW_PASSWORD)
    tab_to(page, "#id_password2")
    type_into(page, "id_password2", NEW_PASSWORD)
    page.keyboard.press("Enter")  # implicit submission from a text field
    expect(page).to_have_url(live_server.url + "/compte/confirm-email/")
    user = User.objects.get(email="odile@example.org")
    assert (user.display_name, user.organiser_kind, user.organisation) == (
        "Odile Organisatrice",
        "teacher",
        "Collège Jean Macé",
    )


def test_signup_with_a_taken_email_does_not_reveal_the_account(page: Page, live_server, site_data):
    """ACCOUNT_PREVENT_ENUMERATION: a taken address gets no error on the form (that would tell
    anyone who has an account); the form answers as for a new address, and the owner of the
    address is told by e-mail that an account already exists. Other errors still show."""
    owner = UserFactory(email="deja.inscrite@example.org", display_name="Déjà Inscrite")
    page.goto(live_server.url + "/compte/signup/")
    fill_signup_with_keyboard(
        page,
        {
            "id_email": owner.email,
            "id_display_name": "Quelqu'un d'autre",
            "id_organiser_kind": "Par",
            "id_organisation": "",
            "id_password1": NEW_PASSWORD,
            "id_password2": NEW_PASSWORD + "x",
        },
    )
    submit_with_keyboard(page)
    expect_error_next_to(
        page, "id_password2", gettext_in("fr", "You must type the same password each time.")
    )
    expect(page.locator("#id_email")).to_have_value(owner.email)
    expect(page.locator("#id_email")).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_display_name")).to_have_value("Quelqu'un d'autre")

    tab_to(page, "#id_password1")
    type_into(page, "id_password1", NEW_PASSWORD)
    tab_to(page, "#id_password2")
    type_into(page, "id_password2", NEW_PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(live_server.url + "/compte/confirm-email/")
    assert User.objects.filter(email=owner.email).count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert owner.display_name == "Déjà Inscrite"
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert mail.outbox[0].subject.endswith(
        subject_in("fr", "account/email/account_already_exists_subject.txt")
    )
