"""A partner's page on another origin frames the widgets: they load, show the selection,
and their links open the platform in a new tab."""

import datetime
import functools
import http.server
import threading

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.events.factories import EventFactory


@pytest.fixture
def partner_site(tmp_path):
    """Another origin (localhost on its own port, the platform being 127.0.0.1): a plain
    static server, as a town hall's website would be."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("localhost", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://localhost:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def gironde_events(events_world):
    edition, geo = events_world.edition, events_world.geo
    soon = timezone.now() + datetime.timedelta(days=3)
    return [
        EventFactory(edition=edition, status="labelled", title="Débat à Bordeaux",
                     commune=geo.bordeaux, starts_at=soon),
        EventFactory(edition=edition, status="labelled", title="Forum à Toulouse",
                     commune=geo.toulouse, starts_at=soon),
    ]  # fmt: skip


def test_the_list_and_the_map_load_inside_a_page_of_another_site(
    page: Page, live_server, partner_site, gironde_events
):
    folder, origin = partner_site
    (folder / "agenda.html").write_text(
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Mairie</title></head>"
        "<body><h1>Agenda de la mairie</h1>"
        f'<iframe id="liste" src="{live_server.url}/widgets/liste/?departement=33" '
        'title="Prochains événements" width="100%" height="400"></iframe>'
        f'<iframe id="carte" src="{live_server.url}/widgets/carte/?departement=33" '
        'title="Carte des événements" width="100%" height="420"></iframe>'
        "</body></html>",
        encoding="utf-8",
    )
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "frame" in message.text.lower() else None)  # fmt: skip

    page.goto(f"{origin}/agenda.html")

    listing = page.frame_locator("#liste")
    link = listing.get_by_role("link", name="Débat à Bordeaux")
    expect(link).to_be_visible()
    expect(listing.get_by_text("Forum à Toulouse")).to_have_count(0)
    assert link.get_attribute("href") == f"/evenements/{gironde_events[0].slug}/"
    with page.context.expect_page() as opened:
        link.click()
    new_tab = opened.value
    new_tab.wait_for_load_state()
    assert new_tab.url == f"{live_server.url}/evenements/{gironde_events[0].slug}/"
    expect(new_tab.get_by_role("heading", level=1)).to_have_text("Débat à Bordeaux")
    new_tab.close()

    # The map draws the Gironde event as a marker (the test has no tiles to show).
    marker = page.frame_locator("#carte").locator(".leaflet-marker-icon, .map-cluster").first
    expect(marker).to_be_visible(timeout=10_000)
    assert refused == []
