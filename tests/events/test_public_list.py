"""The public list of events: what it shows, its filters, htmx fragments, pagination."""

import csv
import datetime
import html
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jres.events.models import EventStatus
from tests.core.html import elements, text
from tests.events.factories import EventFactory, small_france
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db

URL = "/evenements/"
TITLE = re.compile(r'<h3 class="event-card__title"><a href="[^"]+">([^<]+)</a></h3>')


def listed(response) -> list[str]:
    assert response.status_code == 200
    return [html.unescape(title) for title in TITLE.findall(response.content.decode())]


def at(day: int, hour: int = 18) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 9, day, hour))


@pytest.fixture
def france(db):
    return small_france()


@pytest.fixture
def events(current_edition, france):
    """A small day: one event of each sort the filters tell apart."""
    return {
        "bordeaux": EventFactory(
            edition=current_edition, commune=france.bordeaux, title="Débat à Bordeaux",
            kind="debat", audiences=["parents", "eleves"], starts_at=at(25),
            postal_code="33000",
        ),
        "merignac": EventFactory(
            edition=current_edition, commune=france.merignac, title="Atelier à Mérignac",
            kind="atelier", audiences=["enseignants"], starts_at=at(27), postal_code="33700",
        ),
        "paris": EventFactory(
            edition=current_edition, commune=france.paris, title="Conférence parisienne",
            kind="conference", audiences=["grand-public"], starts_at=at(29),
            postal_code="75011", description="Avec des chercheuses en sciences de l'éducation.",
        ),
        "toulouse_online": EventFactory(
            edition=current_edition, commune=france.toulouse, title="Webinaire toulousain",
            kind="conference", audiences=["parents"], starts_at=at(26), postal_code="31000",
            attendance_mode="online", online_url="https://visio.example.org/jres",
        ),
        "ajaccio_hybrid": EventFactory(
            edition=current_edition, commune=france.ajaccio, title="Projection en Corse",
            kind="projection-debat", audiences=["eleves"], starts_at=at(28),
            postal_code="20000", attendance_mode="hybrid", online_url="https://v.example.org",
        ),
    }  # fmt: skip


# --- what is listed ---------------------------------------------------------------------


def test_only_published_events_of_the_current_edition_are_listed(client, current_edition, france):
    EventFactory(edition=current_edition, commune=france.bordeaux, title="Labellisé")
    EventFactory(
        edition=current_edition, commune=france.bordeaux, title="Annulé après le label",
        status=EventStatus.CANCELLED, cancellation_reason="Salle indisponible",
    )  # fmt: skip
    for status in ("draft", "submitted", "changes_requested", "refused"):
        EventFactory(
            edition=current_edition, commune=france.bordeaux, title=f"Statut {status}",
            status=status, labelled_at=None,
        )  # fmt: skip
    EventFactory(
        edition=current_edition, commune=france.bordeaux, title="Annulé sans label",
        status=EventStatus.CANCELLED, labelled_at=None,
    )  # fmt: skip
    EventFactory(edition=EditionFactory(year=2025, number=18), title="L'an dernier")

    response = client.get(URL)

    assert sorted(listed(response)) == ["Annulé après le label", "Labellisé"]
    assert "Annulé" in text(response.content.decode())


def test_the_edition_parameter_browses_a_past_edition(client, current_edition, france):
    past = EditionFactory(year=2025, number=18, status="archived")
    EventFactory(edition=past, commune=france.bordeaux, title="Débat de 2025")
    EventFactory(edition=current_edition, commune=france.bordeaux, title="Débat de 2026")

    assert listed(client.get(URL, {"edition": "2025"})) == ["Débat de 2025"]
    assert listed(client.get(URL)) == ["Débat de 2026"]


def test_a_draft_edition_cannot_be_browsed(client, current_edition, france):
    draft = EditionFactory(year=2027, number=20, status="draft")
    EventFactory(edition=draft, commune=france.bordeaux, title="Pas encore")

    response = client.get(URL, {"edition": "2027"})

    assert listed(response) == []
    assert "Filtre ignoré : édition « 2027 » inconnue" in text(response.content.decode())


