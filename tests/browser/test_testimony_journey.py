"""A pupil under 15 shares a testimony, in a real browser against the live server.

It stays unpublished, and out of the moderators' queue, until a parent follows the private
link of their e-mail and agrees; a moderator then publishes it and it shows on
/temoignages/. The pupil follows the withdrawal link of their e-mail and confirms: the
testimony disappears, and no table of the database still holds its words or addresses.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from jres.core import antispam
from jres.testimonies import models
from tests.browser.conftest import log_in
from tests.testimonies.test_withdrawal import traces

WORDS = "Le club de devoirs du mercredi m'a fait aimer le collège 9c1e."
LINK = re.compile(r"https?://[^\s\"<>]+?(/temoignages/(?:autorisation|retrait)/[A-Za-z0-9_-]{43}/)")


def label(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*$")


@pytest.fixture
def world(site_data, moderator, monkeypatch):
    from tests.events.factories import small_france

    # A person types slower than this test: the timing check would take it for a robot.
    monkeypatch.setattr(antispam, "MIN_SECONDS", 0)
    return small_france()


def link_sent_to(address: str) -> str:
    sent = [message for message in mail.outbox if message.to == [address]]
    return LINK.search(sent[-1].body).group(1)


def test_an_under_15_testimony_waits_for_a_parent_then_is_published_then_erased(
    page: Page, live_server, world, moderator
):
    page.goto(live_server.url + "/temoignages/partager/")
    page.get_by_label(label("Témoignage")).fill(WORDS)
    page.get_by_label(label("Prénom ou initiales")).fill("Tom")
    page.get_by_label(label("Vous êtes")).select_option("pupil")
    page.get_by_label(label("Âge")).select_option("under_15")
    page.get_by_label(label("Code postal ou code INSEE de la commune")).fill("33700")
    page.get_by_label(label("Votre adresse e-mail")).fill("tom.9c1e@example.net")
    page.get_by_label(label("E-mail d'un parent")).fill("parent.9c1e@example.net")
    page.get_by_label(re.compile("J'accepte que ce témoignage soit publié")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer mon témoignage").click()
    expect(page.locator("main")).not_to_contain_text(WORDS)
    testimony = models.Testimony.objects.get()
    assert testimony.status == models.TestimonyStatus.PENDING_PARENT

    # Not yet in the moderators' queue.
    log_in(page.context, live_server, moderator)
    page.goto(live_server.url + "/moderation/temoignages/")
    expect(page.locator("main")).to_contain_text("Aucun témoignage n'attend de décision.")
    page.context.clear_cookies()

    # The parent agrees through the private link of their e-mail.
    page.goto(live_server.url + link_sent_to("parent.9c1e@example.net"))
    with page.expect_navigation():
        page.get_by_role("button", name="Je donne mon accord").click()
    expect(page.locator("main")).to_contain_text("Vous avez donné votre accord.")

    log_in(page.context, live_server, moderator)
    page.goto(live_server.url + "/moderation/temoignages/")
    expect(page.locator("main")).to_contain_text(WORDS)
    with page.expect_navigation():
        page.get_by_role("button", name="Publier").click()
    page.context.clear_cookies()

    page.goto(live_server.url + "/temoignages/")
    expect(page.locator("main")).to_contain_text(WORDS)
    expect(page.locator("main")).not_to_contain_text("9c1e@example.net")

    # The pupil withdraws it through the link of their e-mail.
    page.goto(live_server.url + link_sent_to("tom.9c1e@example.net"))
    with page.expect_navigation():
        page.get_by_role("button", name="Retirer et effacer mon témoignage").click()
    expect(page.locator("main")).to_contain_text("il n'en reste aucune trace")
    page.goto(live_server.url + "/temoignages/")
    expect(page.locator("main")).not_to_contain_text(WORDS)
    assert not models.Testimony.objects.exists()
    assert traces("9c1e", testimony.token, testimony.parent_token) == []
