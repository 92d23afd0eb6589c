"""The kit's files at the event's addresses, its links, and the page's Open Graph image."""

import re

import pytest
from django.core.cache import cache

from jres.events.models import EventStatus
from jres.events.structured_data import absolute_url
from jres.posters import content, services
from jres.posters.models import EventKit
from tests.events.factories import EventFactory
from tests.posters.conftest import image, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def _url(event, name: str) -> str:
    return f"/evenements/{event.slug}/{name}"


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_anyone_opens_the_a4_poster_to_print_it(client, event):
    response = client.get(_url(event, "affiche.pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{event.slug}-affiche-a4.pdf"'
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    body = _body(response)
    assert "L'école d'été des parents" in pdf_text(body)
    assert [pytest.approx(size, abs=1) for size in pdf_pages(body)] == [(595.3, 841.9)]


def test_the_a3_poster_is_a3(client, event):
    body = _body(client.get(_url(event, "affiche-a3.pdf")))

    assert [pytest.approx(size, abs=1) for size in pdf_pages(body)] == [(841.9, 1190.6)]


@pytest.mark.parametrize(
    ("name", "size"), [("image-partage.png", (1200, 630)), ("image-carree.png", (1080, 1080))]
)
def test_the_images_are_png_of_their_size(client, event, name, size):
    response = client.get(_url(event, name))

    assert response["Content-Type"] == "image/png"
    assert image(_body(response)).size == size


def test_a_missing_kit_is_built_on_demand_then_served_from_its_files(client, event):
    assert not EventKit.objects.filter(event=event).exists()

    first = _body(client.get(_url(event, "affiche.pdf")))
    kit = EventKit.objects.get(event=event)
    second = _body(client.get(_url(event, "affiche.pdf")))

    assert first == second
    assert EventKit.objects.get(event=event).generated_at == kit.generated_at


def test_the_organiser_s_link_downloads_the_file(client, event):
    response = client.get(_url(event, "image-partage.png") + "?telecharger=1")

    assert response["Content-Disposition"] == (
        f'attachment; filename="{event.slug}-image-partage.png"'
    )


def test_a_browser_that_has_the_file_gets_a_304(client, event):
    etag = client.get(_url(event, "affiche.pdf"))["ETag"]

    response = client.get(_url(event, "affiche.pdf"), headers={"if-none-match": etag})

    assert response.status_code == 304 and response["ETag"] == etag


def test_while_another_process_builds_the_kit_the_visitor_is_asked_to_come_back(client, event):
    cache.add(f"posters:building:{event.pk}", 1, 60)

    response = client.get(_url(event, "affiche.pdf"))

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    assert "L'affiche est en préparation" in response.content.decode()
    assert not EventKit.objects.filter(event=event).exists()


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.SUBMITTED, EventStatus.REFUSED])
def test_an_unpublished_event_has_no_poster_even_for_its_organiser(
    client, current_edition, organiser, status
):
    event = EventFactory(
        edition=current_edition, organiser=organiser, status=status, labelled_at=None
    )
    client.force_login(organiser)

    for name in ("affiche.pdf", "affiche-a3.pdf", "image-partage.png", "image-carree.png"):
        response = client.get(_url(event, name))
        assert response.status_code == 404
        assert response.get("Content-Type", "").startswith("text/html")
    assert not EventKit.objects.filter(event=event).exists()


def test_the_event_page_shares_its_social_image_and_links_the_posters(client, event):
    html = client.get(event.get_absolute_url()).content.decode()

    version = content.fingerprint(content.poster_texts(event))[:12]
    image_url = absolute_url(f"/evenements/{event.slug}/image-partage.png?v={version}")
    assert image_url.startswith("http")
    assert f'<meta property="og:image" content="{image_url}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert f'<meta name="twitter:image" content="{image_url}">' in html
    assert 'content="summary_large_image"' in html
    assert f'href="/evenements/{event.slug}/affiche.pdf"' in html
    assert f'href="/evenements/{event.slug}/affiche-a3.pdf"' in html


def test_the_organiser_downloads_the_kit_from_their_space(client, event, organiser):
    client.force_login(organiser)

    html = client.get(f"/mes-evenements/{event.pk}/").content.decode()

    links = re.findall(r'href="(/evenements/[^"]+\?telecharger=1)" download', html)
    assert sorted(link.split("/")[-1] for link in links) == [
        "affiche-a3.pdf?telecharger=1",
        "affiche.pdf?telecharger=1",
        "image-carree.png?telecharger=1",
        "image-partage.png?telecharger=1",
    ]


def test_before_the_label_the_organiser_is_told_when_the_kit_comes(
    client, current_edition, organiser
):
    event = EventFactory(
        edition=current_edition, organiser=organiser, status=EventStatus.DRAFT, labelled_at=None
    )
    client.force_login(organiser)

    html = client.get(f"/mes-evenements/{event.pk}/").content.decode()

    assert "seront prêtes dès que l'événement sera labellisé" in html
    assert "affiche.pdf" not in html


def test_the_shared_image_s_address_changes_with_the_title(client, event):
    def shared_image(html):
        return re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)

    before = shared_image(client.get(event.get_absolute_url()).content.decode())
    event.title = "Un autre titre"
    event.save()
    after = shared_image(client.get(event.get_absolute_url()).content.decode())

    assert before != after and after.split("?")[0] == before.split("?")[0]


def test_a_stale_kit_is_rebuilt_before_it_is_served(client, event):
    services.build_kit(event.pk)
    # Changed behind the receivers' back, as by a task that has not run yet.
    type(event).objects.filter(pk=event.pk).update(title="Titre corrigé")

    body = _body(client.get(_url(event, "affiche.pdf")))

    assert "Titre corrigé" in pdf_text(body)
