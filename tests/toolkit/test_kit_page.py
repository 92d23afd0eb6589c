"""The kit page: resources by category, badges, banners' embed code, videos behind a click."""

import datetime

import pytest
from django.utils import timezone

from jres.toolkit.models import Resource
from tests.factories import EditionFactory

from .conftest import make_resource, png

pytestmark = pytest.mark.django_db


def test_kit_lists_published_resources_by_category(client, current_edition):
    make_resource(current_edition, title_fr="Affiche A4")
    make_resource(current_edition, slug="communiques-de-presse", title_fr="Communiqué national")
    make_resource(current_edition, title_fr="Affiche cachée", is_published=False)
    page = client.get("/kit/").content.decode()
    assert "Affiche A4" in page and "Communiqué national" in page
    assert "Affiche cachée" not in page
    assert page.index("Communiqués de presse") > page.index("Affiches")


def test_new_badge_only_on_what_is_recent(client, current_edition):
    old = make_resource(current_edition, title_fr="Ancienne")
    Resource.objects.filter(pk=old.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=31)
    )
    new = make_resource(current_edition, title_fr="Récente")
    page = client.get("/kit/").content.decode()
    old_item = page[page.index(f'id="ressource-{old.pk}"') :][:600]
    new_item = page[page.index(f'id="ressource-{new.pk}"') :][:600]
    assert 'badge--new" hidden' in old_item
    assert 'badge--new">' in new_item


def test_kit_page_sets_no_cookie_and_is_served_from_the_cache(client, current_edition):
    make_resource(current_edition, title_fr="Affiche")
    first = client.get("/kit/")
    assert not first.cookies
    Resource.objects.filter(title_fr="Affiche").update(title_fr="Changée sans signal")
    assert "Affiche" in client.get("/kit/").content.decode()  # the cached copy
    make_resource(current_edition, title_fr="Une autre")  # saved: the counter moves
    assert "Changée sans signal" in client.get("/kit/").content.decode()


def test_banner_comes_with_an_embed_code(client, current_edition, settings):
    settings.SITE_URL = "https://jres.example.org"
    banner = make_resource(current_edition, slug="bannieres-web", content=png((728, 90)),
                           name="banniere.png", title_fr="Bannière 728 × 90")  # fmt: skip
    page = client.get("/kit/").content.decode()
    code = (
        "&lt;a href=&quot;https://jres.example.org/&quot;&gt;&lt;img src=&quot;"
        f"https://jres.example.org/media/{banner.file.name}&quot; width=&quot;728&quot; "
        "height=&quot;90&quot;"
    )
    assert code in page


def test_video_is_a_placeholder_without_any_request_to_its_host(client, current_edition):
    make_resource(current_edition, slug="videos", title_fr="Film",
                  video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")  # fmt: skip
    response = client.get("/kit/")
    page = response.content.decode()
    assert "<iframe" not in page
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page
    assert "img.youtube.com" not in page and "ytimg" not in page
    assert (
        "frame-src https://www.youtube-nocookie.com https://player.vimeo.com"
        in (response["Content-Security-Policy"])
    )


def test_other_pages_frame_nothing(client, current_edition):
    assert "frame-src" not in client.get("/").headers["Content-Security-Policy"]


def test_past_edition_shows_its_barometers_first(client, current_edition):
    past = EditionFactory(year=2024, number=17, status="archived")
    make_resource(past, slug="visuels-logos", content=png(), name="logo.png", title_fr="Logo 2024")
    make_resource(past, slug="barometres", title_fr="Baromètre 2024")
    page = client.get("/kit/2024/").content.decode()
    assert page.index("Baromètre 2024") < page.index("Logo 2024")


def test_draft_edition_and_unknown_year_are_not_found(client, current_edition):
    EditionFactory(year=2027, number=20, status="draft")
    assert client.get("/kit/2027/").status_code == 404
    assert client.get("/kit/2099/").status_code == 404


def test_kit_in_english(client, current_edition):
    make_resource(current_edition, title_fr="Affiche", title_en="Poster")
    client.cookies["django_language"] = "en"
    page = client.get("/kit/").content.decode()
    assert "Poster" in page and "Posters" in page
