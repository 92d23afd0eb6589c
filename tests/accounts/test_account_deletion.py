"""/compte/supprimer/: an account deletes itself with its password and a typed word; what
must be done first is said; afterwards nobody signs in with it."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from jres.accounts.deletion import DELETED_NAME, DeletionRefused, blockers, delete_account
from jres.accounts.models import User
from jres.accounts.scrubbing import Scrubber
from jres.events.models import Event, EventStatus
from tests.core.html import text
from tests.events.factories import EventFactory
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

URL = "/compte/supprimer/"


def post(client, password=PASSWORD, confirmation="SUPPRIMER"):
    return client.post(URL, {"password": password, "confirmation": confirmation})


def upcoming(edition, organiser, **fields):
    starts_at = timezone.now() + datetime.timedelta(days=3)
    return EventFactory(
        edition=edition,
        organiser=organiser,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        **fields,
    )


def test_the_profile_links_to_the_page_which_says_what_goes_and_what_stays(client, organiser):
    client.force_login(organiser)

    assert URL in client.get("/compte/profil/").content.decode()
    page = text(client.get(URL).content.decode())

    assert "Ce qui disparaît" in page and "Ce qui reste, sans vous" in page
    assert "Vos événements publiés restent ceux de votre organisation" in page
    assert "Pour confirmer, tapez SUPPRIMER" in page
    assert "Supprimer définitivement mon compte" in page


def test_the_account_goes_and_its_holder_is_signed_out(client, organiser):
    client.force_login(organiser)
    address = organiser.email

    response = post(client, confirmation=" supprimer ")

    assert response.status_code == 302 and response["Location"] == "/"
    page = text(client.get("/").content.decode())
    assert "Votre compte a été supprimé" in page
    assert client.get("/compte/profil/").status_code == 302
    user = User.objects.get(pk=organiser.pk)
    assert user.is_deleted and not user.is_active and not user.has_usable_password()
    assert (user.display_name, user.organisation) == (DELETED_NAME, "")
    assert address not in user.email and user.email.endswith(".invalid")
    # The address is free again: nobody signs in with it, anyone may sign up with it.
    login = Client().post("/compte/login/", {"login": address, "password": PASSWORD})
    assert login.status_code == 200 and "_auth_user_id" not in login.client.session
    assert not User.objects.filter(email__iexact=address).exists()


def test_a_wrong_password_deletes_nothing(client, organiser):
    client.force_login(organiser)

    response = post(client, password="pas-le-bon-mot-de-passe")

    assert "Ce mot de passe n'est pas le bon." in text(response.content.decode())
    organiser.refresh_from_db()
    assert not organiser.is_deleted and organiser.is_active


def test_the_word_must_be_typed(client, organiser):
    client.force_login(organiser)

    response = post(client, confirmation="oui")

    assert "Tapez le mot SUPPRIMER pour confirmer." in text(response.content.decode())
    organiser.refresh_from_db()
    assert not organiser.is_deleted


def test_password_guesses_here_count_as_failed_log_ins(client, organiser):
    """A session left open does not let anyone try passwords without end."""
    client.force_login(organiser)
    for _attempt in range(5):
        post(client, password="devinette")

    response = post(client)  # the right one, too late

    assert "Trop de tentatives de connexion échouées" in text(response.content.decode())
    organiser.refresh_from_db()
    assert not organiser.is_deleted


def test_events_to_come_must_be_cancelled_first(client, organiser, current_edition):
    upcoming(current_edition, organiser, title="Forum de rentrée")
    client.force_login(organiser)

    page = text(client.get(URL).content.decode())
    refused = post(client)

    assert "annulez-les d'abord" in page and "« Forum de rentrée »" in page
    assert "Supprimer définitivement mon compte" not in page
    assert "« Forum de rentrée »" in text(refused.content.decode())
    organiser.refresh_from_db()
    assert not organiser.is_deleted


def test_drafts_and_cancelled_events_do_not_stop_it(client, organiser, current_edition):
    upcoming(current_edition, organiser, status=EventStatus.DRAFT, labelled_at=None)
    cancelled = upcoming(current_edition, organiser, status=EventStatus.CANCELLED)
    client.force_login(organiser)

    assert post(client).status_code == 302

    assert list(Event.objects.filter(organiser=organiser)) == [cancelled]


def test_the_last_coordinator_cannot_leave_the_platform_without_one(coordinator):
    assert any("dernier compte de la coordination" in reason for reason in blockers(coordinator))
    with pytest.raises(DeletionRefused):
        delete_account(user=coordinator)
    coordinator.refresh_from_db()
    assert not coordinator.is_deleted

    UserFactory(groups=["coordinators"])

    assert blockers(coordinator) == []
    delete_account(user=coordinator)
    coordinator.refresh_from_db()
    assert coordinator.is_deleted
    assert not coordinator.groups.exists() and not coordinator.is_staff


def test_a_deleted_account_is_never_a_coordinator_left(coordinator):
    other = UserFactory(groups=["coordinators"])
    delete_account(user=other)

    assert blockers(coordinator) != []


def test_deleting_twice_changes_nothing(organiser):
    delete_account(user=organiser)
    organiser.refresh_from_db()
    email = organiser.email

    assert delete_account(user=organiser) == {}
    organiser.refresh_from_db()
    assert organiser.email == email


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = post(client)

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_only_the_whole_name_and_addresses_leave_the_texts_that_stay():
    scrub = Scrubber(name="Léa Roux", addresses={"lea.roux@example.net"})

    assert scrub.text("Léa Roux") == ""
    assert scrub.text("Avec LÉA ROUX et Léa Rousseau.") == "Avec […] et Léa Rousseau."
    assert scrub.text("Écrire à Lea.Roux@Example.net") == "Écrire à […]"
    assert scrub.text("<p>L&#x27;équipe de Léa Roux</p>") == "<p>L&#x27;équipe de […]</p>"
    assert scrub.data({"q": ["Léa Roux", 3]}) == {"q": ["", 3]}
