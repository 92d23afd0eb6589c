"""The re-users' page (/donnees-ouvertes/): what is published, the licence, the examples
written with the site's address, in French and in English; its structure and, in Chromium,
no serious or critical axe-core violation."""

import re
import threading
from html.parser import HTMLParser

import pytest

from jres.api.models import DataLicence
from tests.core.html import elements, text

pytestmark = pytest.mark.django_db

URL = "/donnees-ouvertes/"
SITE = "https://jres.example.org"
EVENTS = f"{SITE}/api/v1/events?departement=35"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE
    settings.API_RATE_LIMIT = "600/60"


def _get(client, language: str | None = None) -> str:
    if language:
        client.cookies["django_language"] = language
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


class _Outline(HTMLParser):
    """The page's headings, its sections with their labels, and its code examples."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str | None, str]] = []  # (tag, id, text)
        self.sections: list[dict] = []  # {"labelledby", "headings": [ids]}
        self.examples: list[str] = []
        self._open_sections: list[dict] = []
        self._heading: list | None = None
        self._pre: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            section = {"labelledby": attrs.get("aria-labelledby"), "headings": []}
            self.sections.append(section)
            self._open_sections.append(section)
        elif tag in {"h1", "h2", "h3"}:
            self._heading = [tag, attrs.get("id"), ""]
            if tag == "h2" and self._open_sections:
                self._open_sections[-1]["headings"].append(attrs.get("id"))
        elif tag == "pre":
            self._pre = []

    def handle_endtag(self, tag):
        if tag == "section" and self._open_sections:
            self._open_sections.pop()
        elif tag in {"h1", "h2", "h3"} and self._heading:
            self.headings.append(tuple(self._heading))
            self._heading = None
        elif tag == "pre" and self._pre is not None:
            self.examples.append("".join(self._pre))
            self._pre = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[2] += data
        if self._pre is not None:
            self._pre.append(data)


def _outline(html: str) -> _Outline:
    outline = _Outline()
    outline.feed(html)
    outline.close()
    return outline


# Content ----------------------------------------------------------------------------------


def test_anyone_reads_the_page_in_french_by_default(client):
    html = _get(client)
    page = text(html)

    assert elements(html, "html")[0]["lang"] == "fr"
    assert "Données ouvertes : réutiliser les données de la journée" in page
    # What is published, what never is, how often it changes.
    for published in ["Les éditions", "Les événements labellisés", "Les collectivités partenaires",
                      "Les initiatives", "Les ressources du kit de communication"]:  # fmt: skip
        assert published in page
    assert "seuls sa commune, son département, sa région et le centre de la commune" in page
    assert "aucune donnée personnelle" in page
    assert "À quelle fréquence les données changent-elles ?" in page
    assert "Google Agenda" in page and "« Autres agendas »" in page
    assert "« À partir de l'URL »" in page
    assert "Thunderbird" in page and "Outlook" in page and "Apple Calendrier" in page
    assert "Each IP address" not in page


def test_the_page_is_in_english_with_the_language_cookie(client):
    html = _get(client, "en")
    page = text(html)

    assert elements(html, "html")[0]["lang"] == "en"
    assert "Open data: reusing the day's data" in page
    assert "only its commune, department, region and the commune's centre" in page
    assert "no personal data" in page
    assert "How often does the data change?" in page
    assert "“Other calendars”" in page and "“From URL”" in page
    assert "New Calendar Subscription…" in page
    assert "Subscribe from web" in page
    assert "On the Network" in page
    assert "Each IP address may make 600 requests per period of 60 seconds." in page
    assert "réutiliser les données de la journée" not in page
    assert "Sur cette page" not in page


def test_both_languages_have_the_same_sections_and_examples(client):
    french = _outline(_get(client, "fr"))
    english = _outline(_get(client, "en"))

    assert [section["labelledby"] for section in french.sections] == [
        section["labelledby"] for section in english.sections
    ]
    assert len(french.examples) == len(english.examples) >= 14


# Licence ----------------------------------------------------------------------------------


def test_the_default_licence_is_etalab_open_licence(client):
    html = _get(client)

    links = {attrs["href"]: attrs for attrs in elements(html, "a")}
    assert "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" in links
    page = text(html)
    assert "sous la licence Licence Ouverte / Open Licence 2.0 (Etalab)" in page
    assert "« Journée du Refus de l'Échec Scolaire »" in page
    assert "choisie par la coordination nationale" in page


def test_the_coordinators_change_of_licence_shows_at_once(client):
    before = text(_get(client))  # the licence is now in the cache
    assert "CC BY 4.0" not in before

    DataLicence.objects.create(
        name="CC BY 4.0",
        url="https://creativecommons.org/licenses/by/4.0/deed.fr",
        attribution="Association JRES, données des événements",
    )

    html = _get(client)
    page = text(html)
    assert "sous la licence CC BY 4.0." in page
    assert "« Association JRES, données des événements »" in page
    assert "Licence Ouverte / Open Licence 2.0" not in page
    hrefs = [attrs["href"] for attrs in elements(html, "a")]
    assert "https://creativecommons.org/licenses/by/4.0/deed.fr" in hrefs
    assert 'Link: <https://creativecommons.org/licenses/by/4.0/deed.fr>; rel="license"' in page


def test_the_page_reads_the_licence_once_then_from_the_cache(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        _get(client)
    with django_assert_num_queries(0):
        _get(client)


# Examples ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_format_has_a_curl_example_with_the_sites_address(client, language):
    examples = _outline(_get(client, language)).examples

    for command in [
        f"curl '{EVENTS}'",
        f"curl '{EVENTS}&format=geojson'",
        f"curl '{EVENTS}&format=ics'",
        f"curl -o evenements-35.csv '{EVENTS}&format=csv'",
        f"curl '{EVENTS}&updated_since=2026-09-01T00:00:00Z'",
        f"curl '{SITE}/api/v1/events/withdrawn?since=2026-09-01T00:00:00Z'",
        f"curl '{SITE}/api/v1/events/1234/jsonld'",
    ]:
        assert command in examples, command
    assert f"{EVENTS}&format=ics" in examples  # the feed to subscribe to, on its own


def test_the_examples_follow_next_conditional_requests_and_cors(client):
    examples = "\n".join(_outline(_get(client)).examples)

    # Pages: a shell loop and Python's standard library, both following `next`.
    assert f"url='{EVENTS}&limit=1000'" in examples
    assert "url=$(jq -r '.next // empty' page.json)" in examples
    assert "import urllib.request" in examples and 'url = page["next"]' in examples
    assert "import requests" not in examples
    # Conditional request: the ETag sent back gives 304.
    assert "-H 'If-None-Match: \"" in examples and "# 304" in examples
    # CORS: a browser's fetch.
    assert f'fetch("{EVENTS}&limit=20")' in examples
    # Errors are JSON.
    assert '{"error": "unknown_value", "parameter": "departement"' in examples


def test_the_python_example_runs(client):
    """The Python example is real code: it compiles once the site's address is in it."""
    examples = _outline(_get(client)).examples
    (python,) = [example for example in examples if example.startswith("import json")]
    compile(python, "example.py", "exec")


