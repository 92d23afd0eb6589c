"""Error pages keep the site's layout, in the visitor's language, without a stack trace."""

from unittest import mock

import pytest
from django.test import RequestFactory
from django.urls import path
from django.utils import translation

from jres import urls as site_urls
from jres.core import views as core_views
from tests.core.html import elements, text


def _boom(request):
    raise RuntimeError("secret stack detail")


# This module is also a URLconf: the site's own patterns and handlers, plus one that fails.
handler404 = site_urls.handler404
handler500 = site_urls.handler500
urlpatterns = [path("boum/", _boom), *site_urls.urlpatterns]


def _nav_links(html: str) -> set[str]:
    return {attrs["href"] for attrs in elements(html, "a") if attrs.get("href")}


@pytest.mark.django_db
def test_unknown_url_shows_the_404_page_in_the_layout(client):
    response = client.get("/cette-adresse-n-existe-pas/plus-loin/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "<h1>Page introuvable</h1>" in html
    assert "Revenir à l'accueil" in text(html)
    assert 'aria-label="Navigation principale"' in html
    assert {"/", "/editions/", "/contact/", "/pourquoi-cette-journee/"} <= _nav_links(html)


@pytest.mark.django_db
def test_unknown_page_slug_shows_the_404_page(client):
    response = client.get("/aucune-page-de-ce-nom/")

    assert response.status_code == 404
    assert "<h1>Page introuvable</h1>" in response.content.decode()


@pytest.mark.django_db
def test_404_page_is_in_english_with_the_language_cookie(client):
    client.cookies["django_language"] = "en"

    response = client.get("/cette-adresse-n-existe-pas/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Page not found</h1>" in html
    assert "Page introuvable" not in html
    assert 'aria-label="Navigation principale"' not in html
    assert "/editions/" in _nav_links(html)


def test_500_handler_renders_the_error_page_in_the_layout(rf: RequestFactory, db):
    request = rf.get("/")
    request.user = mock.Mock(is_authenticated=False)

    # Outside the middleware, so the language is set here as the middleware would.
    with translation.override("fr"):
        response = core_views.server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Une erreur est survenue</h1>" in html
    assert 'aria-label="Navigation principale"' in html
    assert "/" in _nav_links(html)


def test_500_handler_falls_back_to_plain_text_when_the_layout_fails(rf: RequestFactory):
    with mock.patch.object(core_views, "render", side_effect=RuntimeError("template broken")):
        response = core_views.server_error(rf.get("/"))

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "Erreur du serveur / Server error"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_failing_view_shows_the_500_page_without_the_stack_trace(client):
    client.raise_request_exception = False

    response = client.get("/boum/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Une erreur est survenue</h1>" in html
    assert 'aria-label="Navigation principale"' in html
    assert "secret stack detail" not in html
    assert "Traceback" not in html
    assert "RuntimeError" not in html


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_500_page_is_in_english_with_the_language_cookie(client):
    client.raise_request_exception = False
    client.cookies["django_language"] = "en"

    response = client.get("/boum/")

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Une erreur est survenue" not in html
    assert "secret stack detail" not in html
