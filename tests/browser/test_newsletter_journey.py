"""The newsletter's whole loop, in a real browser against the live server.

A visitor subscribes at /lettre/, reads the confirmation e-mail, opens its link and presses
the button; a coordinator writes a newsletter, previews it and sends it; the visitor gets it
and unsubscribes from its link in one click. E-mails are read from django.core.mail.outbox
(the live server runs in this process, tasks run as soon as the transaction commits).
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from jres.core import antispam
from jres.newsletter.models import Subscriber, SubscriberStatus
from tests.browser.conftest import log_in

CONFIRM = re.compile(r"https?://[^\s\"<>]+?(/lettre/confirmer/[\w-]{43}/)")
UNSUBSCRIBE = re.compile(r"https?://[^\s\"<>]+?(/lettre/desabonnement/[\w-]{43}/)")
VISITOR = "lecteur@example.net"


def label(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*$")


@pytest.fixture
def coordinator_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


def messages_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def test_subscribe_confirm_receive_and_unsubscribe_in_one_click(
    page: Page, coordinator_page: Page, live_server, site_data, coordinator, monkeypatch
):
    monkeypatch.setattr(antispam, "MIN_SECONDS", 0)

    # The visitor subscribes.
    page.goto(live_server.url + "/lettre/")
    page.get_by_label(label("Votre prénom ou votre nom (facultatif)")).fill("Lou")
    page.get_by_label(label("Votre adresse e-mail")).fill(VISITOR)
    page.get_by_role("checkbox", name=re.compile("^J'accepte de recevoir")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="M'abonner", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("cliquez sur le lien")
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING

    # The confirmation e-mail's link, then its button.
    [confirmation] = messages_to(VISITOR)
    path = CONFIRM.search(confirmation.body).group(1)
    page.goto(live_server.url + path)
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING  # opening is not enough
    with page.expect_navigation():
        page.get_by_role("button", name="Je confirme mon abonnement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Abonnement confirmé")
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED

    # The coordinator writes, previews and sends.
    staff = coordinator_page
    log_in(staff.context, live_server, coordinator)
    staff.goto(live_server.url + "/gestion/messages/nouveau/")
    staff.get_by_label(label("Objet")).fill("Les inscriptions sont ouvertes")
    staff.get_by_label(label("Message")).fill("Bonjour,\n\nProposez **votre** événement.")
    staff.get_by_role("radio", name="Abonné·e·s à la lettre d'information").check()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Enregistrer et voir l'aperçu").click()
    preview = staff.frame_locator("iframe.mail-preview")
    expect(preview.locator("strong", has_text="votre")).to_be_visible()
    with staff.expect_navigation():
        staff.get_by_role("link", name="Envoyer…").click()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Envoyer à 1 destinataire").click()
    expect(staff.get_by_role("heading", name="Progression")).to_be_visible()
    expect(staff.locator("#progress")).to_contain_text("1 traités sur 1")

    # The visitor gets it and leaves in one click.
    [newsletter] = [
        m for m in messages_to(VISITOR) if m.subject == "Les inscriptions sont ouvertes"
    ]
    assert newsletter.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = UNSUBSCRIBE.search(newsletter.body).group(1)
    page.goto(live_server.url + path)
    with page.expect_navigation():
        page.get_by_role("button", name="Me désabonner").click()
    expect(page.get_by_role("status")).to_contain_text("Vous êtes désabonné·e")
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED
