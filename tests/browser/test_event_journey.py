"""An event's whole life, in a real browser against the live server.

An organiser proposes an event (keyboard-usable labelled fields, a pin placed on the map),
saves the draft and submits it; a moderator asks for a change; the organiser reads the
message, edits the title and submits again; the moderator sees what changed, checks the
charter and labels it; a visitor finds it on the map and through each filter of the list,
opens its page and adds it to a diary with the .ics file. Three people, three browser
contexts; the organiser's e-mails are read from django.core.mail.outbox.
"""

import datetime
import re
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from jres.events.models import Event, EventStatus
from jres.events.structured_data import absolute_url
from tests.browser.conftest import event_day, image_problem, log_in
from tests.events.factories import EventFactory
from tests.factories import UserFactory

PARIS = ZoneInfo("Europe/Paris")

TITLE = "Réussir ensemble à Bordeaux"
NEW_TITLE = "Réussir ensemble à Bordeaux : parents et enseignants"
SEARCH_WORD = "persévérance"
CHANGE_REQUEST = "Précisez dans le titre à qui s'adresse la soirée, s'il vous plaît."
# Where the organiser puts the pin: by the Jardin public, about 2 km from the commune's
# centre (44.84124, -0.58046), which the offline geocoder would have used. Clear of the
# edges of the map's national grid (2.64° cells), where a pixel's error could move it.
PIN = (44.8600, -0.5700)
# The visitor's position, as the browser reports it (central Bordeaux).
VISITOR_POSITION = {"latitude": 44.8378, "longitude": -0.5792}


def label(text: str) -> re.Pattern:
    """A field's label as rendered, whatever the label suffix (":", " :" with a nbsp)."""
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*$")


def subject_in_french(template: str, event: Event) -> str:
    with translation.override("fr"):
        return render_to_string(f"events/email/{template}-subject.txt", {"event": event}).strip()


@pytest.fixture
def controls(events_world):
    """Labelled events that each filter must leave out (or, for "online only", keep)."""
    edition, geo = events_world.edition, events_world.geo
    organiser = UserFactory(display_name="Olga Organisatrice")
    return {
        # Another region, department, postal code, kind and audience; same day.
        "paris": EventFactory(
            edition=edition, organiser=organiser, commune=geo.paris, postal_code="75011",
            title="Conférence parisienne sur le décrochage", kind="conference",
            audiences=["eleves"], starts_at=event_day(edition, hour=18),
            description="Des chercheuses présentent leurs travaux.",
        ),
        # Same region and department; another postal code, kind, audience and day.
        "merignac": EventFactory(
            edition=edition, organiser=organiser, commune=geo.merignac, postal_code="33700",
            title="Atelier des enseignants à Mérignac", kind="atelier",
            audiences=["enseignants"], starts_at=event_day(edition, 3, hour=17),
        ),
        # Online only: what the "online only" filter keeps.
        "online": EventFactory(
            edition=edition, organiser=organiser, commune=geo.toulouse, postal_code="31000",
            title="Webinaire : accompagner son enfant", kind="conference",
            audiences=["parents"], attendance_mode="online", venue_name="", address="",
            online_url="https://visio.example.org/jres", starts_at=event_day(edition, 1),
        ),
    }  # fmt: skip


# --- Helpers ---------------------------------------------------------------------------


def pin_pixel(page: Page, latitude: float, longitude: float) -> dict:
    """Where a point is drawn on the organiser's map, in pixels from its top-left corner.

    The map opens on France (pin-map.js: [46.6, 2.4], zoom 5) when no point is known yet;
    Leaflet's own projection turns the point into pixels.
    """
    return page.evaluate(
        """([latitude, longitude]) => {
            const element = document.getElementById("pin-map");
            const crs = L.CRS.EPSG3857;
            const point = crs.latLngToPoint(L.latLng(latitude, longitude), 5);
            const centre = crs.latLngToPoint(L.latLng(46.6, 2.4), 5);
            return {
                x: Math.round(point.x - centre.x + element.clientWidth / 2),
                y: Math.round(point.y - centre.y + element.clientHeight / 2),
            };
        }""",
        [latitude, longitude],
    )


def results(page: Page):
    return page.locator("#event-results")


def expect_listed(page: Page, shown: list[str], hidden: list[str]) -> None:
    cards = results(page).locator(".event-card__title")
    for title in shown:
        expect(cards.get_by_role("link", name=title, exact=True)).to_have_count(1)
    for title in hidden:
        expect(cards.get_by_role("link", name=title, exact=True)).to_have_count(0)


def expect_query(page: Page, **expected: list[str]) -> None:
    """The address htmx pushed carries these parameters, and no other but the edition (its
    select is sent with every request)."""
    try:
        page.wait_for_function(
            """(expected) => {
                const params = new URLSearchParams(location.search);
                params.delete("edition");
                const keys = new Set(params.keys());
                return Object.keys(expected).length === keys.size
                    && Object.entries(expected).every(([key, values]) =>
                        JSON.stringify(params.getAll(key)) === JSON.stringify(values));
            }""",
            arg=expected,
            timeout=5000,
        )
    except PlaywrightTimeoutError:
        pytest.fail(f"the address is {page.url}; expected the filters {expected}", pytrace=False)
    params = parse_qs(urlsplit(page.url).query)
    params.pop("edition", None)
    assert urlsplit(page.url).path == "/evenements/"
    assert params == expected


# --- The journey -----------------------------------------------------------------------


