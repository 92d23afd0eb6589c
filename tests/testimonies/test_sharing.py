"""Sharing a testimony: the parent's consent under 15, moderation, bad input refused."""

import pytest
from django.core import mail

from jres.core.antispam import stamp
from jres.testimonies import models
from tests.core.html import text
from tests.testimonies.conftest import answers

pytestmark = pytest.mark.django_db

URL = "/temoignages/partager/"


def test_a_testimony_waits_for_moderation_and_mails_a_private_link(client, france):
    response = client.post(URL, answers())

    assert response.status_code == 302
    testimony = models.Testimony.objects.get()
    assert testimony.status == models.TestimonyStatus.SUBMITTED
    assert testimony.commune == france.merignac
    assert len(testimony.token) >= 43  # 256 bits, URL-safe
    (sent,) = mail.outbox
    assert sent.to == ["ines@example.net"]
    assert f"/temoignages/retrait/{testimony.token}/" in sent.body
    assert "Le mentorat" not in text(client.get("/temoignages/").content.decode())


def test_under_15_without_a_parent_address_is_refused_keeping_what_was_typed(client, france):
    response = client.post(URL, answers(age_bracket="under_15", text="Mon histoire à moi"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "l'adresse e-mail d'un parent est nécessaire" in text(content)
    assert "Mon histoire à moi" in content
    assert not models.Testimony.objects.exists() and mail.outbox == []


def test_under_15_is_hidden_from_moderators_until_a_parent_agrees(client, france, moderator):
    client.post(URL, answers(age_bracket="under_15", parent_email="parent@example.net"))
    testimony = models.Testimony.objects.get()
    assert testimony.status == models.TestimonyStatus.PENDING_PARENT
    assert len(testimony.parent_token) >= 43
    parent_mail = next(sent for sent in mail.outbox if sent.to == ["parent@example.net"])
    assert f"/temoignages/autorisation/{testimony.parent_token}/" in parent_mail.body

    client.force_login(moderator)
    assert "Le mentorat" not in client.get("/moderation/temoignages/").content.decode()
    client.logout()
    client.post(f"/temoignages/autorisation/{testimony.parent_token}/", {"decision": "agree"})
    client.force_login(moderator)
    assert "Le mentorat" in client.get("/moderation/temoignages/").content.decode()


def test_a_parent_who_refuses_erases_the_testimony(client, france):
    client.post(URL, answers(age_bracket="under_15", parent_email="parent@example.net"))
    testimony = models.Testimony.objects.get()

    client.post(f"/temoignages/autorisation/{testimony.parent_token}/", {"decision": "refuse"})

    assert not models.Testimony.objects.exists()


def test_a_moderator_publishes_and_it_shows_on_the_list(client, france, moderator):
    client.post(URL, answers())
    testimony = models.Testimony.objects.get()
    client.force_login(moderator)

    client.post(f"/moderation/temoignages/{testimony.pk}/", {"decision": "publish"})
    client.logout()

    testimony.refresh_from_db()
    assert testimony.status == models.TestimonyStatus.PUBLISHED
    page = text(client.get("/temoignages/").content.decode())
    assert "Le mentorat m'a redonné confiance en classe." in page
    assert "ines@example.net" not in page
    assert "Le mentorat" not in text(client.get("/temoignages/?role=teacher").content.decode())


def test_the_queue_is_for_moderators_only(client, organiser):
    client.force_login(organiser)
    assert client.get("/moderation/temoignages/").status_code in {302, 403}


def test_a_video_from_an_unknown_host_is_refused(client, france):
    response = client.post(URL, answers(text="", video_url="https://videos.example.com/w/abc"))

    assert response.status_code == 200
    assert "YouTube, Vimeo ou une instance PeerTube" in text(response.content.decode())
    assert not models.Testimony.objects.exists()


def test_a_youtube_video_is_accepted(client, france):
    client.post(URL, answers(text="", video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"))

    assert models.Testimony.objects.get().video.host == "YouTube"


def test_a_form_posted_too_fast_saves_and_sends_nothing(client, france):
    response = client.post(URL, answers(started=stamp()))

    assert response.status_code == 302
    assert not models.Testimony.objects.exists() and mail.outbox == []


def test_html_in_the_text_is_escaped(client, france, moderator):
    client.post(URL, answers(text="<script>alert('x')</script> <b>gras</b>"))
    client.force_login(moderator)
    client.post(
        f"/moderation/temoignages/{models.Testimony.objects.get().pk}/", {"decision": "publish"}
    )
    client.logout()

    content = client.get("/temoignages/").content.decode()
    assert "<script>alert" not in content and "<b>gras</b>" not in content
    assert "&lt;script&gt;" in content


def test_a_linked_testimony_shows_on_the_event_page_at_once(client, france, moderator):
    from tests.events.factories import EventFactory
    from tests.factories import EditionFactory

    edition = EditionFactory()
    event = EventFactory(edition=edition, commune=france.bordeaux, title="Débat à Bordeaux")
    page = client.get(event.get_absolute_url())  # cached now
    assert f"/temoignages/partager/?evenement={event.slug}" in page.content.decode()
    client.post(f"{URL}?evenement={event.slug}", answers(event=event.slug))
    testimony = models.Testimony.objects.get()
    assert testimony.event == event
    client.force_login(moderator)
    client.post(f"/moderation/temoignages/{testimony.pk}/", {"decision": "publish"})
    client.logout()

    assert "Le mentorat m'a redonné" in text(client.get(event.get_absolute_url()).content.decode())


def test_the_list_costs_the_same_queries_for_any_number(client, france, django_assert_num_queries):
    from django.utils import timezone

    def publish(count):
        for index in range(count):
            models.Testimony.objects.create(
                first_name=f"A{index}", role="parent", age_bracket="26_plus", consent=True,
                commune=france.bordeaux, text="Des mots.", email="a@example.net",
                status=models.TestimonyStatus.PUBLISHED, published_at=timezone.now(),
            )  # fmt: skip

    publish(2)
    with django_assert_num_queries(2) as few:
        client.get("/temoignages/")
    publish(10)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/temoignages/").status_code == 200
