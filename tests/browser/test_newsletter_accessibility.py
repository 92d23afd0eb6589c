"""The newsletter's public and staff pages, in French and in English: no serious or
critical axe-core violation, one <h1>, a <main> and a skip link; the sign-up form also in
its error state."""

from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, set_language
from tests.browser.test_accessibility import fail_on_problems

LANGUAGES = ["fr", "en"]

# name: (path, signed in as the coordinator, submit the form empty)
PAGES = {
    "subscribe": ("/lettre/", False, False),
    "subscribe-errors": ("/lettre/", False, True),
    "confirm": ("/lettre/confirmer/{p.pending.confirmation_token}/", False, False),
    "unsubscribe": ("/lettre/desabonnement/{p.confirmed.unsubscribe_token}/", False, False),
    "mailings": ("/gestion/messages/", True, False),
    "new": ("/gestion/messages/nouveau/", True, False),
    "new-errors": ("/gestion/messages/nouveau/", True, True),
    "preview": ("/gestion/messages/{p.draft.pk}/", True, False),
    "send": ("/gestion/messages/{p.draft.pk}/envoyer/", True, False),
    "progress": ("/gestion/messages/{p.sent.pk}/", True, False),
    "subscribers": ("/gestion/messages/abonnes/", True, False),
}


@pytest.fixture
def newsletter_pages(site_data, coordinator):
    from jres.newsletter.models import MailingRecipient
    from tests.newsletter.factories import MailingFactory, SubscriberFactory

    confirmed = SubscriberFactory(email="lecteur@example.net", name="Lou")
    pending = SubscriberFactory(email="attente@example.net", status="pending")
    draft = MailingFactory(subject="Brouillon", created_by=coordinator)
    sent = MailingFactory(subject="Envoyée", status="sent", recipient_count=1,
                          started_at=timezone.now(), finished_at=timezone.now())  # fmt: skip
    MailingRecipient.objects.create(mailing=sent, email=confirmed.email, status="sent",
                                    sent_at=timezone.now(), message_id="<a@x>")  # fmt: skip
    return SimpleNamespace(
        confirmed=confirmed, pending=pending, draft=draft, sent=sent, coordinator=coordinator
    )


@pytest.mark.parametrize(
    ("name", "language"),
    [pytest.param(n, lang, id=f"{n}-{lang}") for n in PAGES for lang in LANGUAGES],
)
def test_newsletter_page_is_accessible(
    shared_page: Page, live_server, newsletter_pages, name, language
):
    path, staff, submit_empty = PAGES[name]
    page = shared_page
    page.context.clear_cookies()
    set_language(page.context, live_server, language)
    if staff:
        log_in(page.context, live_server, newsletter_pages.coordinator)
    path = path.format(p=newsletter_pages)
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200, f"{path}: HTTP {response.status}"
    if submit_empty:
        with page.expect_navigation():
            page.locator("main form[method=post] [type=submit]").first.click()
        expect(page.locator("main .form-errors[role=alert]")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == language

    fail_on_problems(page)
