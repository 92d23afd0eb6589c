"""The initiatives' pages, in French and in English: no serious or critical axe-core
violation, one <h1>, a <main> and a skip link; the form also in its error state."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, set_language
from tests.browser.test_accessibility import fail_on_problems

LANGUAGES = ["fr", "en"]

# name: (address, who is signed in, submit the form empty)
PAGES = {
    "list": ("/initiatives/", None, False),
    "list-ignored-filter": ("/initiatives/?theme=inconnu&niveau=lycee", None, False),
    "detail": ("/initiatives/{w.published.slug}/", None, False),
    "contact": ("/initiatives/{w.published.slug}/contact/", None, False),
    "home": ("/", None, False),
    "mine": ("/mes-initiatives/", "organiser", False),
    "form": ("/mes-initiatives/nouvelle/", "organiser", False),
    "form-errors": ("/mes-initiatives/nouvelle/", "organiser", True),
    "preview": ("/mes-initiatives/{w.draft.pk}/", "organiser", False),
    "queue": ("/moderation/initiatives/", "moderator", False),
    "review": ("/moderation/initiatives/{w.submitted.pk}/", "moderator", False),
}


@pytest.fixture
def initiative_pages(events_world, organiser):
    from types import SimpleNamespace

    from jres.initiatives.models import InitiativeStatus
    from tests.initiatives.factories import InitiativeFactory, ensure_themes

    ensure_themes()
    bordeaux = events_world.geo.bordeaux

    def initiative(**kwargs):
        defaults = {"proposer": organiser, "commune": bordeaux, "themes": ["mentorat"],
                    "levels": ["primary", "lower_secondary"]}  # fmt: skip
        return InitiativeFactory(**(defaults | kwargs))

    return SimpleNamespace(
        published=initiative(
            title="Mentorat étudiant à Bordeaux",
            featured=True,
            links=["https://example.org/mentorat"],
        ),  # fmt: skip
        draft=initiative(title="Brouillon", status=InitiativeStatus.DRAFT, published_at=None),
        submitted=initiative(title="À relire", status=InitiativeStatus.SUBMITTED),
    )


@pytest.mark.parametrize(
    ("name", "language"),
    [pytest.param(n, lang, id=f"{n}-{lang}") for n in PAGES for lang in LANGUAGES],
)
def test_initiative_page_is_accessible(
    shared_page: Page, live_server, initiative_pages, organiser, moderator, name, language
):
    path, signed_in, submit_empty = PAGES[name]
    page = shared_page
    page.context.clear_cookies()
    set_language(page.context, live_server, language)
    if signed_in:
        log_in(
            page.context, live_server, {"organiser": organiser, "moderator": moderator}[signed_in]
        )
    path = path.format(w=initiative_pages)
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200, f"{path}: HTTP {response.status}"
    if submit_empty:
        with page.expect_navigation():
            page.locator("main form[method=post] [type=submit]").first.click()
        expect(page.locator("main .form-errors[role=alert]")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == language

    fail_on_problems(page)
