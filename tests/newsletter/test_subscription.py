"""Sign-up with double opt-in, confirmation by a button, the lapse of an unconfirmed link,
and nothing revealed about who is subscribed."""

import datetime
import re
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from jres.core.antispam import stamp
from jres.newsletter.models import Subscriber, SubscriberStatus
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

SUCCESS = "Si cette adresse n&#x27;est pas déjà abonnée"


def sign_up(client, email="lea@example.net", **fields):
    data = {"name": "Léa", "email": email, "consent": "on", "website": "",
            "started": stamp(at=time.time() - 10), **fields}  # fmt: skip
    return client.post("/lettre/", data, follow=True)


def confirmation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/lettre/confirmer/[\w-]+/)", message.body).group(1)


def test_the_page_offers_the_form(client):
    response = client.get("/lettre/")
    assert response.status_code == 200
    assert 'name="email"' in response.text and 'name="consent"' in response.text


def test_a_sign_up_is_pending_until_the_button_of_the_link_is_pressed(client):
    response = sign_up(client)

    assert SUCCESS in response.text
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING and subscriber.name == "Léa"
    assert subscriber.language == "fr" and subscriber.consent_source.endswith("/lettre/")
    [message] = mail.outbox
    assert message.to == ["lea@example.net"] and "Confirmez" in message.subject
    path = confirmation_path(message)
    assert subscriber.confirmation_token in path

    # A mail scanner opening the link confirms nothing.
    page = client.get(path)
    assert "Je confirme mon abonnement" in page.text
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING

    done = client.post(path)
    assert "Abonnement confirmé" in done.text
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED and subscriber.confirmed_at
    assert "Abonnement confirmé" in client.post(path).text  # twice: harmless


def test_the_address_is_stored_in_lower_case_and_counted_once(client):
    sign_up(client, email="Lea@Example.NET")
    sign_up(client, email="lea@example.net")
    assert Subscriber.objects.get().email == "lea@example.net"
    assert len(mail.outbox) == 2  # a fresh link each time for a pending address
    first, second = (confirmation_path(message) for message in mail.outbox)
    assert first != second
    assert client.get(first).status_code == 404  # the older link stops working


def test_a_confirmed_address_signing_up_again_gets_nothing_and_learns_nothing(client):
    SubscriberFactory(email="deja@example.net")
    fresh = sign_up(client, email="nouveau@example.net")
    again = sign_up(client, email="deja@example.net")

    assert SUCCESS in fresh.text and SUCCESS in again.text
    assert [message.to for message in mail.outbox] == [["nouveau@example.net"]]
    assert Subscriber.objects.get(email="deja@example.net").status == SubscriberStatus.CONFIRMED


def test_an_unsubscribed_address_may_subscribe_again_with_a_new_confirmation(client):
    subscriber = SubscriberFactory(email="revient@example.net", status="unsubscribed")
    sign_up(client, email="revient@example.net")
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING
    client.post(confirmation_path(mail.outbox[0]))
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_consent_is_required_and_what_was_typed_is_kept(client):
    response = client.post("/lettre/", {"email": "lea@example.net", "name": "Léa",
                                        "started": stamp(at=time.time() - 10)})  # fmt: skip
    assert response.status_code == 400
    assert 'value="lea@example.net"' in response.text and "Ce champ est obligatoire" in (
        response.text
    )
    assert not Subscriber.objects.exists() and mail.outbox == []


def test_a_bad_address_is_refused_with_a_message(client):
    response = client.post("/lettre/", {"email": "pas une adresse", "consent": "on",
                                        "started": stamp(at=time.time() - 10)})  # fmt: skip
    assert response.status_code == 400 and "adresse de courriel valide" in response.text
    assert not Subscriber.objects.exists()


def test_a_robot_is_answered_as_a_person_and_nothing_is_stored(client):
    response = sign_up(client, website="http://spam.example")
    too_fast = sign_up(client, email="vite@example.net", started=stamp())
    assert SUCCESS in response.text and SUCCESS in too_fast.text
    assert not Subscriber.objects.exists() and mail.outbox == []


def test_hostile_input_is_shown_as_text(client):
    sign_up(client, name="<script>alert(1)</script>")
    subscriber = Subscriber.objects.get()
    page = client.get(confirmation_path(mail.outbox[0]))
    assert "<script>alert(1)" not in page.text
    assert "<script>" not in mail.outbox[0].alternatives[0].content
    assert subscriber.name == "<script>alert(1)</script>"


def test_an_address_is_not_sent_link_after_link(client):
    for _n in range(5):
        sign_up(client, email="cible@example.net")
    assert len(mail.outbox) == 3  # the per-address limit; the page says the same every time


def test_many_sign_ups_from_one_address_are_slowed_down(client):
    for n in range(10):
        sign_up(client, email=f"personne{n}@example.net")
    response = client.post("/lettre/", {"email": "onze@example.net", "consent": "on",
                                        "started": stamp(at=time.time() - 10)})  # fmt: skip
    assert response.status_code == 429 and 'value="onze@example.net"' in response.text
    assert Subscriber.objects.count() == 10


@pytest.mark.parametrize("token", ["inconnu", "x" * 43, "x" * 200])
def test_forged_or_truncated_confirmation_links_are_not_found(client, token):
    subscriber = SubscriberFactory(status="pending")
    assert client.get(f"/lettre/confirmer/{token}/").status_code == 404
    assert client.post(f"/lettre/confirmer/{token}/").status_code == 404
    truncated = subscriber.confirmation_token[:-1]
    assert client.post(f"/lettre/confirmer/{truncated}/").status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING


def test_a_lapsed_link_confirms_nothing_and_the_purge_deletes_it(client):
    old = timezone.now() - datetime.timedelta(days=8)
    lapsed = SubscriberFactory(status="pending", consent_at=old)
    recent = SubscriberFactory(status="pending")
    confirmed = SubscriberFactory(consent_at=old)

    response = client.post(f"/lettre/confirmer/{lapsed.confirmation_token}/")
    assert "Ce lien a expiré" in response.text
    lapsed.refresh_from_db()
    assert lapsed.status == SubscriberStatus.PENDING

    call_command("purge_newsletter_pending", verbosity=0)
    assert set(Subscriber.objects.all()) == {recent, confirmed}
