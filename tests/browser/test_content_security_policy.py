"""The site's pages run under its Content-Security-Policy without a single violation.

The other browser tests bypass the policy to inject axe-core; these do not.
"""

import pytest

from tests.browser.conftest import log_in, set_language

PUBLIC_PAGES = [
    "/",
    "/editions/",
    "/pourquoi-cette-journee/",
    "/contact/",
    "/compte/signup/",
    "/compte/login/",
    "/adresse-inconnue/",
]
ADMIN_PAGES = ["/admin/", "/admin/pages/page/", "/admin/pages/page/add/"]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def strict_page(browser, browser_context_args):
    context = browser.new_context(**{**browser_context_args, "bypass_csp": False})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.console_csp_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_csp_errors.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


def _visit_and_collect_violations(page, url) -> list[str]:
    response = page.goto(url)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    page.wait_for_load_state("load")
    return page.evaluate("window.__cspViolations") + page.console_csp_errors


@pytest.mark.parametrize("language", ["fr", "en"])
def test_public_pages_have_no_csp_violation(live_server, site_data, strict_page, language):
    set_language(strict_page.context, live_server, language)
    for path in PUBLIC_PAGES:
        violations = _visit_and_collect_violations(strict_page, live_server.url + path)
        assert violations == [], f"{path}: {violations}"


def test_admin_pages_have_no_csp_violation(live_server, site_data, coordinator, strict_page):
    log_in(strict_page.context, live_server, coordinator)
    for path in ADMIN_PAGES:
        violations = _visit_and_collect_violations(strict_page, live_server.url + path)
        assert violations == [], f"{path}: {violations}"
    assert strict_page.locator("#site-name").count() == 1  # the admin itself, not a login page


def test_an_injected_inline_script_is_blocked(live_server, site_data, strict_page):
    """The policy is live: a script without the nonce does not run, and is reported."""
    strict_page.goto(live_server.url + "/")
    strict_page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.__ran = true";
        document.body.appendChild(script);
    }"""
    )
    assert strict_page.evaluate("window.__ran === true") is False
    assert any("script-src" in v for v in strict_page.evaluate("window.__cspViolations"))


def test_staff_pages_have_no_csp_violation(live_server, site_data, coordinator, strict_page):
    """The coordination's pages (charts, lists, the message preview's frame) need no inline
    script or style."""
    from jres.newsletter.models import Mailing

    mailing = Mailing.objects.create(
        subject="Bientôt la journée", body="**Bonjour** à toutes et à tous.",
        segment="newsletter", created_by=coordinator,
    )  # fmt: skip
    log_in(strict_page.context, live_server, coordinator)
    for path in [
        "/gestion/", "/gestion/donnees/", "/gestion/donnees/evenements/",
        "/gestion/donnees/journal/", "/gestion/editions/", "/gestion/editions/preparer/",
        "/gestion/messages/", f"/gestion/messages/{mailing.pk}/", "/gestion/messages/abonnes/",
        "/lettre/",
    ]:  # fmt: skip
        violations = _visit_and_collect_violations(strict_page, live_server.url + path)
        assert violations == [], f"{path}: {violations}"
    # The preview's frame keeps its size: its class, not an inline style, gives it.
    strict_page.goto(f"{live_server.url}/gestion/messages/{mailing.pk}/")
    assert strict_page.locator("iframe.mail-preview").bounding_box()["height"] > 300
