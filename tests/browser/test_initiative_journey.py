"""An initiative from proposal to an event on its model, in a real browser.

An organiser proposes an initiative and submits it; a moderator publishes it; a visitor
finds it in /initiatives/ by a word of its text and a theme, logs in from its page as an
organiser and lands on the event form, prefilled from the initiative.
"""

import re

from playwright.sync_api import Page, expect

from jres.initiatives.models import Initiative, InitiativeStatus
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, UserFactory
from tests.initiatives.factories import ensure_themes

TITLE = "Des binômes étudiants pour les collégiens de Toulouse"


def label(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*$")


def test_from_proposal_to_an_event_on_its_model(
    page: Page, browser, live_server, events_world, organiser, moderator
):
    ensure_themes()
    base = live_server.url

    # The organiser proposes the initiative and submits it.
    log_in(page.context, live_server, organiser)
    page.goto(base + "/mes-initiatives/")
    with page.expect_navigation():
        page.get_by_role("link", name="Proposer une initiative").click()
    page.get_by_label(label("Titre")).fill(TITLE)
    page.get_by_label(label("Résumé")).fill("Une heure par semaine, un étudiant et un élève.")
    page.get_by_label(label("Description")).fill("Des **binômes** tout au long de l'année.")
    page.get_by_label("Mentorat").check()
    page.get_by_label("Collège", exact=True).check()
    page.get_by_label(label("Code postal")).fill("31000")
    page.get_by_label(label("Commune")).fill("Toulouse")
    page.get_by_label(label("Structure porteuse")).fill("Afev Haute-Garonne")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.locator("main")).to_contain_text("Brouillon enregistré")
    with page.expect_navigation():
        page.get_by_role("button", name="Soumettre pour publication").click()
    expect(page.locator("main")).to_contain_text("Initiative envoyée à l'équipe de modération.")
    initiative = Initiative.objects.get(title=TITLE)
    assert initiative.status == InitiativeStatus.SUBMITTED

    # A moderator publishes it.
    moderation = browser.new_context()
    moderator_page = moderation.new_page()
    log_in(moderation, live_server, moderator)
    moderator_page.goto(base + "/moderation/initiatives/")
    with moderator_page.expect_navigation():
        moderator_page.get_by_role("link", name=TITLE).click()
    moderator_page.get_by_label("Publier").check()
    with moderator_page.expect_navigation():
        moderator_page.get_by_role("button", name="Enregistrer la décision").click()
    expect(moderator_page.locator("main")).to_contain_text("Décision enregistrée")
    moderation.close()

    # A visitor finds it, and, signed in as an organiser, starts an event from it.
    visit = browser.new_context()
    visitor = visit.new_page()
    visitor.goto(base + "/initiatives/")
    visitor.get_by_label("Recherche").fill("binômes")
    visitor.get_by_label("Thème").select_option(label="Mentorat")
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Filtrer").click()
    with visitor.expect_navigation():
        visitor.get_by_role("link", name=TITLE).click()
    with visitor.expect_navigation():
        visitor.get_by_role(
            "link", name="Se connecter pour organiser un événement sur ce modèle"
        ).click()
    other = UserFactory(display_name="Olivier Organisateur")
    visitor.locator("input[name=login]").fill(other.email)
    visitor.locator("input[name=password]").fill(PASSWORD)
    with visitor.expect_navigation():
        visitor.locator("main form [type=submit]").first.click()

    assert visitor.url.startswith(base + "/mes-evenements/nouveau/?modele=")
    expect(visitor.get_by_label(label("Titre"))).to_have_value(
        f"Notre événement, sur le modèle de « {TITLE} »"
    )
    expect(visitor.get_by_label(label("Code postal"))).to_have_value("31000")
    expect(visitor.get_by_label(label("Description"))).to_have_value(
        re.compile(re.escape(f"/initiatives/{initiative.slug}/"))
    )
    visit.close()
