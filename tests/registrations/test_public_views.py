"""The registration page, the private link and the parent's consent, seen by a visitor."""

import datetime

import pytest
from django.utils import timezone

from jres.registrations.models import Registration, RegistrationStatus
from tests.core.html import elements, text
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def url(event) -> str:
    return f"/evenements/{event.slug}/inscription/"


def form(**overrides) -> dict:
    return {
        "name": "Nadia Parent",
        "email": "nadia@example.net",
        "role": "parent",
        "places": "2",
        "parent_email": "",
        "consent": "on",
        **overrides,
    }


def test_the_event_page_links_to_the_registration_page_without_a_form(client, event):
    content = client.get(event.get_absolute_url()).content.decode()

    assert f'href="{url(event)}"' in content
    # The page is cached for anonymous visitors: nothing of the form, nor a live count.
    article = content.split('<article class="container event-page">', 1)[1].split("</article>")[0]
    assert "<form" not in article and "csrfmiddlewaretoken" not in article
    assert "Il reste" not in article


def test_the_event_page_has_no_link_without_registration_on_the_platform(client, event):
    event.registration_mode = "none"
    event.save()

    assert url(event) not in client.get(event.get_absolute_url()).content.decode()


def test_the_form_labels_every_field_and_shows_the_places_left(client, event):
    response = client.get(url(event))

    content = response.content.decode()
    assert response.status_code == 200
    labelled = {attrs.get("for") for attrs in elements(content, "label")}
    assert {"id_name", "id_email", "id_places", "id_parent_email", "id_consent"} <= labelled
    assert "Il reste 3 places." in text(content)


def test_registering_confirms_and_opens_the_private_page(client, event, mailoutbox, deliver):
    with deliver():
        response = client.post(url(event), form())

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/inscription/{registration.token}/"
    assert registration.status == RegistrationStatus.CONFIRMED and registration.places == 2
    assert registration.language == "fr"
    page = text(client.get(response["Location"]).content.decode())
    assert "Votre inscription est confirmée." in page
    assert [message.to for message in mailoutbox] == [["nadia@example.net"]]


def test_a_double_click_gives_one_registration_and_a_clear_message(client, event):
    client.post(url(event), form())
    second = client.post(url(event), form(), follow=True)

    assert Registration.objects.count() == 1
    assert "déjà inscrite à cet événement" in text(second.content.decode())
    # The second answer never shows the first registration's private link.
    assert Registration.objects.get().token not in second.content.decode()


def test_a_full_event_puts_people_on_the_waiting_list(client, event):
    RegistrationFactory(event=event, places=3)

    page = text(client.get(url(event)).content.decode())
    response = client.post(url(event), form(email="late@example.net", places="1"), follow=True)

    assert "complet" in page
    assert Registration.objects.get(email="late@example.net").status == "waiting"
    assert "liste d'attente" in text(response.content.decode())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "nadia-at-example"}, "Saisissez une adresse de courriel valide."),
        ({"places": "0"}, "supérieure ou égale à 1"),
        ({"places": "9"}, "inférieure ou égale à 4"),
        ({"places": "beaucoup"}, "Saisissez un nombre entier."),
        ({"consent": ""}, "Acceptez la politique de confidentialité"),
        ({"role": "pupil", "is_under_15": "on"}, "il faut l'accord d'un parent"),
        ({"name": ""}, "Ce champ est obligatoire."),
    ],
)
def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, event, data, message):
    response = client.post(url(event), form(**data))

    content = response.content.decode()
    assert response.status_code == 200
    assert message in text(content)
    assert not Registration.objects.exists()
    inputs = {attrs.get("name"): attrs.get("value") for attrs in elements(content, "input")}
    assert (inputs["name"] or "") == form(**data)["name"]
    assert inputs["email"] == form(**data)["email"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "cancelled"}, "Cet événement est annulé"),
        ({"is_public": False}, "n'est pas ouvert au public"),
        ({"registration_mode": "none"}, "ne prend pas d'inscriptions"),
    ],
)
def test_a_closed_event_says_why_and_takes_no_registration(client, event, change, message):
    for name, value in change.items():
        setattr(event, name, value)
    event.save()

    page = client.get(url(event))
    response = client.post(url(event), form())

    assert message in text(page.content.decode())
    assert "<form" not in page.content.decode().split("<main", 1)[-1]
    assert response.status_code == 200 and message in text(response.content.decode())
    assert not Registration.objects.exists()


def test_a_past_event_takes_no_registration(client, event):
    event.starts_at = timezone.now() - datetime.timedelta(days=1)
    event.ends_at = event.starts_at + datetime.timedelta(hours=2)
    event.save()

    response = client.post(url(event), form())

    assert "déjà eu lieu" in text(response.content.decode())
    assert not Registration.objects.exists()


def test_an_unpublished_event_has_no_registration_page(client, event):
    event.status = "draft"
    event.labelled_at = None
    event.save()

    assert client.get(url(event)).status_code == 404


def test_the_private_link_changes_places_and_cancels(client, event):
    registration = RegistrationFactory(event=event, places=1)
    page = f"/inscription/{registration.token}/"

    assert client.post(page, {"places": "2"}).status_code == 302
    registration.refresh_from_db()
    assert registration.places == 2

    confirm = client.get(f"{page}annuler/")
    assert confirm.status_code == 200
    registration.refresh_from_db()
    assert registration.status == "confirmed"  # opening the link cancels nothing
    client.post(f"{page}annuler/")
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_too_many_places_on_the_private_page_is_a_clear_error(client, event):
    registration = RegistrationFactory(event=event, places=1)
    RegistrationFactory(event=event, places=2)

    response = client.post(f"/inscription/{registration.token}/", {"places": "3"})

    assert response.status_code == 200
    assert "Il ne reste pas assez de places" in text(response.content.decode())
    registration.refresh_from_db()
    assert registration.places == 1


