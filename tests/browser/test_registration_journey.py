"""A registration's whole life, in a real browser against the live server.

A visitor registers to a labelled event with one place left and gets it; a second visitor
registers to the same event, now full, and joins the waiting list. The first one opens the
private link of their confirmation e-mail and cancels: the place goes at once to the second,
who is told by e-mail. Then the same registration in English. Two people, two browser
contexts; e-mails are read from django.core.mail.outbox (the live server runs in this
process, tasks run as soon as the transaction commits).
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from jres.registrations.models import Registration, RegistrationStatus
from tests.browser.conftest import set_language

TITLE = "Soirée des parents au collège"
MANAGE_PATH = re.compile(r"https?://[^\s\"<>]+?(/inscription/([A-Za-z0-9_-]{43})/)")


def label(text: str) -> re.Pattern:
    """A field's label as rendered, whatever the label suffix (":", " :" with a nbsp)."""
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*$")


@pytest.fixture
def one_place_event(organiser):
    """A labelled event of the current edition, ten days ahead, taking registrations on
    the platform, with a capacity of one place."""
    from tests.factories import EditionFactory
    from tests.registrations.conftest import upcoming_event

    edition = EditionFactory(year=2026, number=19, status="open")
    edition.make_current()
    return upcoming_event(edition=edition, organiser=organiser, capacity=1, title=TITLE)


@pytest.fixture
def second_page(browser, browser_context_args):
    """Another visitor: their own browser context (cookies, session)."""
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


