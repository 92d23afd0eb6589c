"""The team's contact form: Reply-To the visitor, robots and floods kept out."""

import time

import pytest
from django.core import mail

from jres.core.antispam import stamp
from tests.core.html import text
from tests.factories import TeamContactFactory

pytestmark = pytest.mark.django_db


def message(**overrides):
    return {"subject": "Partenariat", "message": "Notre ville voudrait participer.",
            "name": "Victor", "email": "victor@example.net", "website": "",
            "started": stamp(at=time.time() - 10), **overrides}  # fmt: skip


def test_the_message_reaches_the_team_with_the_visitor_as_reply_to(client, settings):
    settings.TEAM_CONTACT_EMAIL = "equipe@example.org"
    TeamContactFactory()

    response = client.post("/contact/", message())

    assert response.status_code == 302
    (sent,) = mail.outbox
    assert sent.to == ["equipe@example.org"] and sent.reply_to == ["victor@example.net"]
    page = client.get("/contact/").content.decode()
    assert "equipe@example.org" not in page
    assert "Votre message a été envoyé" in text(page)


def test_without_the_setting_it_goes_to_the_first_contact(client):
    contact = TeamContactFactory(email="premier@example.org")

    client.post("/contact/", message())

    assert mail.outbox[0].to == [contact.email]


def test_a_form_posted_too_fast_sends_nothing(client):
    assert client.post("/contact/", message(started=stamp())).status_code == 302
    assert mail.outbox == []


def test_a_flood_from_one_address_is_a_429(client):
    statuses = [client.post("/contact/", message()).status_code for _ in range(6)]

    assert statuses[:5] == [302] * 5 and statuses[5] == 429
    assert len(mail.outbox) == 5


def test_html_is_escaped_in_the_html_e_mail(client):
    client.post("/contact/", message(message="<script>alert(1)</script> bonjour"))

    html, _type = mail.outbox[0].alternatives[0]
    assert "<script>" not in html and "&lt;script&gt;" in html