@pytest.mark.parametrize("mangle", [lambda t: t[:-1], lambda t: t[:20], lambda t: "x" * 43])
def test_a_wrong_or_truncated_token_is_a_404(client, event, mangle):
    registration = RegistrationFactory(event=event)
    registration.parent_token = "p" * 43
    registration.save()
    forged = mangle(registration.token)

    assert client.get(f"/inscription/{forged}/").status_code == 404
    assert client.post(f"/inscription/{forged}/annuler/").status_code == 404
    assert client.get(f"/inscription/{forged}/autorisation/").status_code == 404
    # The registrant's own token is not the parent's.
    assert client.post(f"/inscription/{registration.token}/autorisation/").status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_the_parent_confirms_by_following_the_link(client, event, mailoutbox, deliver):
    with deliver():
        client.post(url(event), form(role="pupil", is_under_15="on",
                                     parent_email="maman@example.net", places="1"))  # fmt: skip
    registration = Registration.objects.get()
    assert registration.status == "pending_parent"
    [to_pupil, to_parent] = mailoutbox
    assert to_parent.to == ["maman@example.net"]
    consent_url = f"/inscription/{registration.parent_token}/autorisation/"
    assert f"http://127.0.0.1:8000{consent_url}" in to_parent.body
    assert registration.parent_token not in to_pupil.body

    assert client.get(consent_url).status_code == 200
    registration.refresh_from_db()
    assert registration.status == "pending_parent"
    client.post(consent_url)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_one_click_unsubscribe_keeps_the_registration(client, event):
    registration = RegistrationFactory(event=event)

    response = client.post(
        f"/inscription/{registration.token}/desabonnement/",
        {"List-Unsubscribe": "One-Click"},
    )

    assert response.status_code == 204
    registration.refresh_from_db()
    assert registration.wants_news is False and registration.status == "confirmed"


def test_the_pages_are_in_english_for_an_english_visitor(client, event):
    client.cookies["django_language"] = "en"

    content = text(client.get(url(event)).content.decode())

    assert "3 places left." in content


def test_private_pages_keep_their_token_from_other_sites_but_not_from_their_own_forms(
    client, event
):
    """`no-referrer` would make browsers send `Origin: null` with the page's forms, which
    Django's CSRF check refuses; `same-origin` keeps the token from other sites only."""
    registration = RegistrationFactory(event=event)
    for url in (
        f"/inscription/{registration.token}/",
        f"/inscription/{registration.token}/annuler/",
    ):
        metas = elements(client.get(url).content.decode(), "meta")
        policies = [attrs["content"] for attrs in metas if attrs.get("name") == "referrer"]
        assert policies == ["same-origin"], url


def test_an_address_registering_again_and_again_is_held_back(client, event):
    event.capacity = 100
    event.save()
    for number in range(10):  # "10/m/ip" in settings
        response = client.post(url(event), form(email=f"p{number}@example.net", places="1"))
        assert response.status_code == 302

    response = client.post(url(event), form(email="onze@example.net", name="Onzième Essai"))

    assert response.status_code == 429
    assert "réessayez un peu plus tard" in text(response.content.decode())
    assert 'value="Onzième Essai"' in response.content.decode()
    assert not Registration.objects.filter(email="onze@example.net").exists()
    # Someone else, on another connection, is not held back.
    other = client.post(url(event), form(email="onze@example.net"), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302
    assert Registration.objects.filter(email="onze@example.net").exists()


def pupil_request(client, event, **overrides):
    client.post(
        url(event),
        form(role="pupil", is_under_15="on", parent_email="maman@example.net", places="1",
             **overrides),
    )  # fmt: skip
    return Registration.objects.get(status="pending_parent")


def test_the_parent_is_told_how_long_the_link_lasts(client, event, mailoutbox, deliver):
    with deliver():
        registration = pupil_request(client, event)

    to_parent = next(message for message in mailoutbox if message.to == ["maman@example.net"])
    deadline = timezone.localdate(registration.created_at + datetime.timedelta(days=7))
    assert f"Ce lien est valable jusqu'au {deadline.day} " in to_parent.body


def test_a_lapsed_consent_link_says_so_and_confirms_nothing(client, event):
    registration = pupil_request(client, event)
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    consent_url = f"/inscription/{registration.parent_token}/autorisation/"

    page = text(client.get(consent_url).content.decode())
    assert "elle a expiré" in page
    assert "Je donne mon accord" not in page
    response = client.post(consent_url, follow=True)

    assert "Ce lien a expiré" in text(response.content.decode())
    registration.refresh_from_db()
    assert registration.status == "pending_parent" and registration.confirmed_at is None


def test_a_pupil_whose_request_lapsed_may_ask_again(client, event, mailoutbox, deliver):
    old = pupil_request(client, event)
    Registration.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )

    with deliver():
        response = client.post(
            url(event),
            form(role="pupil", is_under_15="on", parent_email="papa@example.net", places="1"),
        )

    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == "cancelled"
    new = Registration.objects.get(status="pending_parent")
    assert new.parent_email == "papa@example.net"
    assert any(message.to == ["papa@example.net"] for message in mailoutbox)


def test_no_consent_once_the_event_is_cancelled(client, event):
    registration = pupil_request(client, event)
    event.status = "cancelled"
    event.save()

    response = client.post(f"/inscription/{registration.parent_token}/autorisation/", follow=True)

    assert "il n'y a plus d'accord à donner" in text(response.content.decode())
    registration.refresh_from_db()
    assert registration.status == "pending_parent"
