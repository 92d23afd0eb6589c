"""The kit's videos: nothing is requested from the video host before the visitor clicks.

Runs under the site's real Content-Security-Policy (a context without bypass_csp), so the
player loading after the click proves that `frame-src` allows it.
"""

import pytest

from jres.toolkit import services
from jres.toolkit.models import Category, Resource

VIDEO_HOST = "www.youtube-nocookie.com"


@pytest.fixture
def kit_with_video(site_data):
    category, _created = Category.objects.get_or_create(
        slug="videos", defaults={"name_fr": "Vidéos", "name_en": "Videos", "order": 7}
    )
    return services.save_resource(
        resource=Resource(
            edition=site_data,
            category=category,
            title_fr="La journée en vidéo",
            video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        )
    )


def test_video_host_is_contacted_only_after_the_click(browser, live_server, kit_with_video):
    context = browser.new_context(locale="fr-FR", bypass_csp=False)
    page = context.new_page()
    requested, violations = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    # No internet in tests: the player's address answers with a stub page.
    page.route(
        f"https://{VIDEO_HOST}/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>player</p>"),
    )
    page.goto(f"{live_server.url}/kit/")
    page.wait_for_load_state("networkidle")
    assert page.locator("iframe").count() == 0
    assert [url for url in requested if not url.startswith(live_server.url)] == []

    page.get_by_role("button", name="Lire la vidéo").click()
    frame = page.locator("iframe.video-frame")
    frame.wait_for()
    assert frame.get_attribute("src") == f"https://{VIDEO_HOST}/embed/dQw4w9WgXcQ"
    assert frame.get_attribute("title") == "La journée en vidéo"
    page.wait_for_function(
        "() => document.querySelector('iframe.video-frame').contentWindow.length >= 0"
    )
    page.wait_for_timeout(300)
    assert any(url.startswith(f"https://{VIDEO_HOST}/embed/") for url in requested)
    assert violations == []
    context.close()
