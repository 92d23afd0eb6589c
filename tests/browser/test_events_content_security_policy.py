"""The events pages and their scripts (maps, htmx filters, the organiser's pin) run under the
site's Content-Security-Policy without a violation and without a JavaScript error.

Like test_content_security_policy.py, a strict context: the policy is not bypassed."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, set_language
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS


@pytest.fixture
def strict_page(browser, browser_context_args):
    """A page under the real policy that records CSP violations, page errors, failed requests
    and error responses (a map's missing marker image, say)."""
    context = browser.new_context(**{**browser_context_args, "bypass_csp": False})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda message: (
            page.problems.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    # ERR_ABORTED: a request the browser gave up, as when the next page is opened.
    page.on(
        "requestfailed",
        lambda request: (
            page.problems.append(f"request failed: {request.url} {request.failure}")
            if request.failure != "net::ERR_ABORTED"
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            page.problems.append(f"HTTP {response.status}: {response.url}")
            if response.status >= 400
            else None
        ),
    )
    yield page
    context.close()


def problems_after(page: Page, url: str, ready) -> list[str]:
    """Open `url`, let its scripts do their work (`ready(page)`), return what went wrong."""
    page.problems.clear()
    response = page.goto(url)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page.wait_for_load_state("load")
    ready(page)
    return page.evaluate("window.__cspViolations") + page.problems


def list_map_drawn(page: Page) -> None:
    """The list's map fetched its GeoJSON and drew it (a cluster: the events are all in
    Bordeaux); a filter then redraws list and map, down to one event's marker (an image)."""
    expect(page.locator("#events-map .map-cluster")).to_be_visible()
    kind = "temps-echange-scolaire"
    with page.expect_response(re.compile(rf"/evenements/carte\.geojson\?.*type={kind}")):
        page.locator("#filter-type").select_option(kind)
    expect(page).to_have_url(re.compile(rf"type={kind}"))
    marker = page.locator("#events-map img.leaflet-marker-icon")
    expect(marker).to_be_visible()
    marker.evaluate("img => img.complete || new Promise((done) => img.onload = img.onerror = done)")


def event_map_drawn(page: Page) -> None:
    marker = page.locator("#event-map img.leaflet-marker-icon")
    expect(marker).to_be_visible()
    marker.evaluate("img => img.complete || new Promise((done) => img.onload = img.onerror = done)")


def pin_placed(page: Page) -> None:
    """The organiser's map answers a click with a pin and fills the hidden fields."""
    pin_map = page.locator("#pin-map")
    expect(pin_map).to_have_class(re.compile(r"leaflet-container"))
    pin_map.click(position={"x": 200, "y": 150})
    expect(pin_map.locator(".leaflet-marker-icon")).to_be_visible()
    expect(page.locator("#id_latitude")).not_to_have_value("")


def nothing(page: Page) -> None:
    pass


@pytest.mark.parametrize("language", ["fr", "en"])
def test_events_pages_have_no_csp_violation_nor_script_error(
    live_server, event_pages, strict_page, language
):
    """Every page is visited whatever the others show; all the problems are listed."""
    page, url = strict_page, live_server.url
    report = {}

    def visit(path, ready):
        report[path] = problems_after(page, url + path, ready)

    set_language(page.context, live_server, language)
    visit("/evenements/", list_map_drawn)
    visit(f"/evenements/{event_pages.public.slug}/", event_map_drawn)
    visit(f"/evenements/{event_pages.online.slug}/", nothing)

    log_in(page.context, live_server, event_pages.organiser)
    visit("/mes-evenements/nouveau/", pin_placed)
    visit(f"/mes-evenements/{event_pages.public.pk}/modifier/", event_pin_shown)

    page.context.clear_cookies()
    set_language(page.context, live_server, language)
    log_in(page.context, live_server, event_pages.moderator)
    visit("/moderation/", nothing)
    visit(f"/moderation/{event_pages.resubmitted.pk}/", nothing)
    expect(page.get_by_role("heading", level=1)).to_have_text(event_pages.resubmitted.title)

    failures = [f"{path}:\n  " + "\n  ".join(found) for path, found in report.items() if found]
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


def event_pin_shown(page: Page) -> None:
    marker = page.locator("#pin-map img.leaflet-marker-icon")
    expect(marker).to_be_visible()
    marker.evaluate("img => img.complete || new Promise((done) => img.onload = img.onerror = done)")
