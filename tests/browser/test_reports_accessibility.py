"""The report pages, in French and in English: no serious or critical axe-core violation,
one <h1>, a <main> and a skip link; the form also in its error state. Then an organiser
writes a report with the keyboard alone."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    ensure_event_vocabulary,
    log_in,
    set_language,
)
from tests.browser.test_accessibility import fail_on_problems

LANGUAGES = ["fr", "en"]

PAGES = {
    "form": ("/mes-evenements/{r.fresh.pk}/bilan/", True, False),
    "form-errors": ("/mes-evenements/{r.fresh.pk}/bilan/", True, True),
    "form-with-photos": ("/mes-evenements/{r.reported.pk}/bilan/", True, False),
    "closed": ("/mes-evenements/{r.upcoming.pk}/bilan/", True, False),
    "event-page": ("/evenements/{r.reported.slug}/", False, False),
}


@pytest.fixture
def report_pages(site_data, organiser, settings, tmp_path):
    from types import SimpleNamespace

    from tests.reports.conftest import make_photo, make_report, past_event

    settings.MEDIA_ROOT = tmp_path
    ensure_event_vocabulary()
    reported = past_event(edition=site_data, organiser=organiser, title="Débat passé")
    report = make_report(reported, what_worked="Le goûter.", testimony="Utile.",
                         show_on_event_page=True)  # fmt: skip
    make_photo(report)
    return SimpleNamespace(
        reported=reported,
        fresh=past_event(edition=site_data, organiser=organiser, title="Sans bilan"),
        upcoming=past_event(edition=site_data, organiser=organiser, days_ago=-4),
    )


@pytest.mark.parametrize(
    ("name", "language"),
    [pytest.param(n, lang, id=f"{n}-{lang}") for n in PAGES for lang in LANGUAGES],
)
def test_report_page_is_accessible(
    shared_page: Page, live_server, report_pages, organiser, name, language
):
    path, signed_in, submit_empty = PAGES[name]
    page = shared_page
    page.context.clear_cookies()
    set_language(page.context, live_server, language)
    if signed_in:
        log_in(page.context, live_server, organiser)
    path = path.format(r=report_pages)
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200, f"{path}: HTTP {response.status}"
    if submit_empty:
        page.get_by_label(
            "Nombre de participants" if language == "fr" else "Number of participants"
        ).fill("")
        with page.expect_navigation():
            page.locator("main form[method=post] [type=submit]").first.click()
        expect(page.locator("main .form-errors[role=alert]")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == language

    fail_on_problems(page)


def test_an_organiser_writes_a_report_with_the_keyboard_alone(
    page: Page, live_server, report_pages, organiser
):
    from jres.reports.models import EventReport

    log_in(page.context, live_server, organiser)
    page.goto(live_server.url + f"/mes-evenements/{report_pages.fresh.pk}/")
    page.get_by_role("link", name="Faire le bilan").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_label("Nombre de participants").focus()
    page.keyboard.type("27")
    page.get_by_label("Ce qui a marché").focus()
    page.keyboard.type("Les questions écrites sur des cartes.")
    page.get_by_label("Afficher le bilan sur la page de l'événement").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Enregistrer le bilan").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator("main")).to_contain_text("Bilan enregistré. Merci !")
    report = EventReport.objects.get(event=report_pages.fresh)
    assert report.participants == 27 and report.show_on_event_page
    assert report.what_worked == "Les questions écrites sur des cartes."
