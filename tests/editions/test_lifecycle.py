"""The edition's rules and steps: dates that hold together, the next edition prepared from
the current one, opening, closing, archiving, and the daily command that follows the dates."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from jres.editions import services
from jres.editions.models import CharterItem, Edition, EditionLog, EditionStatus, KeyFigure
from jres.toolkit.models import Category, Resource
from tests.factories import EditionFactory, KeyFigureFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _errors(edition: Edition) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    return error.value.message_dict


# Dates that hold together --------------------------------------------------------------


def test_an_event_window_overlapping_another_edition_is_refused_naming_it(current_edition):
    edition = Edition(
        year=2027, number=20, day=D(2027, 1, 10),
        window_start=D(2026, 10, 1), window_end=D(2027, 1, 20),
    )  # fmt: skip

    message = " ".join(_errors(edition)["__all__"])

    # The 2026 edition's window: a month either side of 27 September 2026 by default.
    assert "l'édition 2026" in message
    assert "du 28 août 2026 au 27 octobre 2026" in message
    assert "du 1 octobre 2026 au 20 janvier 2027" in message


def test_windows_that_touch_without_overlapping_are_accepted(current_edition):
    edition = Edition(
        year=2027, number=20, day=D(2027, 1, 10), window_start=D(2026, 10, 28),
        window_end=D(2027, 1, 20),
    )  # fmt: skip

    edition.full_clean()


def test_the_window_must_contain_the_day():
    edition = Edition(
        year=2027, number=20, day=D(2027, 9, 26),
        window_start=D(2027, 9, 27), window_end=D(2027, 9, 25),
    )  # fmt: skip

    errors = _errors(edition)

    assert "window_end" in errors


def test_the_window_must_start_by_the_day():
    errors = _errors(Edition(year=2027, number=20, day=D(2027, 9, 26), window_start=D(2027, 9, 27)))
    assert errors["window_start"] == [
        "La période des événements doit commencer au plus tard le jour J."
    ]


def test_submissions_must_open_before_they_close_and_end_with_the_window():
    backwards = Edition(
        year=2027, number=20, day=D(2027, 9, 26),
        submissions_open_on=D(2027, 6, 1), submissions_close_on=D(2027, 3, 1),
    )  # fmt: skip
    too_late = Edition(
        year=2027, number=20, day=D(2027, 9, 26), window_end=D(2027, 10, 3),
        submissions_close_on=D(2027, 10, 4),
    )  # fmt: skip

    assert "submissions_close_on" in _errors(backwards)
    assert _errors(too_late)["submissions_close_on"] == [
        "Les soumissions doivent se faire avant la fin de la période des événements "
        "(le 3 octobre 2027)."
    ]


def test_a_duplicate_year_or_number_gets_a_message_not_an_integrity_error(current_edition):
    errors = _errors(Edition(year=2026, number=19, day=D(2026, 9, 27)))

    assert errors["year"] == ["Une édition existe déjà pour cette année."]
    assert errors["number"] == ["Une autre édition porte déjà ce numéro."]


# Submission period ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "today", "accepts"),
    [
        ("open", D(2026, 2, 28), False),
        ("open", D(2026, 3, 1), True),
        ("open", D(2026, 9, 20), True),
        ("open", D(2026, 9, 21), False),
        ("draft", D(2026, 5, 1), False),
        ("closed", D(2026, 5, 1), False),
        ("archived", D(2026, 5, 1), False),
    ],
)
def test_accepts_submissions_is_open_status_within_the_period(status, today, accepts):
    edition = EditionFactory.build(
        year=2026, status=status,
        submissions_open_on=D(2026, 3, 1), submissions_close_on=D(2026, 9, 20),
    )  # fmt: skip

    assert edition.accepts_submissions(today) is accepts


def test_open_ended_sides_of_the_period():
    edition = EditionFactory.build(year=2026, status="open")

    assert edition.accepts_submissions(D(2000, 1, 1))
    assert edition.accepts_submissions(D(2100, 1, 1))


def test_the_refusal_says_when_submissions_open_or_ended():
    edition = EditionFactory.build(
        year=2026, status="open",
        submissions_open_on=D(2026, 3, 1), submissions_close_on=D(2026, 9, 20),
    )  # fmt: skip

    assert "ouvriront le 1 mars 2026" in edition.submissions_refusal(D(2026, 2, 1))
    assert edition.submissions_refusal(D(2026, 9, 21)) == (
        "Les soumissions pour l'édition 2026 ont pris fin le 20 septembre 2026."
    )
    assert edition.submissions_refusal(D(2026, 5, 1)) is None


# The next edition ----------------------------------------------------------------------


@pytest.fixture
def edition_2026(current_edition):
    current_edition.window_start = D(2026, 9, 20)
    current_edition.window_end = D(2026, 10, 4)
    current_edition.submissions_open_on = D(2026, 3, 1)
    current_edition.submissions_close_on = D(2026, 9, 20)
    current_edition.framing_fr = "Un texte de cadrage."
    current_edition.save()
    KeyFigureFactory(edition=current_edition, value="150 000", order=0)
    CharterItem.objects.create(edition=current_edition, text_fr="Entrée libre", order=0)
    CharterItem.objects.create(edition=current_edition, text_fr="Parole aux jeunes", order=1)
    return current_edition


def test_the_next_edition_is_prefilled_a_year_later_on_the_same_weekday(edition_2026):
    initial = services.next_edition_initial(edition_2026)

    assert initial["year"] == 2027
    assert initial["number"] == 20
    # Sunday 27 September 2026 -> Sunday 26 September 2027; the dates follow by 364 days.
    assert initial["day"] == D(2027, 9, 26)
    assert initial["day"].weekday() == edition_2026.day.weekday()
    assert initial["window_start"] == D(2027, 9, 19)
    assert initial["window_end"] == D(2027, 10, 3)
    assert initial["submissions_open_on"] == D(2027, 2, 28)
    assert initial["submissions_close_on"] == D(2027, 9, 19)
    assert initial["theme_fr"] == edition_2026.theme_fr
    assert initial["framing_fr"] == "Un texte de cadrage."


def test_next_day_stays_in_the_next_year():
    assert services.next_day(D(2026, 1, 1)).year == 2027
    assert services.next_day(D(2026, 1, 1)).weekday() == D(2026, 1, 1).weekday()


def test_create_next_edition_copies_the_charter_and_figures_not_the_resources(
    edition_2026, coordinator
):
    category = Category.objects.first()
    Resource.objects.create(
        edition=edition_2026, category=category, title_fr="Affiche 2026",
        video_url="https://vimeo.com/1",
    )  # fmt: skip

    edition = services.create_next_edition(source=edition_2026, by=coordinator)

    assert (edition.year, edition.number, edition.status) == (2027, 20, EditionStatus.DRAFT)
    assert not edition.is_current
    assert Edition.objects.current() == edition_2026
    assert [item.text_fr for item in edition.charter_items.all()] == [
        "Entrée libre",
        "Parole aux jeunes",
    ]
    assert list(edition.key_figures.values_list("value", flat=True)) == ["150 000"]
    assert not edition.resources.exists()
    assert edition_2026.charter_items.count() == 2
    assert KeyFigure.objects.filter(edition=edition_2026).count() == 1
    log = EditionLog.objects.get(edition=edition)
    assert (log.action, log.actor, log.message) == ("created", coordinator, "2026")


def test_create_next_edition_takes_the_coordinators_changes(edition_2026, coordinator):
    edition = services.create_next_edition(
        source=edition_2026, by=coordinator, theme_fr="Un nouveau thème", day=D(2027, 9, 25)
    )

    assert edition.theme_fr == "Un nouveau thème"
    assert edition.day == D(2027, 9, 25)


def test_create_next_edition_refuses_bad_dates_and_creates_nothing(edition_2026, coordinator):
    with pytest.raises(ValidationError):
        services.create_next_edition(source=edition_2026, by=coordinator, day=D(2026, 10, 1))

    assert Edition.objects.count() == 1
    assert CharterItem.objects.count() == 2


# Opening, closing, archiving ------------------------------------------------------------


def test_open_now_brings_a_future_opening_date_to_today(coordinator):
    edition = EditionFactory(
        year=2027, status="draft", submissions_open_on=D(2027, 3, 1),
        submissions_close_on=D(2027, 9, 19),
    )  # fmt: skip

    services.open_submissions(edition=edition, by=coordinator, today=D(2027, 1, 15))

    edition.refresh_from_db()
    assert edition.status == "open"
    assert edition.submissions_open_on == D(2027, 1, 15)
    assert edition.accepts_submissions(D(2027, 1, 15))
    assert edition.log.get().action == "opened"


def test_open_now_is_refused_once_the_closing_date_has_passed(coordinator):
    edition = EditionFactory(year=2027, status="closed", submissions_close_on=D(2027, 9, 19))

    with pytest.raises(services.LifecycleError, match="date de clôture"):
        services.open_submissions(edition=edition, by=coordinator, today=D(2027, 10, 1))

    edition.refresh_from_db()
    assert edition.status == "closed"


def test_close_then_archive(coordinator, current_edition):
    edition = EditionFactory(year=2027, status="open")

    services.close_submissions(edition=edition, by=coordinator)
    services.archive_edition(edition=edition, by=coordinator)

    edition.refresh_from_db()
    assert edition.status == "archived"
    assert [entry.action for entry in edition.log.all()] == ["archived", "closed"]


def test_the_current_edition_cannot_be_archived(coordinator, current_edition):
    current_edition.status = "closed"
    current_edition.save()

    with pytest.raises(services.LifecycleError, match="autre édition"):
        services.archive_edition(edition=current_edition, by=coordinator)


def test_an_open_edition_is_closed_before_it_is_archived(coordinator, current_edition):
    edition = EditionFactory(year=2027, status="open")

    with pytest.raises(services.LifecycleError, match="Clôturez"):
        services.archive_edition(edition=edition, by=coordinator)


def test_make_current_moves_the_home_page(coordinator, current_edition):
    edition = EditionFactory(year=2027, status="draft")

    services.make_current(edition=edition, by=coordinator)

    assert Edition.objects.current() == edition
    with pytest.raises(services.LifecycleError):
        services.make_current(edition=edition, by=coordinator)


# The daily command ---------------------------------------------------------------------


@pytest.fixture
def dated_editions():
    return {
        "opening": EditionFactory(
            year=2027, status="draft", submissions_open_on=D(2027, 3, 1),
            submissions_close_on=D(2027, 9, 19),
        ),
        "closing": EditionFactory(year=2026, status="open", submissions_close_on=D(2026, 9, 20)),
        "undated_draft": EditionFactory(year=2028, status="draft"),
    }  # fmt: skip


def _statuses():
    return dict(Edition.objects.values_list("year", "status"))


def test_the_command_moves_statuses_on_the_right_dates(dated_editions):
    assert services.update_statuses(today=D(2026, 9, 20)) == []
    assert _statuses() == {2026: "open", 2027: "draft", 2028: "draft"}

    assert services.update_statuses(today=D(2026, 9, 21)) == ["2026: open -> closed"]
    assert _statuses() == {2026: "closed", 2027: "draft", 2028: "draft"}

    assert services.update_statuses(today=D(2027, 2, 28)) == []
    assert services.update_statuses(today=D(2027, 3, 1)) == ["2027: draft -> open"]
    assert _statuses() == {2026: "closed", 2027: "open", 2028: "draft"}


def test_the_command_is_idempotent_and_says_what_it_changed(dated_editions):
    out = io.StringIO()
    call_command("update_editions", today="2027-09-20", stdout=out)

    assert out.getvalue().splitlines() == [
        "2027: draft -> open",
        "2026: open -> closed",
        "2027: open -> closed",
        "3 edition(s) changed",
    ]
    again = io.StringIO()
    call_command("update_editions", today="2027-09-20", stdout=again)
    assert again.getvalue() == "0 edition(s) changed\n"
    assert _statuses() == {2026: "closed", 2027: "closed", 2028: "draft"}
    assert EditionLog.objects.filter(actor=None).count() == 3


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("update_editions", today="<script>")
