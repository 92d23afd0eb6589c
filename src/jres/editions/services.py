"""The life of an edition: prepared from the previous one, opened, closed, archived.

Each step writes a line of history; the daily command `update_editions` moves the status
with the submission dates, the coordinator's buttons move it by hand.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import CharterItem, Edition, EditionLog, EditionLogAction, EditionStatus, KeyFigure

# The next day falls on the same weekday, 52 weeks later: one or two days before the same
# date, which keeps a Saturday a Saturday and the day in the same week of September.
YEAR_IN_WEEKS = datetime.timedelta(weeks=52)

# The dates that follow the day when the next edition is prepared.
SHIFTED_FIELDS = ("window_start", "window_end", "submissions_open_on", "submissions_close_on")
COPIED_FIELDS = ("theme_fr", "theme_en", "framing_fr", "framing_en")


class LifecycleError(Exception):
    """A step that the edition's status or dates do not allow."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _log(edition: Edition, *, by, action: str, message: str = "") -> EditionLog:
    return EditionLog.objects.create(edition=edition, actor=by, action=action, message=message)


def next_day(day: datetime.date) -> datetime.date:
    """The same weekday a year later, in the following year."""
    moved = day + YEAR_IN_WEEKS
    return moved if moved.year == day.year + 1 else moved + datetime.timedelta(weeks=1)


def next_edition_initial(source: Edition) -> dict:
    """What the form to prepare the edition after `source` starts with."""
    day = next_day(source.day)
    offset = day - source.day
    initial = {
        "year": source.year + 1,
        "number": source.number + 1,
        "day": day,
        **{field: getattr(source, field) for field in COPIED_FIELDS},
    }
    for field in SHIFTED_FIELDS:
        value = getattr(source, field)
        initial[field] = value + offset if value else None
    return initial


@transaction.atomic
def create_next_edition(*, source: Edition, by, **fields) -> Edition:
    """A draft edition, not current, with the source's key figures and label charter.

    The kit's resources belong to their year and are not copied; its categories are one
    list for every edition, so the new edition has them already.
    """
    edition = Edition(**{**next_edition_initial(source), **fields})
    edition.status = EditionStatus.DRAFT
    edition.is_current = False
    edition.full_clean()
    edition.save()
    KeyFigure.objects.bulk_create(
        KeyFigure(
            edition=edition,
            value=figure.value,
            label_fr=figure.label_fr,
            label_en=figure.label_en,
            source=figure.source,
            order=figure.order,
        )  # fmt: skip
        for figure in source.key_figures.all()
    )
    CharterItem.objects.bulk_create(
        CharterItem(edition=edition, text_fr=item.text_fr, text_en=item.text_en, order=item.order)
        for item in source.charter_items.all()
    )
    _log(edition, by=by, action=EditionLogAction.CREATED, message=str(source.year))
    return edition


@transaction.atomic
def update_edition(*, edition: Edition, by, changed_fields) -> None:
    """Record the coordinator's edit of an edition's dates or texts (saved by the form)."""
    changed = sorted(changed_fields)
    if changed:
        _log(edition, by=by, action=EditionLogAction.EDITED, message=", ".join(changed)[:300])


@transaction.atomic
def make_current(*, edition: Edition, by) -> None:
    """Present the edition on the home page: organisers' new events go to it."""
    if edition.status == EditionStatus.ARCHIVED:
        raise LifecycleError(_("Une édition archivée ne peut plus être présentée."))
    if edition.is_current:
        raise LifecycleError(_("Cette édition est déjà présentée sur la page d'accueil."))
    edition.make_current()
    _log(edition, by=by, action=EditionLogAction.MADE_CURRENT)


@transaction.atomic
def open_submissions(*, edition: Edition, by, today: datetime.date | None = None) -> None:
    """Accept organisers' submissions from today; an opening date still ahead becomes today."""
    today = today or timezone.localdate()
    if edition.status == EditionStatus.ARCHIVED:
        raise LifecycleError(_("Une édition archivée ne rouvre pas."))
    if edition.submissions_close_on and edition.submissions_close_on < today:
        raise LifecycleError(
            _(
                "La date de clôture des soumissions est passée : modifiez-la d'abord dans "
                "les dates de l'édition."
            )
        )
    if edition.accepts_submissions(today):
        raise LifecycleError(_("Les soumissions sont déjà ouvertes."))
    edition.status = EditionStatus.OPEN
    if edition.submissions_open_on and edition.submissions_open_on > today:
        edition.submissions_open_on = today
    edition.save(update_fields=["status", "submissions_open_on"])
    _log(edition, by=by, action=EditionLogAction.OPENED)


@transaction.atomic
def close_submissions(*, edition: Edition, by) -> None:
    """Stop accepting submissions now; events already sent stay in the moderators' queue."""
    if edition.status != EditionStatus.OPEN:
        raise LifecycleError(_("Les soumissions de cette édition ne sont pas ouvertes."))
    edition.status = EditionStatus.CLOSED
    edition.save(update_fields=["status"])
    _log(edition, by=by, action=EditionLogAction.CLOSED)


@transaction.atomic
def archive_edition(*, edition: Edition, by) -> None:
    """File a past edition away: its page, events and figures stay public, nothing changes."""
    if edition.is_current:
        raise LifecycleError(
            _("Présentez d'abord une autre édition sur la page d'accueil, puis archivez celle-ci.")
        )
    if edition.status != EditionStatus.CLOSED:
        raise LifecycleError(_("Clôturez d'abord les soumissions de cette édition."))
    edition.status = EditionStatus.ARCHIVED
    edition.save(update_fields=["status"])
    _log(edition, by=by, action=EditionLogAction.ARCHIVED)


@transaction.atomic
def update_statuses(*, today: datetime.date | None = None) -> list[str]:
    """Move the editions' statuses with their submission dates; says what changed.

    A draft whose opening date has come opens; an open edition whose closing date has
    passed closes. Nothing else moves (a closed edition never reopens by itself), so
    running it twice changes nothing the second time.
    """
    today = today or timezone.localdate()
    changes = []
    opening = (
        Edition.objects.select_for_update()
        .filter(status=EditionStatus.DRAFT, submissions_open_on__lte=today)
        .order_by("year")
    )
    for edition in opening:
        edition.status = EditionStatus.OPEN
        edition.save(update_fields=["status"])
        _log(edition, by=None, action=EditionLogAction.OPENED, message=str(today))
        changes.append(f"{edition.year}: draft -> open")
    closing = (
        Edition.objects.select_for_update()
        .filter(status=EditionStatus.OPEN, submissions_close_on__lt=today)
        .order_by("year")
    )
    for edition in closing:
        edition.status = EditionStatus.CLOSED
        edition.save(update_fields=["status"])
        _log(edition, by=None, action=EditionLogAction.CLOSED, message=str(today))
        changes.append(f"{edition.year}: open -> closed")
    return changes
