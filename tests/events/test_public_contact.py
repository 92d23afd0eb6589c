"""Writing to an event's organiser: delivered with Reply-To, robots and floods kept out."""

import time

import pytest
from django.core import mail

from jres.core.antispam import stamp
from tests.core.html import elements, text
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(current_edition, organiser):
    organiser.language = "fr"
    organiser.save()
    return EventFactory(edition=current_edition, organiser=organiser, title="Atelier devoirs")


def url(event) -> str:
    return f"/evenements/{event.slug}/contact/"


def message(**overrides) -> dict:
    return {
        "name": "Victor Visiteur",
        "email": "victor@example.net",
        "message": "Bonjour, peut-on venir avec des enfants de 8 ans ?",
        "website": "",
        # Served ten seconds ago: a person's pace (core.antispam).
        "started": stamp(at=time.time() - 10),
        **overrides,
    }


def test_the_form_asks_for_a_name_an_address_and_a_message(client, event, organiser):
    response = client.get(url(event))

    content = response.content.decode()
    assert response.status_code == 200
    labelled = {attrs["for"] for attrs in elements(content, "label")}
    assert {"id_name", "id_email", "id_message"} <= labelled
    assert organiser.email not in content


def test_the_message_reaches_the_organiser_with_the_visitor_as_reply_to(client, event, organiser):
    response = client.post(url(event), message())

    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    (sent,) = mail.outbox
    assert sent.to == [organiser.email]
    assert sent.reply_to == ["victor@example.net"]
    assert "Atelier devoirs" in sent.subject and "Victor Visiteur" in sent.subject
    assert "peut-on venir avec des enfants de 8 ans ?" in sent.body
    assert f"http://127.0.0.1:8000/evenements/{event.slug}/" in sent.body
    page = client.get(response["Location"]).content.decode()
    assert "Votre message a été envoyé à l'organisateur." in text(page)


def test_html_in_the_message_is_escaped_in_the_html_e_mail(client, event):
    client.post(url(event), message(message='<a href="https://piege.example">clic</a> <b>gras</b>'))

    (sent,) = mail.outbox
    html, _type = sent.alternatives[0]
    assert '<a href="https://piege.example">' not in html and "<b>" not in html
    assert "&lt;a href=&quot;https://piege.example&quot;&gt;clic&lt;/a&gt;" in html
    assert '<a href="https://piege.example">clic</a>' in sent.body


def test_a_filled_honeypot_is_refused_silently(client, event):
    response = client.post(url(event), message(website="https://spam.example"))

    assert response.status_code == 302
    assert mail.outbox == []
    page = client.get(response["Location"]).content.decode()
    assert "Votre message a été envoyé à l'organisateur." in text(page)


def test_a_form_posted_too_fast_is_refused_silently(client, event):
    response = client.post(url(event), message(started=stamp()))

    assert response.status_code == 302
    assert mail.outbox == []


def test_a_forged_or_missing_timing_stamp_is_refused_silently(client, event):
    client.post(url(event), message(started="1700000000.0:forged"))
    client.post(url(event), message(started=""))

    assert mail.outbox == []


def test_the_honeypot_is_out_of_sight_and_out_of_the_tab_order(client, event):
    content = client.get(url(event)).content.decode()

    trap = next(attrs for attrs in elements(content, "input") if attrs.get("name") == "website")
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    assert '<div class="contact-form__trap" aria-hidden="true">' in content


RATE_LIMIT = 5  # "event_contact": "5/h/ip" in settings


def test_an_address_sends_a_limited_number_of_messages_per_hour(client, event):
    for _number in range(RATE_LIMIT):
        assert client.post(url(event), message()).status_code == 302

    response = client.post(url(event), message(message="Encore un message, le sixième."))

    assert response.status_code == 429
    assert len(mail.outbox) == RATE_LIMIT
    assert "réessayez dans une heure" in text(response.content.decode())
    assert "Encore un message, le sixième." in response.content.decode()
    # Another address is not held back.
    other = client.post(url(event), message(), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302 and len(mail.outbox) == RATE_LIMIT + 1


def test_a_bad_address_shows_the_form_again_with_what_was_typed(client, event):
    response = client.post(url(event), message(email="victor-at-example"))

    content = response.content.decode()
    assert response.status_code == 200
    assert mail.outbox == []
    assert "Saisissez une adresse de courriel valide." in text(content)
    inputs = {attrs.get("name"): attrs.get("value") for attrs in elements(content, "input")}
    assert inputs["email"] == "victor-at-example"
    assert inputs["name"] == "Victor Visiteur"
    assert "peut-on venir avec des enfants de 8 ans ?" in content


def test_a_mail_server_failure_keeps_the_message_typed(client, event, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("jres.events.contact.send_templated_mail", refuse)

    response = client.post(url(event), message())

    assert response.status_code == 503
    assert "Le message n'a pas pu partir." in text(response.content.decode())
    assert "peut-on venir avec des enfants de 8 ans ?" in response.content.decode()


def test_only_published_events_can_be_written_about(client, event):
    event.status = "submitted"
    event.labelled_at = None
    event.save()

    assert client.get(url(event)).status_code == 404
    assert client.post(url(event), message()).status_code == 404
    assert mail.outbox == []