def test_calendar_feed_in_https_and_webcal_and_the_widgets(client):
    html = _get(client)
    hrefs = [attrs["href"] for attrs in elements(html, "a")]

    assert "webcal://jres.example.org/api/v1/events?departement=35&format=ics" in hrefs
    assert f"{SITE}/widgets/" in hrefs
    assert f"{EVENTS}&format=csv" in hrefs
    assert f"{SITE}/api/v1/docs" in hrefs
    assert f"{SITE}/api/v1/openapi.json" in hrefs


def test_the_rate_limit_is_read_from_the_settings(client, settings):
    assert "600 requêtes par période de 60 secondes" in text(_get(client))
    settings.API_RATE_LIMIT = "120/30"
    assert "120 requêtes par période de 30 secondes" in text(_get(client))
    settings.API_RATE_LIMIT = ""
    page = text(_get(client))
    assert "ne limite pas aujourd'hui le nombre de requêtes" in page
    assert "Retry-After" in page


def test_the_fields_table_names_every_event_field(client):
    html = _get(client)
    table = html[html.index("<table") : html.index("</table>")]
    fields = {
        text(name).strip()
        for row in re.findall(r'<th scope="row">(.*?)</th>', table)
        for name in row.split(",")
    }
    assert fields >= {
        "id", "slug", "url", "api_url", "ical_uid", "edition", "title", "description",
        "kind", "audiences", "starts_at", "ends_at", "status", "cancellation_reason",
        "in_school", "attendance_mode", "venue_name", "address", "postal_code", "city",
        "commune", "department", "region", "latitude", "longitude", "location_precision",
        "organisation", "local_partners", "accessibility", "capacity", "registration",
        "image", "updated_at",
    }  # fmt: skip
    assert f"{SITE}/evenements/debat-des-parents-rennes/" in text(table)
    assert "event-1234@jres.example.org" in text(table)