def test_an_in_school_event_is_listed_with_its_town_but_not_its_address(
    client, current_edition, france
):
    EventFactory(
        edition=current_edition, commune=france.bordeaux, title="Temps d'échange au collège",
        is_public=False, venue_name="Collège Secret", address="12 rue Cachée",
        latitude=44.851234, longitude=-0.571234,
    )  # fmt: skip

    content = client.get(URL).content.decode()

    assert "Temps d'échange au collège" in html.unescape(content)
    assert "Bordeaux (33)" in content
    assert "12 rue Cachée" not in content and "Collège Secret" not in content
    assert "44.851234" not in content


# --- each filter ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "75"}, ["Débat à Bordeaux", "Atelier à Mérignac"]),
        ({"region": "94"}, ["Projection en Corse"]),
        ({"departement": "33"}, ["Débat à Bordeaux", "Atelier à Mérignac"]),
        ({"departement": "2a"}, ["Projection en Corse"]),
        ({"commune": "33281"}, ["Atelier à Mérignac"]),
        ({"cp": "75011"}, ["Conférence parisienne"]),
        ({"type": "conference"}, ["Webinaire toulousain", "Conférence parisienne"]),
        ({"public": "parents"}, ["Débat à Bordeaux", "Webinaire toulousain"]),
        (
            {"public": ["enseignants", "grand-public"]},
            ["Atelier à Mérignac", "Conférence parisienne"],
        ),
        ({"du": "2026-09-28"}, ["Projection en Corse", "Conférence parisienne"]),
        ({"au": "2026-09-26"}, ["Débat à Bordeaux", "Webinaire toulousain"]),
        ({"du": "26/09/2026", "au": "27/09/2026"}, ["Webinaire toulousain", "Atelier à Mérignac"]),
        ({"q": "bordeaux"}, ["Débat à Bordeaux"]),
        ({"q": "chercheuses"}, ["Conférence parisienne"]),
        ({"q": "Mérignac"}, ["Atelier à Mérignac"]),
        ({"q": "atelier mérignac"}, ["Atelier à Mérignac"]),
        ({"en_ligne": "1"}, ["Webinaire toulousain", "Projection en Corse"]),
    ],
)
def test_each_filter_selects_its_events(client, events, params, expected):
    assert listed(client.get(URL, params)) == expected


@pytest.mark.parametrize(
    "params",
    [{}, {"departement": "33"}, {"du": "26/09/2026", "au": "27/09/2026"}, {"en_ligne": "1"}],
)
def test_the_csv_link_downloads_the_events_listed(client, events, params):
    """The list's "download" link is the open data API's CSV of the same selection."""
    response = client.get(URL, params)
    links = [a["href"] for a in elements(response.content.decode(), "a")]
    csv_link = next(link for link in links if link.startswith("/api/v1/events?"))
    assert "format=csv" in csv_link
    download = client.get(html.unescape(csv_link))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert [row["title"] for row in rows] == listed(response)


def test_near_me_keeps_events_within_the_radius_nearest_first(client, events):
    # From the centre of Bordeaux: Bordeaux is 0 km away, Mérignac about 6 km.
    near = {"lat": "44.8412", "lon": "-0.5805"}

    assert listed(client.get(URL, {**near, "rayon": "20"})) == [
        "Débat à Bordeaux",
        "Atelier à Mérignac",
    ]
    assert listed(client.get(URL, {**near, "rayon": "5"})) == ["Débat à Bordeaux"]
    # The default radius is 20 km.
    assert listed(client.get(URL, near)) == ["Débat à Bordeaux", "Atelier à Mérignac"]
    # Toulouse is 212 km away: the largest radius (200 km) leaves it out.
    assert "Webinaire toulousain" not in listed(client.get(URL, {**near, "rayon": "200"}))


def test_near_me_places_an_in_school_event_at_its_commune_centre(client, current_edition, france):
    # The school is 30 km from the commune's centre: it is found around the centre, not there.
    EventFactory(
        edition=current_edition, commune=france.bordeaux, title="Au lycée",
        is_public=False, latitude=44.84124 + 0.27, longitude=-0.58046,
    )  # fmt: skip

    assert listed(client.get(URL, {"lat": "44.84", "lon": "-0.58", "rayon": "5"})) == ["Au lycée"]
    assert listed(client.get(URL, {"lat": "45.11", "lon": "-0.58", "rayon": "5"})) == []


