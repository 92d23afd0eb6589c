"""The coordinator decides: accept (partner, account, e-mail) or decline (with a reason)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from jres.accounts.models import User
from jres.partners.models import JoinRequest, JoinRequestStatus, Partner
from tests.factories import PASSWORD, UserFactory
from tests.partners.factories import JoinRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def join_request(france):
    return JoinRequestFactory(commune=france.merignac)


def test_the_queue_is_for_coordinators_only(client, join_request, organiser, moderator):
    url = reverse("partners:queue")
    assert client.get(url).status_code == 302  # to the log-in page
    for user in (organiser, moderator):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(reverse("partners:accept", args=[join_request.pk])).status_code == 404
    assert not Partner.objects.exists()


def test_the_coordinator_sees_the_pending_requests(client, coordinator, join_request):
    client.force_login(coordinator)
    html = client.get(reverse("partners:queue")).content.decode()
    assert "Ville de Mérignac" in html
    html = client.get(reverse("partners:review", args=[join_request.pk])).content.decode()
    assert "jeunesse@merignac.example" in html


def test_a_forged_request_id_is_a_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("partners:review", args=[987654])).status_code == 404
    assert client.post(reverse("partners:accept", args=[987654])).status_code == 404


def test_join_accept_account_then_edit_own_page(client, coordinator, france):
    client.post(
        reverse("partners:join"),
        {"authority_name": "Ville de Mérignac", "kind": "commune", "postal_code": "33700",
         "city": "Mérignac", "contact_name": "Service jeunesse", "contact_role": "Responsable",
         "contact_email": "Jeunesse@Merignac.example", "message": ""},
    )  # fmt: skip
    join_request = JoinRequest.objects.get()
    client.force_login(coordinator)
    mail.outbox.clear()
    response = client.post(reverse("partners:accept", args=[join_request.pk]))
    assert response.status_code == 302

    partner = Partner.objects.get()
    assert partner.name == "Ville de Mérignac" and partner.commune == france.merignac
    user = User.objects.get(email="jeunesse@merignac.example")
    assert user.is_partner and not user.has_usable_password()
    assert list(partner.accounts.all()) == [user]
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.ACCEPTED
    assert join_request.partner == partner and join_request.decided_by == coordinator

    [message] = mail.outbox
    assert message.to == ["jeunesse@merignac.example"]
    assert "Ville de Mérignac" in message.subject
    assert message.alternatives  # HTML too
    link = re.search(r"http://\S+/compte/password/reset/key/\S+", message.body).group(0)

    # The contact person chooses a password from the link, then edits the page.
    client.logout()
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url, {"password1": "une-phrase-de-passe-2026", "password2": "une-phrase-de-passe-2026"}
    )
    assert response.status_code == 302
    assert client.login(email=user.email, password="une-phrase-de-passe-2026")
    response = client.get(reverse("partners:mine"))
    assert response.url == reverse("partners:edit", args=[partner.slug])
    response = client.post(
        response.url,
        {"commitment": "Nous ouvrons nos **médiathèques**.", "contact_name": "Service jeunesse",
         "contact_role": "Responsable", "contact_email": "jeunesse@merignac.example"},
    )  # fmt: skip
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.commitment == "Nous ouvrons nos **médiathèques**."


def test_accepting_links_an_existing_account(client, coordinator, join_request):
    existing = UserFactory(email="jeunesse@merignac.example", display_name="Jeanne")
    client.force_login(coordinator)
    client.post(reverse("partners:accept", args=[join_request.pk]))
    partner = Partner.objects.get()
    assert list(partner.accounts.all()) == [existing]
    existing = User.objects.get(pk=existing.pk)
    assert existing.is_partner and existing.check_password(PASSWORD)
    [message] = mail.outbox
    assert "/compte/password/reset/key/" not in message.body
    assert "/compte/login/" in message.body


def test_a_request_is_decided_once(client, coordinator, join_request):
    client.force_login(coordinator)
    client.post(reverse("partners:accept", args=[join_request.pk]))
    response = client.post(reverse("partners:accept", args=[join_request.pk]), follow=True)
    assert "Cette demande a déjà reçu une réponse." in response.content.decode()
    assert Partner.objects.count() == 1


def test_declining_sends_the_reason_politely(client, coordinator, join_request):
    client.force_login(coordinator)
    mail.outbox.clear()
    reason = (
        "Le réseau réunit des collectivités territoriales ; votre structure est une association."
    )
    response = client.post(reverse("partners:decline", args=[join_request.pk]), {"reason": reason})
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.DECLINED
    assert join_request.decline_reason == reason
    assert (
        not Partner.objects.exists()
        and not User.objects.filter(email=join_request.contact_email).exists()
    )
    [message] = mail.outbox
    assert message.to == [join_request.contact_email]
    assert reason in message.body and "Merci" in message.body


def test_declining_needs_a_reason(client, coordinator, join_request):
    client.force_login(coordinator)
    response = client.post(reverse("partners:decline", args=[join_request.pk]), {"reason": ""})
    assert response.status_code == 400
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING


def test_the_e_mail_is_in_the_requesters_language(client, coordinator, join_request):
    join_request.language = "en"
    join_request.save()
    client.force_login(coordinator)
    client.post(
        reverse("partners:decline", args=[join_request.pk]),
        {"reason": "Only local authorities can join the network."},
    )
    [message] = mail.outbox
    assert message.body.startswith("Hello")