# Structure --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_one_h1_and_sections_labelled_by_their_h2(client, language):
    outline = _outline(_get(client, language))

    assert [tag for tag, _id, _text in outline.headings].count("h1") == 1
    assert outline.headings[0][0] == "h1"
    assert len(outline.sections) >= 15
    for section in outline.sections:
        assert section["labelledby"], section
        assert section["headings"] == [section["labelledby"]], section
    expected = {"publie", "licence", "agenda", "formats", "pages", "synchronisation",
                "requetes-conditionnelles", "limite", "erreurs", "navigateur",
                "identifiants", "champs", "documentation"}  # fmt: skip
    assert expected <= {section["labelledby"] for section in outline.sections}


def test_the_table_of_contents_links_to_every_section(client):
    html = _get(client)
    outline = _outline(html)
    anchors = {attrs["href"] for attrs in elements(html, "a") if attrs["href"].startswith("#")}

    assert {f"#{section['labelledby']}" for section in outline.sections} <= anchors
    ids = {attrs.get("id") for attrs in elements(html)}
    assert {anchor[1:] for anchor in anchors} <= ids


def test_head_is_allowed_and_post_is_not(client):
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


# Browser ----------------------------------------------------------------------------------


def _axe_in_chromium(url: str, language: str) -> dict:
    """Open `url` in Chromium in `language`; return its HTTP status, <html lang>, h1 and
    serious or critical axe-core violations.

    Playwright runs in its own thread: pytest-playwright's session browser, when other
    browser tests started it, keeps an event loop in this one, where a second sync API
    cannot start.
    """
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import (
        CHROMIUM,
        CHROMIUM_ARGS,
        axe_violations,
        describe_violations,
        require_compiled_catalogue,
    )

    require_compiled_catalogue(language)
    result: dict = {}

    def run():
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                context = browser.new_context(
                    locale="fr-FR", viewport={"width": 1280, "height": 900}, bypass_csp=True
                )
                context.add_cookies(
                    [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url}]
                )
                page = context.new_page()
                response = page.goto(url)
                result["status"] = response.status if response else None
                result["lang"] = page.locator("html").get_attribute("lang")
                result["h1"] = page.locator("h1").all_inner_texts()
                violations = axe_violations(page)
                result["violations"] = violations
                result["report"] = describe_violations(page, violations) if violations else ""
                # A narrow screen: the examples scroll inside their box, not the page.
                page.set_viewport_size({"width": 360, "height": 740})
                result["page_overflow"] = page.evaluate(
                    "document.documentElement.scrollWidth > window.innerWidth"
                )
                mobile = axe_violations(page)
                result["mobile_report"] = describe_violations(page, mobile) if mobile else ""
                browser.close()
        except Exception as error:  # noqa: BLE001 - re-raised in the test's thread
            result["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "Chromium did not finish in 120 s"
    if "error" in result:
        raise result["error"]
    return result


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_page_is_accessible_in_chromium(live_server, settings, language):
    settings.SITE_URL = live_server.url
    result = _axe_in_chromium(live_server.url + URL, language)

    assert result["status"] == 200
    assert result["lang"] == language
    assert len(result["h1"]) == 1
    assert not result["report"], result["report"]
    assert not result["mobile_report"], result["mobile_report"]
    assert result["page_overflow"] is False
