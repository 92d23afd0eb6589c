"""The partner authorities' pages, in French and in English: no serious or critical axe-core
violation, one <h1>, a <main> and a skip link; the join form also in its error state. Then
the map's markers are reached with the keyboard and open the partner's page."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ensure_event_vocabulary, log_in, set_language
from tests.browser.test_accessibility import fail_on_problems

LANGUAGES = ["fr", "en"]

# name: (path, who is signed in, submit the form empty)
PAGES = {
    "directory": ("/collectivites/", None, False),
    "directory-filtered": ("/collectivites/?type=empire&region=33", None, False),
    "partner": ("/collectivites/{p.partner.slug}/", None, False),
    "join": ("/collectivites/rejoindre/", None, False),
    "join-errors": ("/collectivites/rejoindre/", None, True),
    "own-page": ("/ma-collectivite/{p.partner.slug}/", "partner_user", False),
    "queue": ("/gestion/collectivites/", "coordinator", False),
    "review": ("/gestion/collectivites/{p.join_request.pk}/", "coordinator", False),
}


@pytest.fixture
def partner_pages(site_data, coordinator, settings, tmp_path):
    from types import SimpleNamespace

    from django.contrib.auth.models import Group

    from jres.partners.models import PartnerKind
    from tests.events.factories import EventFactory, small_france
    from tests.factories import UserFactory
    from tests.partners.factories import JoinRequestFactory, PartnerFactory

    settings.MEDIA_ROOT = tmp_path
    ensure_event_vocabulary()
    france = small_france()
    user = UserFactory(display_name="Paula Partenaire")
    user.groups.add(Group.objects.get_or_create(name="partners")[0])
    partner = PartnerFactory(name="Ville de Bordeaux", commune=france.bordeaux, accounts=[user])
    PartnerFactory(
        name="Département de la Haute-Garonne", kind=PartnerKind.DEPARTMENT,
        department=france.haute_garonne,
    )  # fmt: skip
    EventFactory(edition=site_data, commune=france.bordeaux, title="Débat à Bordeaux")
    return SimpleNamespace(
        partner=partner,
        partner_user=user,
        coordinator=coordinator,
        join_request=JoinRequestFactory(commune=france.merignac),
    )


@pytest.mark.parametrize(
    ("name", "language"),
    [pytest.param(n, lang, id=f"{n}-{lang}") for n in PAGES for lang in LANGUAGES],
)
def test_partner_page_is_accessible(shared_page: Page, live_server, partner_pages, name, language):
    path, who, submit_empty = PAGES[name]
    page = shared_page
    page.context.clear_cookies()
    set_language(page.context, live_server, language)
    if who:
        log_in(page.context, live_server, getattr(partner_pages, who))
    path = path.format(p=partner_pages)
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200, f"{path}: HTTP {response.status}"
    if submit_empty:
        with page.expect_navigation():
            page.locator("main form[method=post] [type=submit]").first.click()
        expect(page.locator("main .form-errors[role=alert]")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == language

    fail_on_problems(page)


def test_the_maps_markers_are_reached_with_the_keyboard(page: Page, live_server, partner_pages):
    page.goto(live_server.url + "/collectivites/")
    markers = page.locator("#partners-map .leaflet-marker-icon")
    expect(markers).to_have_count(2)
    marker = page.locator('#partners-map .leaflet-marker-icon[title="Ville de Bordeaux"]')
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator("#partners-map .map-popup__title")
    expect(link).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Ville de Bordeaux")
