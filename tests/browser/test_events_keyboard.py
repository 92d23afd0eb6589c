"""The events pages with the keyboard alone: the list's filters, and the organiser's pin."""

import re

import pytest
from playwright.sync_api import Page, expect

from jres.events.models import Event
from tests.browser.conftest import log_in

MAX_TABS = 80


def tab_to(page: Page, locator) -> None:
    """Press Tab from where the focus is until `locator` has it, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    focused = page.evaluate("document.activeElement && document.activeElement.outerHTML")
    pytest.fail(f"{locator} not reached with {MAX_TABS} Tab presses; focus is on {focused}")


def listed_titles(page: Page) -> list[str]:
    return page.locator("#event-results .event-card__title").all_inner_texts()


def test_list_filters_with_the_keyboard(page: Page, live_server, event_pages):
    page.goto(live_server.url + "/evenements/")
    everything = listed_titles(page)
    assert {event_pages.public.title, event_pages.in_school.title} <= set(everything)

    # A select: Tab to it, type the first letters of a kind (type-ahead picks it).
    kind = page.get_by_label("Type d'événement")
    tab_to(page, kind)
    page.keyboard.type("Temps")
    expect(kind).to_have_value("temps-echange-scolaire")
    expect(page).to_have_url(re.compile(r"[?&]type=temps-echange-scolaire(&|$)"))
    expect(page.locator("#event-results .event-card__title")).to_have_text(
        [event_pages.in_school.title]
    )
    expect(page.locator("#results-title")).to_contain_text("1 événement")
    expect(kind).to_be_focused()  # the results came in without taking the focus away

    # Back to every kind; then a checkbox, with Space.
    page.keyboard.press("Home")  # the first option, "every kind"
    expect(kind).to_have_value("")
    expect(page.locator("#event-results .event-card__title")).to_have_count(len(everything))
    online_only = page.get_by_label("En ligne uniquement")
    tab_to(page, online_only)
    page.keyboard.press("Space")
    expect(online_only).to_be_checked()
    expect(page).to_have_url(re.compile(r"[?&]en_ligne=1(&|$)"))
    expect(page.locator("#event-results .event-card__title")).to_have_text(
        [event_pages.online.title]
    )


def test_move_the_pin_with_the_arrow_keys(page: Page, live_server, event_pages):
    """pin-map.js moves a focused pin with the arrows (0.0005° a step at zoom 15), and the
    hidden fields follow; the saved event keeps the new point."""
    event = event_pages.public
    log_in(page.context, live_server, event_pages.organiser)
    page.goto(f"{live_server.url}/mes-evenements/{event.pk}/modifier/")
    latitude, longitude = page.locator("#id_latitude"), page.locator("#id_longitude")
    start = (float(latitude.input_value()), float(longitude.input_value()))
    assert start == pytest.approx((event.latitude, event.longitude), abs=1e-6)

    marker = page.locator("#pin-map .leaflet-marker-icon")
    expect(marker).to_be_visible()
    page.locator("#id_image").focus()  # the last field before the map
    tab_to(page, marker)
    for key in ("ArrowUp", "ArrowUp", "ArrowRight"):
        page.keyboard.press(key)
    expect(latitude).to_have_value(f"{start[0] + 0.001:.6f}")
    expect(longitude).to_have_value(f"{start[1] + 0.0005:.6f}")
    expect(marker).to_be_focused()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowDown")
    expect(latitude).to_have_value(f"{start[0] + 0.0005:.6f}")
    expect(longitude).to_have_value(f"{start[1]:.6f}")

    # Save with the keyboard: the event is where the pin now is.
    tab_to(page, page.get_by_role("button", name="Enregistrer le brouillon"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/mes-evenements/{event.pk}/")
    event = Event.objects.get(pk=event.pk)
    assert (event.latitude, event.longitude) == pytest.approx(
        (start[0] + 0.0005, start[1]), abs=1e-6
    )
