"""The coordination's data pages, in French and in English: no serious or critical axe-core
violation, one <h1>, a <main> and a skip link; the list with ignored filters and with too
many rows for an XLSX file, and the export log."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ensure_event_vocabulary, log_in, set_language
from tests.browser.test_accessibility import fail_on_problems

LANGUAGES = ["fr", "en"]

# name: (path, who is signed in, XLSX row limit)
PAGES = {
    "index": ("/gestion/donnees/", "coordinator", None),
    "events": (
        "/gestion/donnees/evenements/?edition=2026&statut=labelled&region=75",
        "moderator",
        None,
    ),
    "events-notes": (
        "/gestion/donnees/evenements/?region=99&statut=x&public=martiens",
        "moderator",
        None,
    ),
    "events-too-many": ("/gestion/donnees/evenements/", "coordinator", 1),
    "registrations": ("/gestion/donnees/inscriptions/", "coordinator", None),
    "audit": ("/gestion/donnees/journal/", "coordinator", None),
}


@pytest.fixture
def export_pages(site_data, coordinator, moderator):
    from types import SimpleNamespace

    from jres.exports.services import log_export
    from tests.events.factories import EventFactory, small_france
    from tests.registrations.factories import RegistrationFactory

    ensure_event_vocabulary()
    france = small_france()
    bordeaux = EventFactory(
        edition=site_data, commune=france.bordeaux, title="Débat à Bordeaux", audiences=["parents"]
    )
    EventFactory(edition=site_data, commune=france.toulouse, title="Atelier à Toulouse")
    RegistrationFactory(event=bordeaux, name="Alice Martin", email="alice@example.net")
    log_export(
        user=coordinator,
        dataset="inscriptions",
        format="csv",
        filters={"edition": 2026},
        rows=1,
        personal=True,
    )
    log_export(
        user=moderator,
        dataset="evenements",
        format="xlsx",
        filters={"region": "75"},
        rows=1,
        personal=False,
    )
    return SimpleNamespace(coordinator=coordinator, moderator=moderator)


@pytest.mark.parametrize(
    ("name", "language"),
    [pytest.param(n, lang, id=f"{n}-{lang}") for n in PAGES for lang in LANGUAGES],
)
def test_data_page_is_accessible(
    shared_page: Page, live_server, export_pages, monkeypatch, name, language
):
    from jres.exports import writers

    path, who, xlsx_limit = PAGES[name]
    if xlsx_limit is not None:
        monkeypatch.setattr(writers, "XLSX_MAX_ROWS", xlsx_limit)
    page = shared_page
    page.context.clear_cookies()
    set_language(page.context, live_server, language)
    log_in(page.context, live_server, getattr(export_pages, who))
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200, f"{path}: HTTP {response.status}"
    assert page.locator("html").get_attribute("lang") == language
    if name == "events-notes":
        expect(page.locator("main .filter-notes li")).to_have_count(3)
    if name == "events-too-many":
        expect(page.locator("main .data-downloads .notice")).to_be_visible()

    fail_on_problems(page)
