"""/gestion/: who sees it, what it shows (the same numbers as an independent count), the
filters and their notes, the links behind every figure, and a fixed number of queries."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jres.dashboard import charts, figures
from jres.editions.models import Edition
from jres.events.models import EventStatus
from tests.dashboard.conftest import build, expected_figures
from tests.dashboard.page import SVG, number, read, svg

URL = "/gestion/"
CARD_KEYS = (
    "labelled_events", "in_school_events", "communes", "departments", "places", "waiting",
    "participants", "partners", "initiatives", "testimonies", "volunteers", "toolkit_downloads",
)  # fmt: skip


def page(client, user, query: str = "") -> str:
    client.force_login(user)
    response = client.get(f"{URL}?{query}" if query else URL)
    assert response.status_code == 200
    return response.content.decode()


def query_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


# --- access -------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, current_edition):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_organisers_are_refused(client, organiser, current_edition):
    client.force_login(organiser)
    response = client.get(URL)
    assert response.status_code == 403
    assert b"data-figure" not in response.content


def test_moderators_see_the_figures_but_not_the_export_log(client, moderator, dataset):
    html = page(client, moderator)
    assert read(html).cards["labelled_events"][0] == "8"
    assert "/gestion/donnees/journal/" not in html
    # Messages and editions are the coordinators' pages: no link a moderator could not follow.
    assert 'href="/gestion/messages/"' not in html and 'href="/gestion/editions/"' not in html
    assert 'href="/gestion/donnees/"' in html


def test_coordinators_see_the_figures_and_the_export_log(client, coordinator, dataset):
    html = page(client, coordinator)
    assert read(html).cards["labelled_events"][0] == "8"
    assert 'href="/gestion/donnees/journal/"' in html
    assert 'href="/gestion/messages/"' in html and 'href="/gestion/editions/"' in html


def test_posting_is_not_allowed(client, coordinator, current_edition):
    client.force_login(coordinator)
    assert client.post(URL).status_code == 405


# --- what the page shows ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, place",
    [
        ("", {}),
        ("region=75", {"region": "75"}),
        ("region=11", {"region": "11"}),
        ("departement=33", {"department": "33"}),
        ("region=75&departement=33", {"department": "33"}),
    ],
)
def test_cards_show_the_independently_counted_figures(client, coordinator, dataset, query, place):
    html = page(client, coordinator, query)
    cards = read(html).cards
    expected = expected_figures(dataset, dataset.current, **place)
    assert {key: number(cards[key][0]) for key in CARD_KEYS} == {
        key: expected[key] for key in CARD_KEYS
    }


def test_a_past_edition_can_be_looked_at(client, coordinator, dataset):
    html = page(client, coordinator, "edition=2025")
    cards = read(html).cards
    expected = expected_figures(dataset, dataset.past)
    assert number(cards["labelled_events"][0]) == expected["labelled_events"] == 2
    assert number(cards["participants"][0]) == expected["participants"]
    assert query_of(cards["labelled_events"][1])["edition"] == ["2025"]
    assert '<option value="2025" selected>' in html


def test_events_by_status_table(client, coordinator, dataset):
    reader = read(page(client, coordinator, "region=11"))
    rows = reader.tables["statuses"][1:]
    expected = expected_figures(dataset, dataset.current, region="11")["by_status"]
    assert [(label, number(count)) for label, count in rows] == [
        (str(status.label), expected[status.value]) for status in EventStatus
    ]


def test_every_figure_links_to_the_list_behind_it(client, coordinator, dataset):
    html = page(client, coordinator, "region=75&departement=33")
    cards = read(html).cards
    labelled = cards["labelled_events"][1]
    assert labelled.startswith("/gestion/donnees/evenements/?")
    assert query_of(labelled) == {
        "edition": ["2026"], "region": ["75"], "departement": ["33"], "statut": ["labelled"],
    }  # fmt: skip
    assert cards["places"][1].startswith("/gestion/donnees/inscriptions/?")
    assert query_of(cards["places"][1])["statut"] == ["confirmed"]
    assert query_of(cards["waiting"][1])["statut"] == ["waiting"]
    assert cards["participants"][1].startswith("/gestion/donnees/bilans/?")
    assert query_of(cards["participants"][1])["statut"] == ["labelled"]
    assert cards["partners"][1].startswith("/gestion/donnees/collectivites/?")
    assert cards["initiatives"][1].startswith("/gestion/donnees/initiatives/?")
    assert query_of(cards["initiatives"][1])["statut"] == ["published"]
    assert cards["volunteers"][1].startswith("/gestion/donnees/benevoles/?")
    assert cards["testimonies"][1] == "/temoignages/"
    assert cards["toolkit_downloads"][1] == "/kit/2026/"
    # The breakdowns' rows link to the events of their kind, audience or region.
    assert (
        'href="/gestion/donnees/evenements/?edition=2026&amp;region=75&amp;departement=33&amp;type=atelier&amp;statut=labelled"'
        in html
    )  # noqa: E501
    assert "public=parents" in html
    assert (
        'href="/gestion/donnees/evenements/?edition=2025&amp;region=75&amp;departement=33&amp;statut=labelled"'
        in html
    )  # noqa: E501


def test_the_time_of_the_figures_is_shown(client, coordinator, dataset):
    html = page(client, coordinator)
    assert "Chiffres à " in html


def test_the_time_shown_is_that_of_the_last_values_served(
    client, coordinator, dataset, monkeypatch
):
    cache.clear()
    earlier = timezone.now() - datetime.timedelta(hours=2, minutes=17)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: earlier)
        page(client, coordinator)
    client.force_login(coordinator)
    dataset.events[0].save()  # the fresh entries are obsolete
    # Another request is computing every figure: this one gets the last values.
    monkeypatch.setattr(figures, "_take_lock", lambda key: False)
    with CaptureQueriesContext(connection) as context:
        html = client.get(URL).content.decode()
    assert len(context.captured_queries) <= 10
    assert f"Chiffres à {timezone.localtime(earlier):%H:%M}" in html


# --- charts and their tables --------------------------------------------------------------


def test_the_map_and_its_table_hold_the_same_numbers(client, coordinator, dataset):
    html = page(client, coordinator)
    rows = read(html).tables["departments"][1:]
    table = {row[0].rsplit("(", 1)[1].rstrip(")"): (number(row[1]), number(row[2])) for row in rows}
    assert table == {"2A": (1, 0), "33": (5, 65), "75": (2, 60)}
    events_map = svg(html, "chart-map-events")
    paths = events_map.findall(f".//{SVG}path")
    assert len(paths) == len(charts.mapped_departments()) == 96
    shown = {path.get("data-code"): path.find(f"{SVG}title").text for path in paths}
    assert shown["33"] == "Gironde (33) : 5"
    assert shown["2A"] == "Corse-du-Sud (2A) : 1"
    assert shown["01"].endswith(": 0")
    participants = svg(html, "chart-map-participants")
    titles = {
        p.get("data-code"): p.find(f"{SVG}title").text for p in participants.iter(f"{SVG}path")
    }
    assert titles["75"] == "Paris (75) : 60"


def test_the_breakdown_charts_hold_the_table_numbers(client, coordinator, dataset):
    html = page(client, coordinator)
    reader = read(html)
    for name in ("regions", "kinds", "audiences"):
        rows = [(row[0], number(row[1]), number(row[2])) for row in reader.tables[name][1:]]
        assert rows, name
        events = svg(html, f"chart-{name}-events")
        bars = [group.find(f"{SVG}title").text for group in events.iter(f"{SVG}g")]
        assert bars == [f"{label} : {count}" for label, count, _places in rows]
        places = svg(html, f"chart-{name}-places")
        bars = [group.find(f"{SVG}title").text for group in places.iter(f"{SVG}g")]
        assert bars == [f"{label} : {count}" for label, _events, count in rows]


def test_the_curves_table_follows_the_timelines(client, coordinator, dataset):
    html = page(client, coordinator)
    rows = read(html).tables["curves"]
    assert rows[0][1:5] == [
        "2026 : événements",
        "2026 : places",
        "2025 : événements",
        "2025 : places",
    ]
    last = rows[-1]
    assert last[0] == "J"
    # The current edition's day has passed (the clock is later in the year): full curves.
    assert [number(cell) for cell in last[1:5]] == [8, 15, 2, 3]
    for chart_id in ("chart-curve-events", "chart-curve-places"):
        chart = svg(html, chart_id)
        assert chart.get("role") == "img"
        assert len(chart.findall(f"{SVG}polyline")) == 2


def test_year_over_year_table(client, coordinator, dataset):
    html = page(client, coordinator)
    rows = read(html).tables["comparison"][1:]
    assert [row[0] for row in rows] == ["2026", "2025"]
    for row, edition in zip(rows, [dataset.current, dataset.past], strict=True):
        expected = expected_figures(dataset, edition)
        assert number(row[2]) == expected["labelled_events"]
        assert number(row[6]) == expected["places"]
        assert number(row[9]) == expected["participants"]
    chart = svg(html, "chart-comparison")
    bars = [group.find(f"{SVG}title").text for group in chart.iter(f"{SVG}g")]
    assert bars == [f"{row[0]} : {number(row[2])}" for row in rows]


def test_overseas_departments_are_listed_beside_the_map(client, coordinator, dataset):
    html = page(client, coordinator)
    assert 'data-code="974"' in html and 'data-code="971"' in html


# --- filters ------------------------------------------------------------------------------


def test_a_department_outside_the_region_wins_with_a_note(client, coordinator, dataset):
    html = page(client, coordinator, "region=75&departement=75")
    reader = read(html)
    assert "le département Paris n&#x27;est pas dans la région Nouvelle-Aquitaine" in html
    expected = expected_figures(dataset, dataset.current, department="75")
    assert number(reader.cards["labelled_events"][0]) == expected["labelled_events"] == 2
    assert query_of(reader.cards["labelled_events"][1])["region"] == ["11"]
    assert '<option value="11" selected>' in html


@pytest.mark.parametrize(
    "query, note",
    [
        ("edition=abcd", "édition inconnue"),
        ("edition=1999", "édition inconnue"),
        ("edition=99999999999999999999", "édition inconnue"),
        ("region=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "région inconnue"),
        ("region=ZZ", "région inconnue"),
        ("departement=" + "9" * 5000, "département inconnu"),
        ("departement=%00", "département inconnu"),
    ],
)
def test_bad_values_are_ignored_with_a_note(client, coordinator, dataset, query, note):
    html = page(client, coordinator, query)
    assert note in html
    assert "<script>alert" not in html
    # The rest of the page: the current edition, nationally.
    expected = expected_figures(dataset, dataset.current)
    assert number(read(html).cards["labelled_events"][0]) == expected["labelled_events"]
    assert len(html) < 400_000


def test_no_edition_yet_says_so(client, coordinator):
    html = page(client, coordinator)
    assert "Aucune édition n'existe encore" in html
    assert not Edition.objects.exists()


# --- queries ------------------------------------------------------------------------------


def test_the_page_makes_the_same_queries_with_three_times_the_data(
    client, coordinator, current_edition, past_edition, france
):
    client.force_login(coordinator)

    def count_queries(query: str) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"{URL}?{query}").status_code == 200
        return len(context.captured_queries)

    build(current_edition, past_edition, france)
    small = {query: count_queries(query) for query in ("", "region=75", "departement=33")}
    build(current_edition, past_edition, france, scale=3)
    large = {query: count_queries(query) for query in ("", "region=75", "departement=33")}
    assert small == large
    assert max(large.values()) <= 70


def generation_reads(queries) -> int:
    return sum("core_generation" in query["sql"] for query in queries)


def test_a_second_visit_reads_the_cache(
    client, coordinator, dataset, django_assert_max_num_queries
):
    page(client, coordinator)
    # The session (unless the cache holds it), the user, its groups, six reads for the
    # filters and the map, and the `events` counter once for the ten cached figures.
    with django_assert_max_num_queries(10) as context:
        assert client.get(URL).status_code == 200
    assert generation_reads(context.captured_queries) == 1


def test_the_events_counter_is_read_once_per_request(client, coordinator, dataset):
    client.force_login(coordinator)
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL).status_code == 200
    assert generation_reads(context.captured_queries) == 1
