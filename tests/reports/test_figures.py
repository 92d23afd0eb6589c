"""The figures that the reports of an edition add up to."""

import pytest

from jres.events.models import Audience
from jres.reports.figures import edition_figures
from tests.factories import EditionFactory
from tests.reports.conftest import make_photo, make_report, past_event

pytestmark = pytest.mark.django_db


def test_an_edition_adds_up_its_reports(current_edition, organiser):
    parents, pupils = Audience.objects.get(slug="parents"), Audience.objects.get(slug="eleves")
    first = make_report(past_event(edition=current_edition, organiser=organiser), participants=40)
    first.audiences.set([parents, pupils])
    make_photo(first, 1)
    make_photo(first, 2)
    second = make_report(past_event(edition=current_edition, organiser=organiser), participants=25)
    second.audiences.set([parents])
    past_event(edition=current_edition, organiser=organiser)  # labelled, not reported on
    cancelled = past_event(edition=current_edition, organiser=organiser, status="cancelled")
    make_report(cancelled, participants=1000)
    make_report(past_event(edition=EditionFactory(year=2025), organiser=organiser))

    figures = edition_figures(current_edition)

    assert figures.reports == 2
    assert figures.participants == 65
    assert figures.photos == 2
    assert figures.labelled_events == 3
    assert figures.reported_share == pytest.approx(2 / 3)
    assert [(audience.slug, count) for audience, count in figures.audiences] == [
        ("parents", 2),
        ("eleves", 1),
    ]


def test_an_edition_without_reports_has_zeros(current_edition):
    figures = edition_figures(current_edition)

    assert (figures.reports, figures.participants, figures.photos) == (0, 0, 0)
    assert figures.reported_share == 0.0 and figures.audiences == []