def test_an_event_from_proposal_to_label_to_a_visitors_diary(
    page: Page, browser, browser_context_args, live_server, events_world, controls,
    organiser, moderator,
):  # fmt: skip
    geo = events_world.geo
    main = page.locator("main")
    # Problems that do not stop the journey, reported at its end.
    problems: list[str] = []

    # --- 1. The organiser proposes an event from their space. -------------------------
    log_in(page.context, live_server, organiser)
    page.goto(live_server.url + "/")
    page.locator("header").get_by_role("link", name="Mes événements").click()
    expect(page).to_have_url(live_server.url + "/mes-evenements/")
    main.get_by_role("link", name="Proposer un événement pour 2026").click()
    expect(page).to_have_url(live_server.url + "/mes-evenements/nouveau/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposer un événement pour 2026")

    main.get_by_label(label("Type")).select_option(label="Débat")
    main.get_by_label(label("Titre")).fill(TITLE)
    main.get_by_label(label("Description")).fill(
        f"Une soirée sur la **{SEARCH_WORD}** scolaire : témoignages, puis échanges."
    )
    main.get_by_label(label("Début")).fill("2026-09-27T18:30")
    main.get_by_label(label("Fin")).fill("2026-09-27T20:30")
    main.get_by_label(label("Lieu")).fill("Maison de quartier du Jardin public")
    main.get_by_label(label("Adresse")).fill("12 cours de Verdun")
    main.get_by_label(label("Code postal")).fill("33000")
    main.get_by_label(label("Commune")).fill("Bordeaux")
    audiences = main.get_by_role("group", name=label("Publics"))
    audiences.get_by_label(label("Parents")).check()
    audiences.get_by_label(label("Grand public")).check()

    # The pin: a click on the map places it and fills the hidden fields.
    latitude, longitude = page.locator("#id_latitude"), page.locator("#id_longitude")
    expect(latitude).to_have_value("")
    page.wait_for_function(
        "() => !!window.L && !!document.querySelector('#pin-map.leaflet-container')"
    )
    page.locator("#pin-map").click(position=pin_pixel(page, *PIN))
    pin_marker = page.locator("#pin-map .leaflet-marker-icon")
    expect(pin_marker).to_have_count(1)
    if problem := image_problem(pin_marker):
        problems.append(f"organiser's pin map: {problem}")
    expect(latitude).to_have_value(re.compile(r"^\d+\.\d{6}$"))
    expect(longitude).to_have_value(re.compile(r"^-?\d+\.\d{6}$"))
    pin = (float(latitude.input_value()), float(longitude.input_value()))
    # One pixel is about 3.5 km at the map's zoom: the click lands near the aimed point.
    assert pin == pytest.approx(PIN, abs=0.05), pin

    main.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page).to_have_url(re.compile(r"/mes-evenements/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("Brouillon enregistré")
    event = Event.objects.get(title=TITLE)
    assert event.status == EventStatus.DRAFT
    assert event.organiser == organiser
    assert (event.postal_code, event.city, event.commune_id) == ("33000", "Bordeaux", "33063")
    assert (event.department_id, event.region_id) == ("33", "75")
    assert event.starts_at == datetime.datetime(2026, 9, 27, 18, 30, tzinfo=PARIS)
    assert sorted(event.audiences.values_list("slug", flat=True)) == ["grand-public", "parents"]
    # The stored point is the pin, not the commune's centre the geocoder would give.
    assert (event.latitude, event.longitude) == pytest.approx(pin, abs=1e-6)
    assert (event.latitude, event.longitude) != pytest.approx(
        (geo.bordeaux.latitude, geo.bordeaux.longitude), abs=1e-3
    )

    main.get_by_role("button", name="Soumettre pour labellisation").click()
    expect(page.get_by_role("status")).to_contain_text("Événement envoyé à l'équipe de modération")
    expect(main.locator(".status-panel")).to_contain_text("En attente de relecture")
    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED

    # --- 2. A moderator asks for a change. --------------------------------------------
    moderation = browser.new_context(**browser_context_args)
    try:
        review = moderation.new_page()
        log_in(moderation, live_server, moderator)
        review.goto(live_server.url + "/moderation/")
        expect(review.get_by_role("heading", level=1)).to_have_text("Événements à relire")
        review.locator("main table").get_by_role("link", name=TITLE, exact=True).click()
        expect(review).to_have_url(f"{live_server.url}/moderation/{event.pk}/")
        review_main = review.locator("main")
        review_main.get_by_label(label("Demander des modifications")).check()
        review_main.get_by_label(label("Message à l'organisateur")).fill(CHANGE_REQUEST)
        review_main.get_by_role("button", name="Enregistrer la décision").click()
        expect(review).to_have_url(live_server.url + "/moderation/")
        expect(review.get_by_role("status")).to_contain_text("Décision enregistrée")
        event.refresh_from_db()
        assert event.status == EventStatus.CHANGES_REQUESTED
        assert [m.to for m in mail.outbox] == [[organiser.email]]
        assert mail.outbox[0].subject.endswith(subject_in_french("changes_requested", event))
        assert CHANGE_REQUEST in mail.outbox[0].body

        # --- 3. The organiser reads the message, edits the title, submits again. ------
        page.goto(live_server.url + "/mes-evenements/")
        main.locator("table").get_by_role("link", name=TITLE, exact=True).click()
        expect(page).to_have_url(f"{live_server.url}/mes-evenements/{event.pk}/")
        status_panel = main.locator(".status-panel")
        expect(status_panel).to_contain_text("Modifications demandées")
        expect(status_panel.get_by_role("note")).to_contain_text(CHANGE_REQUEST)
        status_panel.get_by_role("link", name="Modifier").click()
        expect(page).to_have_url(f"{live_server.url}/mes-evenements/{event.pk}/modifier/")
        expect(page.locator("#pin-map .leaflet-marker-icon")).to_have_count(1)
        assert float(latitude.input_value()) == pytest.approx(pin[0], abs=1e-6)
        main.get_by_label(label("Titre")).fill(NEW_TITLE)
        main.get_by_role("button", name="Enregistrer le brouillon").click()
        expect(page.get_by_role("status")).to_contain_text("Modifications enregistrées")
        main.get_by_role("button", name="Soumettre pour labellisation").click()
        expect(main.locator(".status-panel")).to_contain_text("En attente de relecture")
        event.refresh_from_db()
        assert (event.status, event.title) == (EventStatus.SUBMITTED, NEW_TITLE)
        assert (event.latitude, event.longitude) == pytest.approx(pin, abs=1e-6)

        # --- 4. The moderator sees what changed, checks the charter and labels it. ----
        review.goto(live_server.url + "/moderation/")
        review.locator("main table").get_by_role("link", name=NEW_TITLE, exact=True).click()
        changes = review_main.locator("section[aria-labelledby=changes-title]")
        expect(changes.get_by_role("heading")).to_have_text("Modifié depuis la dernière relecture")
        title_row = changes.get_by_role("row").filter(has=review.get_by_role("rowheader"))
        expect(title_row).to_have_count(1)
        expect(title_row.get_by_role("rowheader")).to_have_text("Titre")
        expect(title_row.locator("del")).to_have_text(TITLE)
        expect(title_row.locator("ins")).to_have_text(NEW_TITLE)
        for item in events_world.charter:
            review_main.get_by_label(label(item.text_fr)).check()
        review_main.get_by_label(label("Labelliser")).check()
        review_main.get_by_role("button", name="Enregistrer la décision").click()
        expect(review.get_by_role("status")).to_contain_text("Décision enregistrée")
    finally:
        moderation.close()
    event.refresh_from_db()
    assert event.status == EventStatus.LABELLED
    assert [m.to for m in mail.outbox] == [[organiser.email]] * 2
    assert mail.outbox[1].subject.endswith(subject_in_french("labelled", event))
    assert absolute_url(event.get_absolute_url()) in mail.outbox[1].body

    # --- 5. A visitor finds it, on the map and through every filter. ------------------
    visitor = browser.new_context(**browser_context_args, geolocation=VISITOR_POSITION)
    visitor.grant_permissions(["geolocation"], origin=live_server.url)
    try:
        find_and_add_to_diary(visitor.new_page(), live_server, event, controls, problems)
    finally:
        visitor.close()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def find_and_add_to_diary(
    page: Page, live_server, event: Event, controls: dict, problems: list[str]
) -> None:
    paris, merignac, online = (controls[name].title for name in ("paris", "merignac", "online"))
    everyone = [NEW_TITLE, paris, merignac, online]
    form = page.locator("#event-filters")

    page.goto(live_server.url + "/evenements/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les événements de la journée 2026")
    expect_listed(page, everyone, [])

    # The map: at the national view the event and Mérignac's share a cell (a cluster of 2),
    # Paris's event is a marker of its own; the online event is on no map.
    events_map = page.locator("#events-map")
    expect(events_map.get_by_role("button", name="2 événements : zoomer")).to_be_visible()
    expect(events_map.get_by_role("button", name=paris, exact=True)).to_be_visible()

    def reset(action, *, back: list[str] = everyone) -> None:
        action()
        expect_query(page)
        expect_listed(page, back, [])

    # Region.
    form.get_by_label("Région").select_option(label="Nouvelle-Aquitaine")
    expect_query(page, region=["75"])
    expect_listed(page, [NEW_TITLE, merignac], [paris, online])
    reset(lambda: form.get_by_label("Région").select_option(""))

    # Department.
    form.get_by_label("Département").select_option(label="33 – Gironde")
    expect_query(page, departement=["33"])
    expect_listed(page, [NEW_TITLE, merignac], [paris, online])
    reset(lambda: form.get_by_label("Département").select_option(""))

    # Kind.
    form.get_by_label("Type d'événement").select_option(label="Débat")
    expect_query(page, type=["debat"])
    expect_listed(page, [NEW_TITLE], [paris, merignac, online])
    reset(lambda: form.get_by_label("Type d'événement").select_option(""))

    # Audience.
    audience = form.get_by_role("group", name="Pour qui").get_by_label("Grand public")
    audience.check()
    expect_query(page, public=["grand-public"])
    expect_listed(page, [NEW_TITLE], [paris, merignac, online])
    reset(audience.uncheck)

    # Dates: the edition's day only (Mérignac's workshop is three days later).
    form.get_by_label("À partir du").fill("2026-09-27")
    expect_query(page, du=["2026-09-27"])
    form.get_by_label("Jusqu'au").fill("2026-09-27")
    expect_query(page, du=["2026-09-27"], au=["2026-09-27"])
    expect_listed(page, [NEW_TITLE, paris], [merignac, online])

    def clear_dates():
        form.get_by_label("Jusqu'au").fill("")
        form.get_by_label("À partir du").fill("")

    reset(clear_dates)

    # Text search: a word of the description, typed then Enter.
    search = form.get_by_label("Mots-clés")
    search.fill(SEARCH_WORD)
    search.press("Enter")
    expect_query(page, q=[SEARCH_WORD])
    expect_listed(page, [NEW_TITLE], [paris, merignac, online])
    reset(lambda: (search.fill(""), search.press("Enter")))

    # Near me: the browser's (mocked) position, rounded to about a kilometre.
    form.get_by_role("button", name="Me localiser").click()
    expect(form.locator("[data-near-status]")).to_contain_text("Position trouvée")
    expect_query(page, lat=["44.84"], lon=["-0.58"], rayon=["20"])
    expect_listed(page, [NEW_TITLE, merignac], [paris, online])
    expect(results(page)).to_contain_text("à moins de 20 km")
    reset(lambda: form.get_by_role("link", name="Oublier ma position").click())

    # Online only: the webinar is in, the evening in Bordeaux is not.
    online_only = form.get_by_label("En ligne uniquement")
    online_only.check()
    expect_query(page, en_ligne=["1"])
    expect_listed(page, [online], [NEW_TITLE, paris, merignac])
    reset(online_only.uncheck)

    # Postal code, typed then Tab (a change); the map then shows the event alone, as a
    # marker whose popup links to its page.
    postal_code = form.get_by_label("Code postal")
    postal_code.fill("33000")
    postal_code.press("Tab")
    expect_query(page, cp=["33000"])
    expect_listed(page, [NEW_TITLE], [paris, merignac, online])
    marker = events_map.get_by_role("button", name=NEW_TITLE, exact=True)
    expect(marker).to_be_visible()
    if problem := image_problem(marker):
        problems.append(f"events map, the event's marker: {problem}")
    expect(events_map.get_by_role("button", name=paris, exact=True)).to_have_count(0)
    marker.click()
    popup_link = events_map.locator(".leaflet-popup a.map-popup__title")
    expect(popup_link).to_have_text(NEW_TITLE)
    expect(popup_link).to_have_attribute("href", event.get_absolute_url())
    expect(popup_link).to_be_focused()
    popup_link.click()

    # --- 6. The event's page: the label, and the event in the visitor's diary. --------
    expect(page).to_have_url(live_server.url + event.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    expect(page.locator(".badge--label")).to_have_text("Événement labellisé JRES 2026")
    expect(page.locator(".badge--label")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Ajouter à mon agenda")).click()
    download = download_info.value
    assert download.suggested_filename == f"{event.slug}.ics"
    with open(download.path(), "rb") as ics:
        calendar = icalendar.Calendar.from_ical(ics.read())
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == NEW_TITLE
    start = vevent["DTSTART"]
    assert start.params.get("TZID") == "Europe/Paris"
    assert start.dt == datetime.datetime(2026, 9, 27, 18, 30, tzinfo=PARIS)
    assert str(start.dt.tzinfo) == "Europe/Paris"
    assert vevent["DTEND"].dt == datetime.datetime(2026, 9, 27, 20, 30, tzinfo=PARIS)
    assert str(vevent["LOCATION"]) == (
        "Maison de quartier du Jardin public, 12 cours de Verdun, 33000 Bordeaux"
    )
    assert str(vevent["URL"]) == absolute_url(event.get_absolute_url())