def test_filters_combine(client, events):
    params = {"region": "75", "type": "atelier", "public": "enseignants", "du": "2026-09-27"}
    assert listed(client.get(URL, params)) == ["Atelier à Mérignac"]
    assert listed(client.get(URL, {**params, "type": "debat"})) == []


def test_the_form_shows_the_filters_in_use(client, events):
    content = client.get(
        URL, {"region": "75", "type": "atelier", "public": "enseignants", "q": "atelier"}
    ).content.decode()

    selected = {attrs.get("value") for attrs in elements(content, "option") if "selected" in attrs}
    assert {"75", "atelier"} <= selected
    checked = {attrs["value"] for attrs in elements(content, "input") if "checked" in attrs}
    assert checked == {"enseignants"}
    assert {"name": "q", "value": "atelier"}.items() <= next(
        attrs for attrs in elements(content, "input") if attrs.get("name") == "q"
    ).items()


# --- values that cannot be understood ---------------------------------------------------


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"region": "zz"}, "région « zz » inconnue"),
        ({"departement": "999"}, "département « 999 » inconnu"),
        ({"commune": "99999"}, "commune « 99999 » inconnue"),
        ({"cp": "33"}, "code postal « 33 » : cinq chiffres attendus"),
        ({"type": "karaoke"}, "type « karaoke » inconnu"),
        ({"public": "martiens"}, "public « martiens » inconnu"),
        ({"du": "demain"}, "date « demain » non reconnue"),
        ({"au": "2026-02-31"}, "date « 2026-02-31 » non reconnue"),
        ({"du": "2026-09-28", "au": "2026-09-20"}, "la date de fin précède la date de début"),
        ({"lat": "nord", "lon": "2.3"}, "position « nord, 2.3 » non reconnue"),
        ({"lat": "44.8"}, "position « 44.8, ? » non reconnue"),
        ({"lat": "95", "lon": "2"}, "position « 95, 2 » non reconnue"),
        ({"lat": "nan", "lon": "inf"}, "position « nan, inf » non reconnue"),
        ({"en_ligne": "peut-être"}, "« en ligne » : valeur « peut-être » non reconnue"),
        ({"edition": "1999"}, "édition « 1999 » inconnue"),
        ({"edition": "²⁰²⁶"}, "édition « ²⁰²⁶ » inconnue"),
        ({"edition": "99999999999999999999"}, "édition « 99999999999999999999 » inconnue"),
    ],
)
def test_a_value_not_understood_is_ignored_with_a_note(client, events, params, note):
    response = client.get(URL, params)

    assert response.status_code == 200
    assert f"Filtre ignoré : {note}" in text(response.content.decode())
    # Ignored filters select nothing less than no filter at all (the dates excepted when
    # one of the two is valid).
    if set(params) <= {"region", "departement", "commune", "cp", "type", "public", "lat"}:
        assert len(listed(response)) == len(events)


def test_a_bad_radius_falls_back_to_the_default_with_a_note(client, events):
    response = client.get(URL, {"lat": "44.8412", "lon": "-0.5805", "rayon": "9000"})

    assert "Filtre ignoré : rayon « 9000 »" in text(response.content.decode())
    assert listed(response) == ["Débat à Bordeaux", "Atelier à Mérignac"]


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-3",
        "region=%00",
        "q=%00%00",
        "lat=1e400&lon=1",
        "edition=&region=&departement=&commune=&cp=&type=&du=&au=&q=&lat=&lon=&rayon=",
        "public=&public=parents&public=parents",
        "zoom=banana",
        "q=" + "x" * 5000,
    ],
)
def test_odd_queries_never_fail(client, events, query):
    assert client.get(f"{URL}?{query}").status_code == 200


def test_filters_parse_into_cleaned_values_and_notes(events, france):
    from django.http import QueryDict

    from jres.events.filters import filter_events

    queryset, filters = filter_events(
        QueryDict(
            "departement=33&type=debat&public=eleves&public=inconnu&du=nope&lat=44.84&lon=-0.58"
        )
    )

    assert filters.department == france.gironde
    assert filters.kind.slug == "debat"
    assert filters.audience_slugs == ["eleves"]
    assert filters.near.radius_km == 20
    assert filters.date_from is None
    assert len(filters.ignored) == 2
    assert [event.title for event in queryset] == ["Débat à Bordeaux"]
    assert ("departement", "33") in filters.as_query() and (
        "public",
        "eleves",
    ) in filters.as_query()
    assert not any(key == "du" for key, _value in filters.as_query())


