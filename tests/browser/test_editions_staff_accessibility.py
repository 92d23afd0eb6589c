"""The coordinator's edition pages, in French and in English: no serious or critical
axe-core violation, one <h1>, a <main> and a skip link; the next edition's form also in its
error state."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, set_language
from tests.browser.test_accessibility import fail_on_problems

LANGUAGES = ["fr", "en"]

# name: (path, submit the form with overlapping dates)
PAGES = {
    "list": ("/gestion/editions/", False),
    "detail": ("/gestion/editions/2026/", False),
    "prepare": ("/gestion/editions/preparer/", False),
    "prepare-errors": ("/gestion/editions/preparer/", True),
    "edit": ("/gestion/editions/2026/modifier/", False),
    "confirm": ("/gestion/editions/2026/clore/", False),
    "publish": ("/gestion/editions/2026/rapport/publier/", False),
}


@pytest.fixture
def edition_pages(site_data, coordinator):
    from jres.editions import services

    site_data.submissions_open_on = datetime.date(2026, 3, 1)
    site_data.submissions_close_on = datetime.date(2026, 9, 20)
    site_data.save()
    services.close_submissions(edition=site_data, by=coordinator)
    return coordinator


@pytest.mark.parametrize(
    ("name", "language"),
    [pytest.param(n, lang, id=f"{n}-{lang}") for n in PAGES for lang in LANGUAGES],
)
def test_edition_staff_page_is_accessible(
    shared_page: Page, live_server, edition_pages, name, language
):
    path, overlap = PAGES[name]
    page = shared_page
    page.context.clear_cookies()
    set_language(page.context, live_server, language)
    log_in(page.context, live_server, edition_pages)
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200, f"{path}: HTTP {response.status}"
    if overlap:
        page.locator("#id_day").fill("2026-10-10")
        page.locator("#id_year").fill("2026")
        with page.expect_navigation():
            page.locator("main form[method=post] [type=submit]").first.click()
        expect(page.locator("main .form-errors[role=alert]")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == language

    fail_on_problems(page)