def register(page: Page, live_server, event, *, name: str, email: str, texts: dict) -> None:
    """From the event's page, follow its registration link and fill the form as a
    keyboard or screen-reader user finds it: by roles and labels."""
    page.goto(live_server.url + event.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name=texts["register_link"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    page.get_by_label(label(texts["name"])).fill(name)
    page.get_by_label(label(texts["email"])).fill(email)
    who = page.get_by_role("group", name=label(texts["role_group"]))
    who.get_by_role("radio", name=texts["role"], exact=True).check()
    page.get_by_label(label(texts["places"])).fill("1")
    page.get_by_role("checkbox", name=re.compile(texts["consent"])).check()
    with page.expect_navigation():
        page.get_by_role("button", name=texts["submit"], exact=True).click()


FRENCH = {
    "register_link": "S'inscrire",
    "name": "Votre nom",
    "email": "Votre adresse e-mail",
    "role_group": "Vous êtes",
    "role": "Parent",
    "places": "Nombre de places",
    "consent": r"^J'ai lu la politique de confidentialité",
    "submit": "M'inscrire",
}

ENGLISH = {
    "register_link": "Register",
    "name": "Your name",
    "email": "Your email address",
    "role_group": "You are",
    "role": "Teacher",
    "places": "Number of places",
    "consent": r"^I have read the privacy policy",
    "submit": "Register",
}


def messages_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def manage_path(message) -> str:
    """The private link's path (`/inscription/<token>/`), from the text and HTML bodies."""
    found = MANAGE_PATH.search(message.body)
    assert found, f"No private link in the e-mail:\n{message.body}"
    html = message.alternatives[0].content if message.alternatives else ""
    assert found.group(1) in html, "The HTML part lacks the private link of the text part"
    return found.group(1)


def test_a_visitor_registers_cancels_by_the_private_link_and_the_waiting_list_moves_up(
    page: Page, second_page: Page, live_server, one_place_event
):
    event = one_place_event

    # 1. Nadia takes the only place.
    register(page, live_server, event, name="Nadia Parent", email="nadia@example.net",
             texts=FRENCH)  # fmt: skip
    expect(page.get_by_role("heading", name="Mon inscription", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Votre inscription est")).to_have_text(
        "Votre inscription est confirmée. Un e-mail de confirmation vous a été envoyé."
    )
    expect(page.locator(".registration-details")).to_contain_text("Confirmée")
    nadia = Registration.objects.get(event=event, email="nadia@example.net")
    assert (nadia.status, nadia.places, nadia.role) == (RegistrationStatus.CONFIRMED, 1, "parent")

    # 2. Bruno comes next: the page says the event is full; he joins the waiting list.
    second_page.goto(live_server.url + f"/evenements/{event.slug}/inscription/")
    expect(second_page.locator(".registration-places")).to_contain_text(
        "L'événement est complet : en vous inscrivant, vous rejoignez la liste d'attente."
    )
    register(second_page, live_server, event, name="Bruno Suivant", email="bruno@example.net",
             texts=FRENCH)  # fmt: skip
    expect(second_page.get_by_role("heading", name="Mon inscription", level=1)).to_be_visible()
    expect(second_page.locator("main")).to_contain_text(
        "L'événement est complet : vous êtes sur la liste d'attente. Vous recevrez un e-mail "
        "si une place se libère."
    )
    expect(second_page.locator(".registration-details")).to_contain_text("Sur liste d'attente")
    bruno = Registration.objects.get(event=event, email="bruno@example.net")
    assert bruno.status == RegistrationStatus.WAITING
    assert Registration.objects.filter(event=event).confirmed().places() == 1

    # 3. Nadia's confirmation e-mail carries her private link; she cancels through it.
    [confirmation] = messages_to("nadia@example.net")
    assert confirmation.subject == f"Inscription confirmée : « {TITLE} »"
    assert "est confirmée pour 1 place(s)" in confirmation.body
    assert [name for name, _content, _type in confirmation.attachments] == [f"{event.slug}.ics"]
    nadia_link = manage_path(confirmation)
    assert nadia_link == f"/inscription/{nadia.token}/"
    [waiting_mail] = messages_to("bruno@example.net")
    assert waiting_mail.subject == f"Liste d'attente : « {TITLE} »"
    bruno_link = manage_path(waiting_mail)
    assert bruno_link == f"/inscription/{bruno.token}/"

    page.goto(live_server.url + nadia_link)
    expect(page.get_by_role("heading", name="Mon inscription", level=1)).to_be_visible()
    expect(page.locator(".registration-details")).to_contain_text("Nadia Parent")
    with page.expect_navigation():
        page.get_by_role("link", name="Annuler mon inscription").click()
    expect(page.get_by_role("heading", name="Annuler mon inscription", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        f"Voulez-vous vraiment annuler votre inscription à « {TITLE} »"
    )
    with (
        page.expect_navigation(),
        page.expect_response(lambda response: response.request.method == "POST") as posted,
    ):
        page.get_by_role("button", name="Oui, annuler mon inscription").click()
    answer = posted.value
    # The form's answer is a redirect to the private link; anything else (a 403 page) means
    # the cancellation was refused.
    assert answer.status == 302, (
        f"Cancelling answered HTTP {answer.status} "
        f"(the browser sent Origin: {answer.request.header_value('origin')!r}); "
        f"the page says: {page.locator('body').inner_text()!r}"
    )
    expect(page.get_by_role("status").filter(has_text="annulée")).to_have_text(
        "Votre inscription est annulée."
    )
    expect(page.locator(".registration-details")).to_contain_text("Annulée")
    expect(page.get_by_role("link", name="Annuler mon inscription")).to_have_count(0)
    nadia.refresh_from_db()
    assert nadia.status == RegistrationStatus.CANCELLED and nadia.cancelled_at is not None
    assert [m.subject for m in messages_to("nadia@example.net")][1:] == [
        f"Inscription annulée : « {TITLE} »"
    ]

    # 4. The freed place goes to Bruno at once, and he is told so.
    bruno.refresh_from_db()
    assert bruno.status == RegistrationStatus.CONFIRMED and bruno.confirmed_at is not None
    assert Registration.objects.filter(event=event).confirmed().places() == 1
    promoted = messages_to("bruno@example.net")[1:]
    assert [m.subject for m in promoted] == [f"Une place s'est libérée : « {TITLE} »"]
    assert "est maintenant confirmée pour 1 place(s)" in promoted[0].body
    assert manage_path(promoted[0]) == bruno_link
    second_page.goto(live_server.url + bruno_link)
    expect(second_page.locator(".registration-details")).to_contain_text("Confirmée")

    # Nobody was written to but the two of them.
    assert {tuple(m.to) for m in mail.outbox} == {("nadia@example.net",), ("bruno@example.net",)}


def test_a_visitor_registers_in_english(page: Page, live_server, one_place_event):
    event = one_place_event
    set_language(page.context, live_server, "en")

    register(page, live_server, event, name="Emma Teacher", email="emma@example.net",
             texts=ENGLISH)  # fmt: skip
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="My registration", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="registration")).to_have_text(
        "Your registration is confirmed. A confirmation e-mail has been sent to you."
    )
    expect(page.locator(".registration-details")).to_contain_text("Confirmed")
    expect(page.get_by_role("link", name="Cancel my registration")).to_be_visible()

    emma = Registration.objects.get(event=event, email="emma@example.net")
    assert (emma.status, emma.language, emma.role) == ("confirmed", "en", "teacher")
    [confirmation] = mail.outbox
    assert confirmation.to == ["emma@example.net"]
    assert confirmation.subject == f"Registration confirmed: “{TITLE}”"
    assert f"Your registration for “{TITLE}” is confirmed for 1 place(s)." in confirmation.body
    assert manage_path(confirmation) == f"/inscription/{emma.token}/"
