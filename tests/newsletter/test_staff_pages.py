"""The coordinator's pages: who may open them, writing, previewing, sending, following a
sending, and the subscribers' list with its history; query counts that do not grow."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from jres.newsletter.models import Mailing, MailingRecipient, MailingStatus, Segment
from tests.events.factories import EventFactory
from tests.newsletter.factories import MailingFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

FORM = {"subject": "Les inscriptions sont ouvertes", "body": "Bonjour **à tous**",
        "segment": "newsletter", "region": "", "event_status": ""}  # fmt: skip


def pages(mailing: Mailing) -> list[tuple[str, str]]:
    return [
        ("get", "/gestion/messages/"),
        ("get", "/gestion/messages/nouveau/"),
        ("post", "/gestion/messages/nouveau/"),
        ("get", "/gestion/messages/abonnes/"),
        ("get", f"/gestion/messages/{mailing.pk}/"),
        ("get", f"/gestion/messages/{mailing.pk}/modifier/"),
        ("get", f"/gestion/messages/{mailing.pk}/apercu.html"),
        ("post", f"/gestion/messages/{mailing.pk}/test/"),
        ("get", f"/gestion/messages/{mailing.pk}/envoyer/"),
        ("post", f"/gestion/messages/{mailing.pk}/envoyer/"),
        ("post", f"/gestion/messages/{mailing.pk}/reprendre/"),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client):
    SubscriberFactory()
    mailing = MailingFactory()
    for method, path in pages(mailing):
        response = getattr(client, method)(path, FORM)
        assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
    assert Mailing.objects.count() == 1 and mail.outbox == []
    assert mailing.recipients.count() == 0


@pytest.mark.parametrize("who", ["organiser", "moderator"])
def test_organisers_and_moderators_are_refused(client, request, who):
    SubscriberFactory()
    mailing = MailingFactory()
    client.force_login(request.getfixturevalue(who))
    for method, path in pages(mailing):
        assert getattr(client, method)(path, FORM).status_code == 403
    assert Mailing.objects.count() == 1 and mail.outbox == []
    mailing.refresh_from_db()
    assert mailing.is_draft


def test_a_coordinator_writes_previews_and_sends_a_message(client, coordinator):
    subscribers = SubscriberFactory.create_batch(3)
    client.force_login(coordinator)

    response = client.post("/gestion/messages/nouveau/", FORM)
    mailing = Mailing.objects.get()
    assert response["Location"] == f"/gestion/messages/{mailing.pk}/"
    assert mailing.created_by == coordinator and mailing.is_draft

    preview = client.get(f"/gestion/messages/{mailing.pk}/")
    assert "Nombre de destinataires aujourd'hui</dt><dd>3</dd>" in preview.text
    assert f'src="/gestion/messages/{mailing.pk}/apercu.html"' in preview.text
    framed = client.get(f"/gestion/messages/{mailing.pk}/apercu.html")
    assert "<strong>à tous</strong>" in framed.text and "<script" not in framed.text
    # The e-mail's inline styles, and nothing else; framed by the platform's pages only.
    policy = framed["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "frame-ancestors 'self'" in policy and framed["X-Frame-Options"] == "SAMEORIGIN"
    assert "M'envoyer un test" in preview.text

    confirm = client.get(f"/gestion/messages/{mailing.pk}/envoyer/")
    assert "Envoyer à 3 destinataires" in confirm.text
    assert mail.outbox == []

    done = client.post(f"/gestion/messages/{mailing.pk}/envoyer/", follow=True)
    assert "L&#x27;envoi à 3 destinataires a commencé" in done.text
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        subscriber.email for subscriber in subscribers
    )
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT
    assert "3 traités sur 3" in done.text

    # Sent: it can no longer change nor leave again.
    client.post(f"/gestion/messages/{mailing.pk}/modifier/", {**FORM, "subject": "Autre"})
    client.post(f"/gestion/messages/{mailing.pk}/envoyer/")
    mailing.refresh_from_db()
    assert mailing.subject == FORM["subject"] and len(mail.outbox) == 3


def test_an_empty_segment_says_so_and_sends_nothing(client, coordinator, current_edition):
    client.force_login(coordinator)
    client.post("/gestion/messages/nouveau/", {**FORM, "segment": "returning"})
    mailing = Mailing.objects.get()

    preview = client.get(f"/gestion/messages/{mailing.pk}/")
    assert "Ce segment n'a aucun destinataire" in preview.text
    response = client.post(f"/gestion/messages/{mailing.pk}/envoyer/", follow=True)

    assert "Aucun destinataire dans ce segment : rien n&#x27;a été envoyé" in response.text
    mailing.refresh_from_db()
    assert mailing.is_draft and not mailing.recipients.exists() and mail.outbox == []


def test_bad_input_is_refused_with_what_was_typed_kept(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/gestion/messages/nouveau/",
        {**FORM, "subject": "Deux\nlignes", "segment": "tout-le-monde", "body": "x" * 20001},
    )
    assert response.status_code == 200 and not Mailing.objects.exists()
    assert "L&#x27;objet tient sur une seule ligne" in response.text
    assert "Sélectionnez un choix valide" in response.text
    assert "x" * 100 in response.text


def test_region_and_status_narrow_only_the_organisers(client, coordinator, current_edition):
    EventFactory(edition=current_edition)  # in region 75
    client.force_login(coordinator)
    client.post(
        "/gestion/messages/nouveau/",
        {**FORM, "segment": "newsletter", "region": "75", "event_status": "labelled"},
    )
    client.post(
        "/gestion/messages/nouveau/",
        {**FORM, "segment": "organisers", "region": "75", "event_status": "labelled"},
    )
    newsletter, organisers = Mailing.objects.order_by("pk")
    assert newsletter.region_id is None and newsletter.event_status == ""
    assert organisers.region_id == "75" and organisers.event_status == "labelled"
    preview = client.get(f"/gestion/messages/{organisers.pk}/")
    assert "Nouvelle-Aquitaine · Labellisé" in preview.text
    assert "aujourd'hui</dt><dd>1</dd>" in preview.text


def test_the_returning_template_fills_the_suggested_text(client, coordinator, current_edition):
    client.force_login(coordinator)
    response = client.get("/gestion/messages/nouveau/?modele=retour")
    assert "le referez-vous ?" in response.text
    assert 'value="returning" id="id_segment_3" checked' in response.text or (
        'value="returning"' in response.text and "checked" in response.text
    )


def test_the_progress_fragment_for_htmx_and_the_recipients_filter(
    client, coordinator, django_assert_max_num_queries
):
    mailing = MailingFactory(status=MailingStatus.SENDING, started_at=timezone.now())
    MailingRecipient.objects.bulk_create(
        MailingRecipient(mailing=mailing, email=f"r{n}@example.net", message_id=f"<{n}@x>",
                         status="sent" if n % 3 else "pending")
        for n in range(9)
    )  # fmt: skip
    client.force_login(coordinator)

    fragment = client.get(f"/gestion/messages/{mailing.pk}/", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="progress"')
    assert "6 traités sur 9" in fragment.text and "<html" not in fragment.text
    assert 'hx-trigger="every 3s"' in fragment.text

    page = client.get(f"/gestion/messages/{mailing.pk}/?statut=pending")
    assert "3 destinataires" in page.text and "r0@example.net" in page.text
    assert "r1@example.net" not in page.text
    unknown = client.get(f"/gestion/messages/{mailing.pk}/?statut=<script>")
    assert "Statut inconnu : le filtre est ignoré" in unknown.text and "9 destinataires" in (
        unknown.text
    )
    assert "<script>" not in unknown.text.split("<main", 1)[1].split("</main>")[0]


def test_a_stalled_sending_offers_to_resume_and_resuming_sends_the_rest(client, coordinator):
    subscribers = SubscriberFactory.create_batch(2)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    mailing = MailingFactory(status=MailingStatus.SENDING, started_at=long_ago,
                             recipient_count=2)  # fmt: skip
    MailingRecipient.objects.bulk_create(
        MailingRecipient(mailing=mailing, email=subscriber.email, message_id=f"<{n}@x>")
        for n, subscriber in enumerate(subscribers)
    )
    client.force_login(coordinator)

    page = client.get(f"/gestion/messages/{mailing.pk}/")
    assert "L'envoi semble interrompu" in page.text
    response = client.post(f"/gestion/messages/{mailing.pk}/reprendre/", follow=True)

    assert "L&#x27;envoi reprend" in response.text
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subscribers)
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT


def test_the_list_s_queries_do_not_grow_with_mailings(
    client, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    MailingFactory()
    with django_assert_max_num_queries(8) as few:
        client.get("/gestion/messages/")
    for n in range(15):
        mailing = MailingFactory(segment=Segment.ORGANISERS, created_by=coordinator,
                                 status="sent", recipient_count=1)  # fmt: skip
        MailingRecipient.objects.create(mailing=mailing, email=f"x{n}@example.net",
                                        message_id=f"<{n}@x>", status="sent")  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/gestion/messages/")
    assert response.text.count("1 envoyés sur 1") == 15
    assert "16 messages" in response.text


def test_the_subscribers_page_sizes_history_list_and_search(
    client, coordinator, django_assert_max_num_queries
):
    now = timezone.now()
    for n in range(4):
        SubscriberFactory(email=f"confirme{n}@example.net", created_at=now)
    SubscriberFactory(email="attente@example.net", status="pending", created_at=now)
    SubscriberFactory(email="parti@example.net", name="Paul Parti", status="unsubscribed",
                      created_at=now, unsubscribed_at=now)  # fmt: skip
    client.force_login(coordinator)

    with django_assert_max_num_queries(12):
        page = client.get("/gestion/messages/abonnes/")
    text = page.text
    assert '<th scope="row">Abonné·e</th><td>4</td>' in text
    assert '<th scope="row">En attente de confirmation</th><td>1</td>' in text
    assert '<th scope="row">Désabonné·e</th><td>1</td>' in text
    month = now.strftime("%Y")
    assert f"{month}</th><td>6</td><td>4</td><td>1</td>" in text
    assert "6 adresses" in text

    found = client.get("/gestion/messages/abonnes/?q=paul")
    assert "1 adresse" in found.text and "parti@example.net" in found.text
    unknown = client.get("/gestion/messages/abonnes/?statut=inconnu")
    assert "Un filtre inconnu a été ignoré" in unknown.text and "6 adresses" in unknown.text

    for n in range(60):
        SubscriberFactory(email=f"plus{n}@example.net")
    with django_assert_max_num_queries(12):
        more = client.get("/gestion/messages/abonnes/?page=2")
    assert "Page 2 sur 2" in more.text


def test_a_sending_s_page_queries_do_not_grow_with_recipients(
    client, coordinator, django_assert_max_num_queries
):
    mailing = MailingFactory(status=MailingStatus.SENDING, started_at=timezone.now())
    client.force_login(coordinator)

    def add(first: int, count: int) -> None:
        MailingRecipient.objects.bulk_create(
            MailingRecipient(mailing=mailing, email=f"r{n}@example.net", message_id=f"<{n}@x>",
                             status="sent", sent_at=timezone.now())
            for n in range(first, first + count)
        )  # fmt: skip

    add(0, 3)
    # 15: the first staff request after the cache is cleared also checks the second factor.
    with django_assert_max_num_queries(15) as few:
        client.get(f"/gestion/messages/{mailing.pk}/")
        client.get(f"/gestion/messages/{mailing.pk}/", headers={"HX-Request": "true"})
    add(3, 120)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(f"/gestion/messages/{mailing.pk}/")
        fragment = client.get(f"/gestion/messages/{mailing.pk}/", headers={"HX-Request": "true"})
    assert "123 destinataires" in page.text and "Page 1 sur 3" in page.text
    assert "123 traités sur 123" in fragment.text
