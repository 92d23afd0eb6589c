"""Every page, in French and in English, checked in Chromium: no serious or critical axe-core
violation, one <h1>, a <main>, and a skip link that takes keyboard focus to the main content.

One visit per page and language (browser tests are slow to start): the test checks everything
on that visit and reports every problem it finds together."""

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import (
    axe_violations,
    describe_violations,
    log_in,
    set_language,
)
from tests.factories import UserFactory

LANGUAGES = ["fr", "en"]

# name: (path, expected HTTP status, signed in)
PAGES = {
    "home": ("/", 200, False),
    "edition-list": ("/editions/", 200, False),
    "edition-detail": ("/editions/2026/", 200, False),
    "contact": ("/contact/", 200, False),
    "why-this-day": ("/pourquoi-cette-journee/", 200, False),
    "organise": ("/organiser-un-evenement/", 200, False),
    "legal-notice": ("/mentions-legales/", 200, False),
    "privacy": ("/confidentialite/", 200, False),
    "signup": ("/compte/signup/", 200, False),
    "login": ("/compte/login/", 200, False),
    "password-reset": ("/compte/password/reset/", 200, False),
    "not-found": ("/cette-page-n-existe-pas/", 404, False),
    "profile": ("/compte/profil/", 200, True),
}

CASES = [
    pytest.param(name, language, id=f"{name}-{language}")
    for name in PAGES
    for language in LANGUAGES
]


@pytest.fixture
def visit(shared_page: Page, live_server, site_data):
    """Open one of PAGES in the given language, signed in when the page needs it."""
    page = shared_page

    def _visit(name: str, language: str) -> Page:
        path, status, signed_in = PAGES[name]
        page.context.clear_cookies()
        set_language(page.context, live_server, language)
        if signed_in:
            log_in(page.context, live_server, UserFactory(email="profil@example.org"))
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
        assert page.url == live_server.url + path, f"{path} redirected to {page.url}"
        lang = page.locator("html").get_attribute("lang")
        assert lang == language, f"{path}: html lang={lang!r}, expected {language!r}"
        return page

    return _visit


# Few round trips to the browser: each costs tens of milliseconds on a small machine.
PAGE_OUTLINE = """() => {
    document.activeElement && document.activeElement.blur();
    const h1s = [...document.querySelectorAll("h1")];
    const mains = [...document.querySelectorAll("main")];
    return {
        h1: h1s.length,
        h1Visible: h1s.length === 1 && h1s[0].checkVisibility(),
        main: mains.length,
        mainId: mains.length === 1 ? mains[0].id : null,
    };
}"""
FOCUSED = """() => {
    const element = document.activeElement;
    const main = document.querySelector("main");
    const box = element.getBoundingClientRect();
    return {
        html: element.outerHTML.slice(0, 160),
        href: element.getAttribute("href"),
        text: element.innerText.trim(),
        inViewport: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
            && box.top < window.innerHeight && box.left < window.innerWidth,
        isMain: element === main,
        inMain: main.contains(element) && element !== main,
        mainHasFocusable: !!main.querySelector(
            "a[href], button:not([disabled]), input:not([type=hidden]), select, textarea"),
    };
}"""


def fail_on_problems(page: Page) -> None:
    """Fail listing every axe-core violation and every structure problem of the page."""
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append(describe_violations(page, violations))
    problems.extend(f"{page.url}: {problem}" for problem in structure_problems(page))
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def structure_problems(page: Page) -> list[str]:
    """One <h1>, one <main> with an id, and a skip link that takes the focus there."""
    problems = []
    outline = page.evaluate(PAGE_OUTLINE)
    if outline["h1"] != 1:
        problems.append(f"{outline['h1']} <h1> elements, expected exactly one")
    elif not outline["h1Visible"]:
        problems.append("the <h1> is not visible")
    if outline["main"] != 1:
        return [*problems, f"{outline['main']} <main> elements, expected exactly one"]
    if not outline["mainId"]:
        return [*problems, "<main> has no id for a skip link to point to"]

    # The first Tab from the top of the page reaches the skip link, which then shows.
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    if focused["href"] != f"#{outline['mainId']}":
        return [
            *problems,
            f"the first Tab focuses {focused['html']!r}, not a skip link to #{outline['mainId']}",
        ]
    if not focused["text"]:
        problems.append("the skip link has no visible text")
    if not focused["inViewport"]:
        problems.append("the focused skip link is not visible in the viewport")

    # Enter on it puts the focus on <main>; the next Tab continues inside the content.
    page.keyboard.press("Enter")
    focused = page.evaluate(FOCUSED)
    if not focused["isMain"]:
        problems.append(f"after Enter on the skip link, focus is on {focused['html']!r}")
    elif focused["mainHasFocusable"]:
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if not focused["inMain"]:
            problems.append(f"Tab after the skip link leaves <main> for {focused['html']!r}")
    return problems


@pytest.mark.parametrize(("name", "language"), CASES)
def test_page_is_accessible(visit, name, language):
    """axe-core finds no serious or critical violation; the page has one <h1>, a <main>,
    and a skip link to it. Every problem on the page is listed, not only the first."""
    page = visit(name, language)
    fail_on_problems(page)  # the page as loaded, before any focus moves