# --- htmx and pagination ----------------------------------------------------------------


def test_an_htmx_request_gets_the_results_fragment_only(client, events):
    response = client.get(URL, {"type": "atelier"}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content and "<form" not in content
    assert listed(response) == ["Atelier à Mérignac"]
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, events):
    response = client.get(
        URL,
        {"type": "atelier"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )

    assert "<html" in response.content.decode()
    assert listed(response) == ["Atelier à Mérignac"]


def test_the_form_works_with_htmx_and_without(client, events):
    content = client.get(URL).content.decode()

    form = next(attrs for attrs in elements(content, "form") if attrs.get("id") == "event-filters")
    assert form["method"] == "get" and form["action"] == URL
    assert form["hx-get"] == URL
    assert form["hx-trigger"] == "change, submit"
    assert form["hx-target"] == "#event-results"
    assert form["hx-push-url"] == "true"
    results = next(
        attrs for attrs in elements(content, "div") if attrs.get("id") == "event-results"
    )
    assert results["aria-live"] == "polite"
    assert any(attrs.get("type") == "submit" for attrs in elements(content, "button"))


def test_every_filter_field_has_a_label_and_groups_have_a_legend(client, events):
    content = client.get(URL).content.decode()

    labelled = {attrs["for"] for attrs in elements(content, "label")}
    start = content.index('id="event-filters"')
    form_part = content[start : content.index("</form>", start)]
    fields = [
        attrs
        for attrs in elements(form_part, "input") + elements(form_part, "select")
        if attrs.get("type") != "hidden"
    ]
    assert fields and all(field.get("id") in labelled for field in fields)
    assert form_part.count("<fieldset") == form_part.count("<legend>") >= 3


def test_the_page_is_csp_friendly(client, events):
    content = client.get(URL).content.decode()

    assert 'name="htmx-config"' in content and '"includeIndicatorStyles": false' in content
    scripts = elements(content, "script")
    assert scripts and all(attrs.get("src") for attrs in scripts)
    assert any("htmx" in attrs["src"] for attrs in scripts)
    assert "style=" not in content


def test_without_javascript_the_list_is_paginated_and_keeps_the_filters(
    client, current_edition, france
):
    for number in range(25):
        EventFactory(
            edition=current_edition, commune=france.bordeaux, title=f"Atelier {number:02d}",
            kind="atelier", starts_at=at(20) + datetime.timedelta(hours=number),
        )  # fmt: skip
    EventFactory(edition=current_edition, commune=france.paris, kind="debat")

    first = client.get(URL, {"type": "atelier"})
    second = client.get(URL, {"type": "atelier", "page": "2"})

    assert listed(first) == [f"Atelier {number:02d}" for number in range(20)]
    assert listed(second) == [f"Atelier {number:02d}" for number in range(20, 25)]
    next_links = [
        attrs["href"]
        for attrs in elements(first.content.decode(), "a")
        if attrs.get("rel") == "next"
    ]
    assert next_links == ["?type=atelier&page=2"]
    assert "25 événements" in text(first.content.decode())


def test_the_feed_link_carries_the_filters(client, events):
    content = client.get(URL, {"region": "75", "public": "parents"}).content.decode()

    links = {attrs["href"] for attrs in elements(content, "a")}
    assert "/evenements/calendrier.ics?region=75&public=parents" in links


def _queries_for(client, params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL, params).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {
            "region": "75",
            "public": ["parents", "eleves"],
            "lat": "44.8",
            "lon": "-0.6",
            "rayon": "200",
        },
    ],
)
def test_the_query_count_does_not_grow_with_the_events(
    client, current_edition, france, django_assert_num_queries, params
):
    def add(count):
        for _number in range(count):
            EventFactory(
                edition=current_edition, commune=france.bordeaux,
                audiences=["parents", "eleves"], is_public=_number % 2 == 0,
            )  # fmt: skip

    add(5)
    queries_for_five = _queries_for(client, params)
    add(45)

    with django_assert_num_queries(queries_for_five):
        response = client.get(URL, params)
    assert len(listed(response)) == 20
