"""The dashboard (/gestion/) in French and in English: no serious or critical axe-core
violation, one <h1>, a <main> and a skip link, with its charts, map and data tables; with
filter notes too. Then its filters are used with the keyboard alone."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ensure_event_vocabulary, log_in, set_language
from tests.browser.test_accessibility import fail_on_problems

LANGUAGES = ["fr", "en"]
PAGES = {
    "national": "/gestion/",
    "department": "/gestion/?region=75&departement=75",
    "past-edition": "/gestion/?edition=2025&region=%3Cb%3E",
}


@pytest.fixture
def dashboard_data(site_data, coordinator):
    from jres.editions.models import Edition
    from tests.dashboard.conftest import build
    from tests.events.factories import small_france

    ensure_event_vocabulary()
    build(site_data, Edition.objects.get(year=2025), small_france())
    return coordinator


@pytest.mark.parametrize(
    ("name", "language"),
    [pytest.param(n, lang, id=f"{n}-{lang}") for n in PAGES for lang in LANGUAGES],
)
def test_dashboard_is_accessible(shared_page: Page, live_server, dashboard_data, name, language):
    page = shared_page
    page.context.clear_cookies()
    set_language(page.context, live_server, language)
    log_in(page.context, live_server, dashboard_data)
    response = page.goto(live_server.url + PAGES[name])
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("svg[role=img]")).to_have_count(11)
    # The data tables are inside closed <details>: open them (without moving the focus, which
    # the skip-link check starts from) so that axe checks them too.
    page.evaluate("document.querySelectorAll('main details').forEach(d => { d.open = true; })")
    fail_on_problems(page)


def test_the_filters_work_with_the_keyboard(page: Page, live_server, dashboard_data):
    log_in(page.context, live_server, dashboard_data)
    page.goto(live_server.url + "/gestion/")
    page.locator("#filter-edition").focus()
    page.keyboard.press("Tab")
    expect(page.locator("#filter-region")).to_be_focused()
    page.keyboard.type("Nouvelle")
    page.keyboard.press("Tab")
    expect(page.locator("#filter-department")).to_be_focused()
    page.keyboard.type("33")
    page.keyboard.press("Tab")
    expect(page.locator(".dashboard-filters button[type=submit]")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "region=75" in page.url and "departement=33" in page.url
    expect(page.locator('[data-figure="labelled_events"]')).to_have_text("5")
    expect(page.locator("#filter-department")).to_have_value("33")
