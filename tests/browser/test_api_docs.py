"""The API's documentation page (/api/v1/docs): Swagger UI, served by the platform, draws the
operations and runs a request, under the site's Content-Security-Policy, without asking
anything of another host."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

PUBLIC_HOST = "donnees.jres.example"


@pytest.fixture
def docs_context(browser, browser_context_args):
    """A context that keeps the site's CSP (the shared one bypasses it for axe)."""
    context = browser.new_context(**{**browser_context_args, "bypass_csp": False})
    yield context
    context.close()


def external_references(page) -> list[str]:
    """Addresses of another origin that the page's elements load or would load."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[src], link[href], [srcset]')]
            .map((element) => element.src || element.href || element.srcset)
            .filter((address) => address && !address.startsWith('data:'))
            .filter((address) => new URL(address, location.href).origin !== location.origin)"""
    )


def test_swagger_ui_draws_the_operations_and_runs_one(docs_context, live_server, site_data):
    page = docs_context.new_page()
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{live_server.url}/api/v1/docs")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("JRES")
    expect(page.get_by_text("/api/v1/events", exact=True).first).to_be_visible()
    for path in ("/api/v1/editions", "/api/v1/partners", "/api/v1/resources"):
        expect(page.get_by_text(path, exact=True).first).to_be_visible()

    operation = page.locator(".opblock-get").filter(
        has=page.locator('.opblock-summary-path[data-path="/api/v1/editions"]')
    )
    operation.locator(".opblock-summary").first.click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()

    live = operation.locator(".live-responses-table .response .response-col_status")
    expect(live.first).to_have_text("200", timeout=10_000)
    expect(
        operation.locator(".live-responses-table .response .response-col_description")
    ).to_contain_text("2026")

    hosts = {urlsplit(url).hostname for url in requests if not url.startswith("data:")}
    assert hosts == {urlsplit(live_server.url).hostname}, sorted(requests)
    assert any(url.endswith("/api/v1/openapi.json") for url in requests)
    assert external_references(page) == []
    assert problems == [], problems


def test_the_docs_ask_nothing_of_another_host_once_deployed(docs_context, live_server, site_data):
    """On a public address (not 127.0.0.1), Swagger UI's defaults would call its online
    validator: the page, served under a public name here, must not."""
    page = docs_context.new_page()
    elsewhere = []

    def serve(route):
        parts = urlsplit(route.request.url)
        if parts.hostname != PUBLIC_HOST:
            elsewhere.append(route.request.url)
            route.abort()
            return
        local = f"{live_server.url}{parts.path}" + (f"?{parts.query}" if parts.query else "")
        route.fulfill(response=route.fetch(url=local))

    page.route("**/*", serve)

    page.goto(f"http://{PUBLIC_HOST}/api/v1/docs")

    expect(page.get_by_text("/api/v1/events", exact=True).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert elsewhere == [], elsewhere
    assert external_references(page) == []
