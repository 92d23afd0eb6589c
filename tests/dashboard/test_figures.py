"""figures.py against the same figures computed in plain Python from the objects created."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jres.dashboard import figures
from jres.events.models import EventStatus
from jres.registrations.models import RegistrationStatus
from jres.reports.figures import edition_figures as report_figures
from tests.dashboard.conftest import build, expected_figures, in_place
from tests.events.factories import EventFactory
from tests.registrations.factories import RegistrationFactory

PLACES = [
    {},
    {"region": "75"},
    {"region": "11"},
    {"department": "33"},
    {"department": "2A"},
    {"region": "76"},
]


def as_dict(result: figures.EditionFigures) -> dict:
    values = {
        name: getattr(result, name)
        for name in (
            "submitted_events", "labelled_events", "published_events", "in_school_events",
            "communes", "departments", "registrations", "places", "waiting", "waiting_places",
            "reports", "participants", "partners", "initiatives", "testimonies", "volunteers",
            "toolkit_downloads",
        )
    }  # fmt: skip
    values["by_status"] = dict(result.events_by_status)
    return values


@pytest.mark.parametrize("place", PLACES, ids=lambda place: str(place) or "national")
def test_edition_figures_match_an_independent_count(dataset, place):
    for edition in (dataset.current, dataset.past):
        result = figures.edition_figures(edition, **place)
        assert as_dict(result) == expected_figures(dataset, edition, **place)


def test_the_data_set_is_not_trivial(dataset):
    expected = expected_figures(dataset, dataset.current)
    assert expected["labelled_events"] == 8
    assert expected["submitted_events"] == 13
    assert expected["published_events"] == 9
    assert expected["in_school_events"] == 2
    assert (expected["places"], expected["waiting"]) == (15, 2)
    assert (expected["reports"], expected["participants"]) == (3, 125)
    assert expected_figures(dataset, dataset.current, region="75")["partners"] == 2


def test_national_reports_agree_with_the_reports_app(dataset):
    reports = report_figures(dataset.current)
    result = figures.edition_figures(dataset.current)
    assert (result.reports, result.participants) == (reports.reports, reports.participants)
    assert result.labelled_events == reports.labelled_events


def test_region_and_department_accept_geo_rows(dataset):
    by_code = figures.edition_figures(dataset.current, department="33")
    by_row = figures.edition_figures(dataset.current, department=dataset.france.gironde)
    assert by_row.labelled_events == by_code.labelled_events == 5


def test_figures_are_cached_until_an_event_changes(dataset):
    first = figures.edition_figures(dataset.current)
    # A registration does not bump the events' counter: the cached figure stays a minute.
    RegistrationFactory(event=dataset.events[0], places=4)
    assert figures.edition_figures(dataset.current).places == first.places
    # An event saved bumps it: the figures are computed again, registration included.
    dataset.events[0].save()
    again = figures.edition_figures(dataset.current)
    assert again.places == first.places + 4


def generation_reads(queries) -> int:
    return sum("core_generation" in query["sql"] for query in queries)


def test_a_snapshot_reads_the_events_counter_once(dataset):
    edition = dataset.current
    figures.edition_figures(edition)
    figures.by_region(edition)
    with CaptureQueriesContext(connection) as outside:
        figures.edition_figures(edition)
        figures.by_region(edition)
    # Outside a snapshot (the edition's report) each figure reads the counter itself.
    assert generation_reads(outside.captured_queries) == 2
    with CaptureQueriesContext(connection) as inside, figures.snapshot():
        figures.edition_figures(edition)
        figures.by_region(edition)
    assert generation_reads(inside.captured_queries) == len(inside.captured_queries) == 1


def test_a_snapshot_keeps_the_counter_it_read(dataset):
    edition = dataset.current
    with figures.snapshot():
        first = figures.edition_figures(edition)
        RegistrationFactory(event=dataset.events[0], places=4)
        dataset.events[0].save()
        # Within the block the page reads one state of the data (the cached one).
        assert figures.edition_figures(edition) is not None
        assert figures.edition_figures(edition).places == first.places
    assert figures.edition_figures(edition).places == first.places + 4


def test_timeline_cumulates_per_day_aligned_on_the_day(dataset):
    edition = dataset.current
    result = figures.timeline(edition, today=edition.day)
    assert result.days[0] == -figures.TIMELINE_DAYS and result.days[-1] == 0
    events = [e for e in dataset.events if e.edition_id == edition.pk]
    labelled_ids = {e.pk for e in events if e.status == EventStatus.LABELLED}
    for offset in (-84, -50, -20, -8, -3, 0):
        index = result.days.index(offset)
        moment = edition.day + datetime.timedelta(days=offset)
        assert result.labelled[index] == sum(
            e.status == EventStatus.LABELLED and e.labelled_at.date() <= moment for e in events
        )
        assert result.submitted[index] == sum(
            e.status != EventStatus.DRAFT
            and min(d for d in (e.submitted_at, e.labelled_at) if d).date() <= moment
            for e in events
        )
        assert result.places[index] == sum(
            r.places
            for r in dataset.registrations
            if r.event_id in labelled_ids
            and r.status == RegistrationStatus.CONFIRMED
            and r.confirmed_at.date() <= moment
        )
    # Registrations confirmed before the window are folded into its first day.
    assert result.places[0] == 2


def test_timeline_stops_at_today(dataset):
    edition = dataset.current
    today = edition.day - datetime.timedelta(days=10)
    result = figures.timeline(edition, today=today)
    assert result.labelled[result.days.index(-10)] is not None
    assert result.labelled[result.days.index(-9)] is None
    assert result.places[-1] is None


def test_breakdowns_by_kind_audience_and_region(dataset):
    edition = dataset.current
    labelled = [
        e for e in dataset.events if e.edition_id == edition.pk and e.status == EventStatus.LABELLED
    ]
    kinds = {share.code: share.events for share in figures.by_kind(edition)}
    assert kinds == {
        slug: sum(e.kind.slug == slug for e in labelled) for slug in {e.kind.slug for e in labelled}
    }
    audiences = {share.code: share.events for share in figures.by_audience(edition, region="75")}
    in_region = [e for e in labelled if in_place(e, region="75")]
    slugs = {a.slug for e in in_region for a in e.audiences.all()}
    assert audiences == {
        slug: sum(slug in {a.slug for a in e.audiences.all()} for e in in_region) for slug in slugs
    }
    regions = figures.by_region(edition)
    assert [share.code for share in regions] == ["75", "11", "94"]
    confirmed = [
        r
        for r in dataset.registrations
        if r.status == RegistrationStatus.CONFIRMED and r.event in labelled
    ]
    for share in regions:
        assert share.events == sum(e.region_id == share.code for e in labelled)
        assert share.places == sum(r.places for r in confirmed if r.event.region_id == share.code)


def test_by_department_gives_events_and_participants(dataset):
    result = figures.by_department(dataset.current)
    assert result == {"2A": (1, 0), "33": (5, 65), "75": (2, 60)}
    assert figures.by_department(dataset.current, region="11") == {"75": (2, 60)}


def test_compare_editions_gives_each_editions_headline(dataset):
    summaries = figures.compare_editions([dataset.past, dataset.current])
    assert [summary.year for summary in summaries] == [2026, 2025]
    for summary, edition in zip(summaries, [dataset.current, dataset.past], strict=True):
        expected = expected_figures(dataset, edition)
        assert summary.labelled_events == expected["labelled_events"]
        assert summary.submitted_events == expected["submitted_events"]
        assert summary.in_school_events == expected["in_school_events"]
        assert summary.communes == expected["communes"]
        assert summary.departments == expected["departments"]
        assert summary.places == expected["places"]
        assert summary.waiting == expected["waiting"]
        assert summary.participants == expected["participants"]
        assert summary.toolkit_downloads == expected["toolkit_downloads"]
    assert figures.compare_editions([]) == []


def test_query_counts_do_not_grow_with_the_data(current_edition, past_edition, france):
    def count_queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            figures.edition_figures(current_edition)
            figures.timeline(current_edition)
            figures.by_region(current_edition)
            figures.by_kind(current_edition)
            figures.by_audience(current_edition)
            figures.by_department(current_edition)
            figures.compare_editions([current_edition, past_edition])
        return len(context.captured_queries)

    build(current_edition, past_edition, france)
    small = count_queries()
    build(current_edition, past_edition, france, scale=3)
    # Each function: its own fixed queries, plus one for the events counter of its cache key.
    assert count_queries() == small == 34


def test_timeline_days_are_paris_days_around_midnight(current_edition, france):
    """22:30 UTC in summer is 00:30 the next day in Paris: it counts on that day."""
    edition = current_edition
    day = edition.day - datetime.timedelta(days=20)

    def utc(date: datetime.date, hour: int, minute: int) -> datetime.datetime:
        return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=datetime.UTC)

    labelled_at = utc(day - datetime.timedelta(days=10), 22, 30)
    event = EventFactory(
        edition=edition,
        commune=france.bordeaux,
        status=EventStatus.LABELLED,
        submitted_at=labelled_at,
        labelled_at=labelled_at,
        registration_mode="platform",
        capacity=50,
    )
    for places, moment in ((3, utc(day, 21, 30)), (5, utc(day, 22, 30))):
        RegistrationFactory(
            event=event, places=places, status=RegistrationStatus.CONFIRMED, confirmed_at=moment
        )
    result = figures.timeline(edition, today=edition.day)

    def at(offset: int, series) -> int | None:
        return series[result.days.index(offset)]

    # 21:30 UTC is 23:30 in Paris, the same day; 22:30 UTC is the next day there.
    assert [at(offset, result.places) for offset in (-21, -20, -19)] == [0, 3, 8]
    assert [at(offset, result.labelled) for offset in (-31, -30, -29)] == [0, 0, 1]
    assert [at(offset, result.submitted) for offset in (-31, -30, -29)] == [0, 0, 1]


# --- the last value, served while one request computes it again ---------------------------


@pytest.fixture
def lock_held(monkeypatch):
    """Another request is computing every figure."""
    monkeypatch.setattr(figures, "_take_lock", lambda key: False)


def expire_the_fresh_entries(dataset):
    dataset.events[0].save()  # bumps the events' counter


def test_while_another_request_computes_the_last_value_is_served(dataset, monkeypatch):
    edition = dataset.current
    with figures.snapshot() as state:
        first = figures.edition_figures(edition)
    RegistrationFactory(event=dataset.events[0], places=4)
    expire_the_fresh_entries(dataset)
    monkeypatch.setattr(figures, "_take_lock", lambda key: False)
    with figures.snapshot() as stale, CaptureQueriesContext(connection) as context:
        result = figures.edition_figures(edition)
    assert len(context.captured_queries) == 0
    assert result.places == first.places
    assert stale.computed_at == state.computed_at
    # The lock released, the next request computes the figure again.
    monkeypatch.undo()
    with figures.snapshot() as fresh:
        assert figures.edition_figures(edition).places == first.places + 4
    assert fresh.computed_at > state.computed_at


def test_without_a_last_value_a_request_computes_even_if_locked(dataset, lock_held):
    with CaptureQueriesContext(connection) as context:
        result = figures.edition_figures(dataset.current)
    assert len(context.captured_queries) > 1
    assert result.labelled_events == expected_figures(dataset, dataset.current)["labelled_events"]


def test_the_lock_is_released_after_computing(dataset):
    cache.clear()
    figures.by_region(dataset.current)
    key = f"dashboard:by-region:{dataset.current.pk}:-:-:lock"
    assert cache.add(key, True, 5)
