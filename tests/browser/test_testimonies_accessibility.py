"""Testimonies, volunteers and the team contact form, in French and in English: no serious
or critical axe-core violation, one <h1>, a <main> and a skip link; forms also in their
error state."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, set_language
from tests.browser.test_accessibility import fail_on_problems

LANGUAGES = ["fr", "en"]

# name: (path, who is signed in, submit the form empty)
PAGES = {
    "testimony-list": ("/temoignages/", None, False),
    "testimony-form": ("/temoignages/partager/", None, False),
    "testimony-form-errors": ("/temoignages/partager/", None, True),
    "testimony-withdraw": ("/temoignages/retrait/{w.published.token}/", None, False),
    "testimony-parent": ("/temoignages/autorisation/{w.pending.parent_token}/", None, False),
    "testimony-moderation": ("/moderation/temoignages/", "moderator", False),
    "volunteer-form": ("/benevolat/", None, False),
    "volunteer-form-errors": ("/benevolat/", None, True),
    "volunteer-list": ("/gestion/benevoles/", "coordinator", False),
    "contact-form-errors": ("/contact/", None, True),
}


@pytest.fixture
def testimony_pages(site_data):
    from types import SimpleNamespace

    from django.utils import timezone

    from jres.testimonies.models import Testimony, TestimonyStatus, new_token
    from jres.volunteers.models import Volunteer
    from tests.events.factories import small_france

    france = small_france()

    def testimony(**kwargs):
        return Testimony.objects.create(
            commune=france.bordeaux, role="pupil", consent=True, email="a@example.net",
            **kwargs,
        )  # fmt: skip

    Volunteer.objects.create(name="Camille", email="c@example.net", commune=france.paris,
                             availability="weekly", heard_from="school")  # fmt: skip
    testimony(first_name="Zoé", age_bracket="15_17", text="En attente de relecture.")
    return SimpleNamespace(
        published=testimony(
            first_name="Inès", age_bracket="18_25", text="Le mentorat m'a aidée.",
            status=TestimonyStatus.PUBLISHED, published_at=timezone.now(),
        ),
        pending=testimony(
            first_name="Tom", age_bracket="under_15", text="Mon club de devoirs.",
            parent_email="p@example.net", status=TestimonyStatus.PENDING_PARENT,
            parent_token=new_token(),
        ),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "language"),
    [pytest.param(n, lang, id=f"{n}-{lang}") for n in PAGES for lang in LANGUAGES],
)
def test_testimony_and_volunteer_pages_are_accessible(
    shared_page: Page, live_server, testimony_pages, moderator, coordinator, name, language
):
    path, signed_in, submit_empty = PAGES[name]
    page = shared_page
    page.context.clear_cookies()
    set_language(page.context, live_server, language)
    if signed_in:
        log_in(page.context, live_server, {"moderator": moderator,
                                           "coordinator": coordinator}[signed_in])  # fmt: skip
    path = path.format(w=testimony_pages)
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200, f"{path}: HTTP {response.status}"
    if submit_empty:
        with page.expect_navigation():
            page.locator("main form[method=post] [type=submit]").last.click()
        expect(page.locator("main .form-errors[role=alert]")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == language

    fail_on_problems(page)
