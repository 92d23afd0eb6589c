"""The registration pages, in French and in English: no serious or critical axe-core
violation, one <h1>, a <main> and a skip link; forms also in their error state. Then a
visitor registers with the keyboard alone."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    log_in,
    set_language,
)
from tests.browser.test_accessibility import fail_on_problems

LANGUAGES = ["fr", "en"]

PAGES = {
    "register": ("/evenements/{r.event.slug}/inscription/", "", False),
    "register-errors": ("/evenements/{r.event.slug}/inscription/", "", True),
    "register-full": ("/evenements/{r.full.slug}/inscription/", "", False),
    "manage": ("/inscription/{r.registration.token}/", "", False),
    "cancel": ("/inscription/{r.registration.token}/annuler/", "", False),
    "authorise": ("/inscription/{r.pupil.parent_token}/autorisation/", "", False),
    "stop-news": ("/inscription/{r.registration.token}/desabonnement/", "", False),
    "registrants": ("/mes-evenements/{r.event.pk}/inscriptions/", "organiser", False),
    "message": ("/mes-evenements/{r.event.pk}/inscriptions/message/", "organiser", False),
    "message-errors": ("/mes-evenements/{r.event.pk}/inscriptions/message/", "organiser", True),
}


@pytest.fixture
def registration_pages(organiser):
    from types import SimpleNamespace

    from jres.registrations.models import RegistrationStatus
    from tests.factories import EditionFactory
    from tests.registrations.conftest import upcoming_event
    from tests.registrations.factories import RegistrationFactory

    edition = EditionFactory(year=2026, number=19, status="open")
    edition.make_current()
    event = upcoming_event(edition=edition, organiser=organiser, capacity=20)
    full = upcoming_event(edition=edition, organiser=organiser, capacity=1, title="Complet")
    RegistrationFactory(event=full)
    registration = RegistrationFactory(event=event, name="Nadia Parent", places=2)
    pupil = RegistrationFactory(event=event, name="Élise Élève", role="pupil",
                                is_under_15=True, parent_email="parent@example.net",
                                status=RegistrationStatus.PENDING_PARENT,
                                parent_token="p" * 43)  # fmt: skip
    return SimpleNamespace(event=event, full=full, registration=registration, pupil=pupil,
                           organiser=organiser)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "language"),
    [pytest.param(n, lang, id=f"{n}-{lang}") for n in PAGES for lang in LANGUAGES],
)
def test_registration_page_is_accessible(
    shared_page: Page, live_server, registration_pages, name, language
):
    path, user, submit_empty = PAGES[name]
    page = shared_page
    page.context.clear_cookies()
    set_language(page.context, live_server, language)
    if user:
        log_in(page.context, live_server, getattr(registration_pages, user))
    path = path.format(r=registration_pages)
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200, f"{path}: HTTP {response.status}"
    if submit_empty:
        with page.expect_navigation():
            page.locator("main form[method=post] [type=submit]").last.click()
        expect(page.locator("main .form-errors[role=alert]")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == language

    fail_on_problems(page)


def test_a_visitor_registers_with_the_keyboard_alone(page: Page, live_server, registration_pages):
    from django.core import mail

    from jres.registrations.models import Registration

    event = registration_pages.event
    page.goto(live_server.url + event.get_absolute_url())
    register_link = page.get_by_role("link", name="S'inscrire")
    register_link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_label("Votre nom").focus()
    page.keyboard.type("Karim Clavier")
    page.keyboard.press("Tab")
    page.keyboard.type("karim@example.net")
    page.get_by_label("Enseignant ou enseignante").focus()
    page.keyboard.press("Space")
    page.get_by_label("Nombre de places").fill("")
    page.get_by_label("Nombre de places").focus()
    page.keyboard.type("1")
    page.locator("#id_consent").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="M'inscrire").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Mon inscription")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Votre inscription est confirmée.")
    registration = Registration.objects.get(email="karim@example.net")
    assert registration.role == "teacher" and registration.status == "confirmed"
    assert [message.to for message in mail.outbox] == [["karim@example.net"]]
