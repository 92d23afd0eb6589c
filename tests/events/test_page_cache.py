"""Public pages of events are cached for anonymous visitors and never shown stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jres.events import services
from jres.events.models import EventStatus
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

LIST = "/evenements/"


@pytest.fixture
def event(current_edition, organiser, france):
    return EventFactory(
        edition=current_edition, organiser=organiser, commune=france.bordeaux,
        title="Débat sur la réussite de tous",
    )  # fmt: skip


def queries(client, url, **kwargs) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


@pytest.mark.parametrize("which", ["list", "detail"])
def test_a_second_anonymous_visit_is_served_from_the_cache(client, event, which):
    url = LIST if which == "list" else event.get_absolute_url()
    first_count, first = queries(client, url)
    second_count, second = queries(client, url)

    assert second == first
    assert "Débat sur la réussite de tous" in second
    assert first_count > 1
    assert second_count == 1  # the data's generation, nothing else


def test_anonymous_pages_set_no_cookie(client, event):
    for url in (LIST, event.get_absolute_url()):
        response = client.get(url)
        assert not response.cookies, url
        assert "csrfmiddlewaretoken" not in response.content.decode()


@pytest.mark.parametrize("which", ["list", "detail"])
def test_an_edit_shows_at_once(client, event, organiser, which):
    url = LIST if which == "list" else event.get_absolute_url()
    client.get(url)

    event.local_partners = "Médiathèque de quartier"
    event.title = "Débat renommé"
    event.save()

    assert "Débat renommé" in client.get(url).content.decode()


def test_a_newly_labelled_event_joins_the_cached_list(client, event, moderator, current_edition):
    other = EventFactory(
        edition=current_edition, title="Atelier en attente", status=EventStatus.SUBMITTED,
        labelled_at=None,
    )  # fmt: skip
    assert "Atelier en attente" not in client.get(LIST).content.decode()

    services.label_event(
        event=other,
        by=moderator,
        checked_items=current_edition.charter_items.values_list("pk", flat=True),
    )

    assert "Atelier en attente" in client.get(LIST).content.decode()


def test_a_page_not_found_is_not_kept(client, current_edition, moderator):
    event = EventFactory(edition=current_edition, status=EventStatus.SUBMITTED, labelled_at=None)
    assert client.get(event.get_absolute_url()).status_code == 404

    services.label_event(
        event=event,
        by=moderator,
        checked_items=current_edition.charter_items.values_list("pk", flat=True),
    )

    assert client.get(event.get_absolute_url()).status_code == 200


def test_languages_have_their_own_copies(client, event):
    french = client.get(LIST).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(LIST).content.decode()

    assert 'lang="fr"' in french
    assert 'lang="en"' in english


def test_the_htmx_fragment_and_the_page_are_kept_apart(client, event):
    page = client.get(LIST).content.decode()
    fragment = client.get(LIST, headers={"HX-Request": "true"}).content.decode()
    page_again = client.get(LIST).content.decode()

    assert "<html" in page and "<html" in page_again
    assert "<html" not in fragment
    assert "Débat sur la réussite de tous" in fragment


def test_filters_have_their_own_copies(client, event, current_edition, france):
    EventFactory(edition=current_edition, commune=france.paris, title="Conférence à Paris")
    everything = client.get(LIST).content.decode()
    paris_only = client.get(LIST, {"departement": "75"}).content.decode()

    assert "Conférence à Paris" in everything and "Débat sur la réussite" in everything
    assert "Conférence à Paris" in paris_only and "Débat sur la réussite" not in paris_only


def test_a_signed_in_organiser_never_gets_the_anonymous_copy(client, event, organiser):
    client.get(event.get_absolute_url())
    client.force_login(organiser)

    content = client.get(event.get_absolute_url()).content.decode()

    assert "Se déconnecter" in content


def test_the_organiser_sees_their_draft_page_though_the_public_gets_404(
    client, current_edition, organiser
):
    draft = EventFactory(
        edition=current_edition, organiser=organiser, status=EventStatus.DRAFT, labelled_at=None
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(organiser)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "pas encore public" in response.content.decode()


def test_a_message_waiting_gets_a_fresh_page(client, event):
    client.get(event.get_absolute_url())  # cached without any message

    response = client.post(
        f"{event.get_absolute_url()}contact/",
        {"name": "Léa", "email": "lea@example.org", "message": "Reste-t-il des places ?"},
        follow=True,
    )

    assert "Votre message a été envoyé" in response.content.decode()


def test_anonymous_pages_tell_the_proxy_and_browsers_how_long_to_keep_them(client, event, settings):
    settings.MICRO_CACHE_SECONDS = 7
    # The event page twice: the second from Django's cache. The home page has no copy in
    # Django's cache, only the proxy's.
    for url in (LIST, event.get_absolute_url(), event.get_absolute_url(), "/", "/editions/"):
        response = client.get(url)
        assert response["X-Accel-Expires"] == "7", url
        assert response["Cache-Control"] == "public, max-age=7", url


def test_answers_to_a_signed_in_user_are_private(client, event, organiser):
    client.force_login(organiser)
    for url in (LIST, event.get_absolute_url(), "/evenements/carte.geojson", "/compte/profil/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Accel-Expires" not in response, url
        assert response["Cache-Control"] == "private, no-cache", url


def test_a_form_is_not_marked_for_shared_caches(client, event):
    response = client.get(f"{event.get_absolute_url()}contact/")
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "X-Accel-Expires" not in response
    assert "public" not in response.get("Cache-Control", "")
