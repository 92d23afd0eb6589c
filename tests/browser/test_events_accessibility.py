"""The events pages, in French and in English, checked in Chromium like the site's other pages
(test_accessibility.py): no serious or critical axe-core violation, one <h1>, a <main>, and a
skip link to it. Maps are checked once drawn (their markers are part of the page); forms also
in their error state."""

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    log_in,
    set_language,
)
from tests.browser.test_accessibility import fail_on_problems

LANGUAGES = ["fr", "en"]


@dataclass(frozen=True)
class Visit:
    path: str  # formatted with the event_pages fixture as `e`
    user: str = ""  # "organiser", "moderator" or anonymous
    ready: str = ""  # a selector that shows once the page's script has drawn it
    submit_empty: bool = False  # post the form as it is, to see it with its errors
    shows: str = ""  # a selector of what the case is about, which must be visible


MAP_DRAWN = "#events-map .leaflet-marker-icon"


PAGES = {
    "list": Visit("/evenements/", ready=MAP_DRAWN, shows=".event-card"),
    "list-filtered": Visit(
        "/evenements/?departement=33&type=debat&public=parents&du=2026-09-27",
        ready=MAP_DRAWN,
        shows=".event-card",
    ),
    "list-near": Visit(
        "/evenements/?lat=44.84&lon=-0.58&rayon=10",
        ready=MAP_DRAWN,
        shows=".event-results__near",
    ),
    "list-no-result": Visit(
        "/evenements/?cp=75011",
        ready="#events-map.leaflet-container",
        shows=".event-results__empty",
    ),
    "detail-public": Visit(
        "/evenements/{e.public.slug}/",
        ready="#event-map .leaflet-marker-icon",
        shows=".badge--label",
    ),
    "detail-in-school": Visit("/evenements/{e.in_school.slug}/", shows=".badge--label"),
    "detail-online": Visit("/evenements/{e.online.slug}/", shows=".badge--label"),
    "detail-cancelled": Visit(
        "/evenements/{e.cancelled.slug}/",
        ready="#event-map .leaflet-marker-icon",
        shows=".notice--error",
    ),
    "widgets": Visit("/widgets/"),
    "widgets-snippet": Visit("/widgets/?type_widget=liste&departement=33", shows="#widget-code"),
    "widgets-errors": Visit("/widgets/?type_widget=carte&commune=ABCDE", shows=".form-errors"),
    "contact": Visit("/evenements/{e.public.slug}/contact/"),
    "contact-errors": Visit("/evenements/{e.public.slug}/contact/", submit_empty=True),
    "mine": Visit("/mes-evenements/", user="organiser", shows="main table"),
    "create": Visit(
        "/mes-evenements/nouveau/", user="organiser", ready="#pin-map.leaflet-container"
    ),
    "create-errors": Visit(
        "/mes-evenements/nouveau/", user="organiser", ready="#pin-map", submit_empty=True
    ),
    "edit": Visit(
        "/mes-evenements/{e.public.pk}/modifier/",
        user="organiser",
        ready="#pin-map .leaflet-marker-icon",
    ),
    "preview": Visit(
        "/mes-evenements/{e.changes_requested.pk}/", user="organiser", shows=".status-panel .notice"
    ),
    "cancel": Visit("/mes-evenements/{e.public.pk}/annuler/", user="organiser"),
    "moderation": Visit("/moderation/", user="moderator", shows="main table"),
    "review": Visit(
        "/moderation/{e.resubmitted.pk}/", user="moderator", shows="#changes-title, main del"
    ),
}

CASES = [
    pytest.param(name, language, id=f"{name}-{language}")
    for name in PAGES
    for language in LANGUAGES
]


@pytest.mark.parametrize(("name", "language"), CASES)
def test_events_page_is_accessible(shared_page: Page, live_server, event_pages, name, language):
    visit = PAGES[name]
    page = shared_page
    page.context.clear_cookies()
    set_language(page.context, live_server, language)
    if visit.user:
        log_in(page.context, live_server, getattr(event_pages, visit.user))
    path = visit.path.format(e=event_pages)
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200, f"{path}: HTTP {response.status}"
    if visit.submit_empty:
        with page.expect_navigation():
            page.locator("main form[method=post] [type=submit]").last.click()
        expect(page.locator("main .form-errors[role=alert]")).to_be_visible()
        expect(page.locator("main [aria-invalid=true]").first).to_be_visible()
    assert page.url.split("?")[0] == live_server.url + path.split("?")[0], page.url
    lang = page.locator("html").get_attribute("lang")
    assert lang == language, f"{path}: html lang={lang!r}"
    if visit.ready:
        expect(page.locator(visit.ready).first).to_be_attached()
    if visit.shows:
        expect(page.locator(visit.shows).first).to_be_visible()

    fail_on_problems(page)
