"""French first: English only when the visitor chose it with the switch."""

import pytest

from tests.core.html import elements

pytestmark = pytest.mark.django_db


def test_french_by_default_even_when_the_browser_asks_for_english(client, current_edition):
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})

    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert response["Content-Language"] == "fr"
    assert "Trois façons d'agir" in html
    assert "Three ways to take action" not in html


def test_switch_offers_english_on_a_french_page(client):
    html = client.get("/").content.decode()

    buttons = [attrs for attrs in elements(html, "button") if attrs.get("name") == "language"]
    assert [button["value"] for button in buttons] == ["en"]
    forms = [attrs for attrs in elements(html, "form") if attrs.get("action") == "/langue/"]
    assert forms


def test_choosing_english_sets_the_cookie_and_the_next_page_is_english(client, current_edition):
    response = client.post("/langue/", {"language": "en", "next": "/editions/"})

    assert response.status_code == 302
    assert response["Location"] == "/editions/"
    assert response.cookies["django_language"].value == "en"

    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Three ways to take action" in html
    assert "Trois façons d'agir" not in html
    buttons = [attrs for attrs in elements(html, "button") if attrs.get("name") == "language"]
    assert [button["value"] for button in buttons] == ["fr"]


def test_choosing_french_again_goes_back_to_french(client):
    client.cookies["django_language"] = "en"

    client.post("/langue/", {"language": "fr", "next": "/"})

    assert client.cookies["django_language"].value == "fr"
    assert '<html lang="fr">' in client.get("/").content.decode()


def test_unknown_language_code_is_refused_and_french_stays(client):
    response = client.post("/langue/", {"language": "xx", "next": "/"})

    assert response.status_code == 302
    assert "django_language" not in response.cookies
    assert '<html lang="fr">' in client.get("/").content.decode()


@pytest.mark.parametrize("cookie", ["xx", "de", "", "en-US"])
def test_unknown_language_cookie_falls_back_to_french(client, cookie):
    client.cookies["django_language"] = cookie

    response = client.get("/")

    assert '<html lang="fr">' in response.content.decode()
    assert response["Content-Language"] == "fr"


def test_switch_does_not_redirect_to_another_site(client):
    response = client.post("/langue/", {"language": "en", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")
