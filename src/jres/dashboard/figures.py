"""The coordination figures of an edition, computed in SQL and cached a minute.

Every public function takes an edition (and, where it says so, a region or a department
given as a `geo` row or its INSEE code) and returns frozen dataclasses of plain values, so
that the dashboard and the edition's national report read the same numbers. Each result
is kept `CACHE_SECONDS` in Django's cache under a key holding the `events` counter: a change
to an event shows at once; a new registration, report or partner within a minute. When that
entry is missing, one request computes the figure again (national ones take seconds on a
million registrations) while the others, meanwhile, get the last value computed (kept a
day), with the time it was computed at (`Snapshot.computed_at`).

What the words mean everywhere below:

- *labelled events*: events whose status is "labelled" now (cancelled events excluded);
- *published events*: what the public sees, labelled or cancelled after their label
  (`Event.objects.published()`);
- *submitted events*: events sent to moderation at least once (any status but draft);
- *in-school events*: labelled events that are not public (`is_public=False`);
- *confirmed registrations* and *places*: registrations with status "confirmed" to labelled
  events, and the places they hold; the *waiting list* is status "waiting";
- *reports* and *participants*: the reports of labelled events and the participants they
  state (as `jres.reports.figures.edition_figures` counts them).

The region and department filters apply to what has a place: events (their own `region`
and `department` columns), registrations and reports (through their event), partners (their
territory), initiatives, testimonies and volunteers (their commune). Toolkit downloads are
national.
"""

import contextlib
import contextvars
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import CharField, Count, F, Q, Sum
from django.db.models.functions import Cast, Coalesce, Least, Substr
from django.utils import timezone, translation

from jres.core.caching import generation
from jres.events.models import Audience, Event, EventKind, EventStatus
from jres.events.receivers import GENERATION as EVENTS_GENERATION
from jres.geo.models import Region
from jres.initiatives.models import Initiative
from jres.partners.models import Partner
from jres.registrations.models import Registration, RegistrationStatus
from jres.reports.models import EventReport
from jres.testimonies.models import Testimony
from jres.toolkit.models import Resource
from jres.volunteers.models import Volunteer

CACHE_SECONDS = 60
# The last value of each figure, served while one request computes it again.
STALE_SECONDS = 24 * 3600
# Longer than the slowest computation; a worker killed while computing holds it no longer.
LOCK_SECONDS = 60
# The curve towards the day starts twelve weeks before it.
TIMELINE_DAYS = 84


@dataclass(frozen=True)
class EditionFigures:
    """The headline figures of one edition, within a region or a department if given."""

    year: int
    region: str | None
    department: str | None
    # (status value, number of events) for every status, in the order of EventStatus.
    events_by_status: tuple[tuple[str, int], ...]
    submitted_events: int
    labelled_events: int
    published_events: int
    in_school_events: int
    communes: int
    departments: int
    registrations: int
    places: int
    waiting: int
    waiting_places: int
    reports: int
    participants: int
    partners: int
    initiatives: int
    testimonies: int
    volunteers: int
    toolkit_downloads: int
    computed_at: datetime.datetime

    def status_count(self, status: str) -> int:
        return dict(self.events_by_status).get(status, 0)


@dataclass(frozen=True)
class Timeline:
    """Cumulative figures per day, `days[i]` days from the day (negative before it).

    `None` marks the days still to come, so that a curve stops at today.
    """

    year: int
    days: tuple[int, ...]
    submitted: tuple[int | None, ...]
    labelled: tuple[int | None, ...]
    places: tuple[int | None, ...]


@dataclass(frozen=True)
class Share:
    """One bar of a breakdown: a region, a kind or an audience."""

    code: str
    name_fr: str
    name_en: str = ""
    # Labelled events, and the confirmed places booked on them.
    events: int = 0
    places: int = 0

    @property
    def name(self) -> str:
        language = (translation.get_language() or "fr")[:2]
        return (self.name_en if language == "en" else "") or self.name_fr


@dataclass(frozen=True)
class EditionSummary:
    """An edition's headline figures, for the year-over-year table."""

    year: int
    number: int
    submitted_events: int
    labelled_events: int
    in_school_events: int
    communes: int
    departments: int
    places: int
    waiting: int
    reports: int
    participants: int
    toolkit_downloads: int


def _code(place) -> str | None:
    if place is None or place == "":
        return None
    return getattr(place, "code", None) or str(place)


@dataclass
class Snapshot:
    """The state of the data a set of figures is read against (see `snapshot`).

    `computed_at` is when the oldest of the figures served within the block was computed.
    """

    generation: int
    computed_at: datetime.datetime | None = None


_snapshot: contextvars.ContextVar[Snapshot | None] = contextvars.ContextVar(
    "dashboard_snapshot", default=None
)


@contextlib.contextmanager
def snapshot() -> Iterator[Snapshot]:
    """Read the `events` counter once for every figure asked for within the block.

    A page showing ten figures would otherwise read it ten times; outside the block (the
    edition's report, the shell) each figure reads it itself.
    """
    state = Snapshot(generation=generation(EVENTS_GENERATION))
    token = _snapshot.set(state)
    try:
        yield state
    finally:
        _snapshot.reset(token)


def _generation() -> int:
    state = _snapshot.get()
    return state.generation if state is not None else generation(EVENTS_GENERATION)


def _take_lock(key: str) -> bool:
    """Whether this request may compute the figure (no other one is computing it)."""
    return cache.add(key, True, LOCK_SECONDS)


def _served(entry: tuple[datetime.datetime, object]):
    computed_at, value = entry
    state = _snapshot.get()
    if state is not None and (state.computed_at is None or computed_at < state.computed_at):
        state.computed_at = computed_at
    return value


def _cached(name: str, edition, region, department, compute: Callable):
    """The figure's value for the current `events` counter, computed at most once a minute.

    Missing (the minute is over, or an event changed), one request takes a lock and
    computes it; requests arriving meanwhile get the last value computed if there is one,
    else compute it too.
    """
    base = ":".join(
        ("dashboard", name, str(getattr(edition, "pk", edition)), region or "-", department or "-")
    )
    fresh_key = f"{base}:fresh:{_generation()}"
    if (entry := cache.get(fresh_key)) is not None:
        return _served(entry)
    lock_key = f"{base}:lock"
    locked = _take_lock(lock_key)
    if not locked and (entry := cache.get(f"{base}:last")) is not None:
        return _served(entry)
    try:
        entry = (timezone.now(), compute())
        cache.set(fresh_key, entry, CACHE_SECONDS)
        cache.set(f"{base}:last", entry, STALE_SECONDS)
    finally:
        if locked:
            cache.delete(lock_key)
    return _served(entry)


def _place_filter(region: str | None, department: str | None, *, prefix: str = "") -> Q:
    """Events' (or related rows') place, through their copied columns."""
    if department:
        return Q(**{f"{prefix}department_id": department})
    if region:
        return Q(**{f"{prefix}region_id": region})
    return Q()


def _commune_filter(region: str | None, department: str | None) -> Q:
    if department:
        return Q(commune__department_id=department)
    if region:
        return Q(commune__department__region_id=region)
    return Q()


def _events(edition, region, department):
    return Event.objects.filter(_place_filter(region, department), edition=edition).order_by()


def _confirmed(edition, region, department):
    return Registration.objects.filter(
        _place_filter(region, department, prefix="event__"),
        event__edition=edition,
        event__status=EventStatus.LABELLED,
        status=RegistrationStatus.CONFIRMED,
    ).order_by()


def _reports(edition, region, department):
    return EventReport.objects.filter(
        _place_filter(region, department, prefix="event__"),
        event__edition=edition,
        event__status=EventStatus.LABELLED,
    ).order_by()


def edition_figures(edition, *, region=None, department=None) -> EditionFigures:
    """The edition's headline figures (see the module's docstring for each word).

    Partners, initiatives, testimonies and volunteers are not tied to an edition: they are
    the platform's current totals (partners of the network, published initiatives,
    published testimonies, volunteers on file), within the region or department when one
    is given (a partner by its territory: a region's council is not in its departments).
    Toolkit downloads add up the edition's resources, nationally. A fixed nine queries.
    """
    region, department = _code(region), _code(department)

    def compute() -> EditionFigures:
        events = _events(edition, region, department)
        by_status = dict(events.values_list("status").annotate(count=Count("pk")))
        is_labelled = Q(status=EventStatus.LABELLED)
        labelled = events.aggregate(
            count=Count("pk", filter=is_labelled),
            published=Count("pk", filter=Q(published=True)),
            in_school=Count("pk", filter=is_labelled & Q(is_public=False)),
            communes=Count("commune", distinct=True, filter=is_labelled),
            departments=Count("department", distinct=True, filter=is_labelled),
        )
        registrations = (
            Registration.objects.filter(
                _place_filter(region, department, prefix="event__"),
                event__edition=edition,
                event__status=EventStatus.LABELLED,
                status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
            )
            .order_by()
            .values_list("status")
            .annotate(count=Count("pk"), places=Sum("places"))
        )
        registrations = {status: (count, places) for status, count, places in registrations}
        reports = _reports(edition, region, department).aggregate(
            count=Count("pk"), participants=Sum("participants")
        )
        partners = Partner.objects.all()
        if department:
            partners = partners.filter(department_id=department)
        elif region:
            partners = partners.filter(region_id=region)
        commune_filter = _commune_filter(region, department)
        return EditionFigures(
            year=edition.year,
            region=region,
            department=department,
            events_by_status=tuple(
                (status.value, by_status.get(status.value, 0)) for status in EventStatus
            ),
            submitted_events=sum(
                count for status, count in by_status.items() if status != EventStatus.DRAFT
            ),
            labelled_events=labelled["count"],
            published_events=labelled["published"],
            in_school_events=labelled["in_school"],
            communes=labelled["communes"],
            departments=labelled["departments"],
            registrations=registrations.get(RegistrationStatus.CONFIRMED, (0, 0))[0],
            places=registrations.get(RegistrationStatus.CONFIRMED, (0, 0))[1] or 0,
            waiting=registrations.get(RegistrationStatus.WAITING, (0, 0))[0],
            waiting_places=registrations.get(RegistrationStatus.WAITING, (0, 0))[1] or 0,
            reports=reports["count"],
            participants=reports["participants"] or 0,
            partners=partners.count(),
            initiatives=Initiative.objects.published().filter(commune_filter).count(),
            testimonies=Testimony.objects.published().filter(commune_filter).count(),
            volunteers=Volunteer.objects.filter(commune_filter).count(),
            toolkit_downloads=Resource.objects.filter(edition=edition).aggregate(
                total=Sum("download_count")
            )["total"]
            or 0,
            computed_at=timezone.now(),
        )

    return _cached("figures", edition, region, department, compute)


def _per_day(queryset, moment, value) -> dict[datetime.date, int]:
    """{local date: value} of the rows grouped by the local day of `moment`.

    Grouped in SQL by the UTC hour, as text ('YYYY-MM-DD HH' on SQLite and on PostgreSQL,
    whose connections Django keeps in UTC), then folded into local days here: a few
    thousand hours at most, where a day in the local time zone would have SQLite call a
    Python function on each of a million rows. Exact for zones whose offsets are whole
    hours, such as Europe/Paris (the site's).
    """
    hour = Substr(Cast(moment, output_field=CharField()), 1, 13)
    rows = queryset.annotate(hour=hour).values_list("hour").annotate(value=value).order_by()
    zone = timezone.get_current_timezone()
    per_day: dict[datetime.date, int] = {}
    for text, total in rows:
        if text is None:
            continue
        moment_utc = datetime.datetime.strptime(text, "%Y-%m-%d %H").replace(tzinfo=datetime.UTC)
        date = moment_utc.astimezone(zone).date()
        per_day[date] = per_day.get(date, 0) + (total or 0)
    return per_day


def _cumulate(
    per_day: dict, *, day: datetime.date, days: Iterable[int], today: datetime.date
) -> tuple[int | None, ...]:
    first = day + datetime.timedelta(days=min(days))
    running = sum(value for date, value in per_day.items() if date is not None and date < first)
    values = []
    for offset in days:
        date = day + datetime.timedelta(days=offset)
        running += per_day.get(date, 0)
        values.append(running if date <= today else None)
    return tuple(values)


def timeline(
    edition, *, region=None, department=None, today: datetime.date | None = None
) -> Timeline:
    """Cumulative submitted events, labelled events and confirmed places, per day.

    From `TIMELINE_DAYS` days before the edition's day to the day itself, everything
    earlier folded into the first day, so that editions line up day for day. *Submitted*
    counts the events sent to moderation (dated by their first submission or label, the
    earlier one); *labelled* the events labelled now, on the day of their first label;
    *places* the confirmed places on labelled events, on the day they were confirmed (else
    booked). Days after `today` (local date by default) are `None`. Three queries.
    """
    region, department = _code(region), _code(department)
    today = today or timezone.localdate()

    def compute() -> Timeline:
        events = _events(edition, region, department)
        submitted = _per_day(
            events.exclude(status=EventStatus.DRAFT),
            Coalesce(
                Least(
                    Coalesce("submitted_at", "labelled_at"),
                    Coalesce("labelled_at", "submitted_at"),
                ),
                "created_at",
            ),
            Count("pk"),
        )
        labelled = _per_day(
            events.filter(status=EventStatus.LABELLED),
            Coalesce("labelled_at", "created_at"),
            Count("pk"),
        )
        places = _per_day(
            _confirmed(edition, region, department),
            Coalesce("confirmed_at", "created_at"),
            Sum("places"),
        )
        days = tuple(range(-TIMELINE_DAYS, 1))
        return Timeline(
            year=edition.year,
            days=days,
            submitted=_cumulate(submitted, day=edition.day, days=days, today=today),
            labelled=_cumulate(labelled, day=edition.day, days=days, today=today),
            places=_cumulate(places, day=edition.day, days=days, today=today),
        )

    return _cached(f"timeline-{today.isoformat()}", edition, region, department, compute)


def _shares(event_rows, place_rows, names: dict[str, tuple[str, str]]) -> list[Share]:
    events = dict(event_rows)
    places = dict(place_rows)
    shares = [
        Share(
            code=str(code),
            name_fr=name_fr,
            name_en=name_en,
            events=events.get(code, 0),
            places=places.get(code) or 0,
        )
        for code, (name_fr, name_en) in names.items()
        if events.get(code) or places.get(code)
    ]
    return sorted(shares, key=lambda share: (-share.events, -share.places, share.name_fr))


def by_region(edition) -> list[Share]:
    """Labelled events and confirmed places per region, most events first.

    National (no filter): the point is to compare the regions. Regions without any event
    are left out; events without a region (online only) are not counted. Three queries.
    """

    def compute() -> list[Share]:
        labelled = _events(edition, None, None).filter(status=EventStatus.LABELLED)
        return _shares(
            labelled.values_list("region_id").annotate(count=Count("pk")),
            _confirmed(edition, None, None)
            .values_list("event__region_id")
            .annotate(places=Sum("places")),
            {code: (name, "") for code, name in Region.objects.values_list("code", "name")},
        )

    return _cached("by-region", edition, None, None, compute)


def by_kind(edition, *, region=None, department=None) -> list[Share]:
    """Labelled events and confirmed places per kind of event, most events first.

    Kinds without any event are left out. Three queries.
    """
    region, department = _code(region), _code(department)

    def compute() -> list[Share]:
        labelled = _events(edition, region, department).filter(status=EventStatus.LABELLED)
        return _shares(
            labelled.values_list("kind__slug").annotate(count=Count("pk")),
            _confirmed(edition, region, department)
            .values_list("event__kind__slug")
            .annotate(places=Sum("places")),
            {
                slug: (name_fr, name_en)
                for slug, name_fr, name_en in EventKind.objects.values_list(
                    "slug", "name_fr", "name_en"
                )
            },
        )

    return _cached("by-kind", edition, region, department, compute)


def by_audience(edition, *, region=None, department=None) -> list[Share]:
    """Labelled events and confirmed places per audience, most events first.

    An event for several audiences counts once in each, so the bars add up to more than
    the labelled events. Audiences without any event are left out. Three queries.
    """
    region, department = _code(region), _code(department)

    def compute() -> list[Share]:
        labelled = _events(edition, region, department).filter(status=EventStatus.LABELLED)
        return _shares(
            labelled.filter(audiences__isnull=False)
            .values_list("audiences__slug")
            .annotate(count=Count("pk")),
            _confirmed(edition, region, department)
            .filter(event__audiences__isnull=False)
            .values_list("event__audiences__slug")
            .annotate(places=Sum("places")),
            {
                slug: (name_fr, name_en)
                for slug, name_fr, name_en in Audience.objects.values_list(
                    "slug", "name_fr", "name_en"
                )
            },
        )

    return _cached("by-audience", edition, region, department, compute)


def by_department(edition, *, region=None) -> dict[str, tuple[int, int]]:
    """{department code: (labelled events, participants reported)} for the map.

    Only departments with a labelled event or a report appear; within a region when one
    is given. Two queries.
    """
    region = _code(region)

    def compute() -> dict[str, tuple[int, int]]:
        labelled = _events(edition, region, None).filter(status=EventStatus.LABELLED)
        events = dict(labelled.values_list("department_id").annotate(count=Count("pk")))
        participants = dict(
            _reports(edition, region, None)
            .values_list("event__department_id")
            .annotate(total=Sum("participants"))
        )
        return {
            code: (events.get(code, 0), participants.get(code) or 0)
            for code in sorted({*events, *participants} - {None})
        }

    return _cached("by-department", edition, region, None, compute)


def compare_editions(editions, *, region=None, department=None) -> list[EditionSummary]:
    """The headline figures of each edition given, most recent first, for year over year.

    The same definitions as `edition_figures`; four queries whatever the number of
    editions (each aggregate grouped by edition).
    """
    region, department = _code(region), _code(department)
    editions = sorted(editions, key=lambda edition: -edition.year)
    if not editions:
        return []
    ids = [edition.pk for edition in editions]

    def compute() -> list[EditionSummary]:
        place = _place_filter(region, department)
        event_rows = (
            Event.objects.filter(place, edition__in=ids)
            .order_by()
            .values_list("edition_id")
            .annotate(
                submitted=Count("pk", filter=~Q(status=EventStatus.DRAFT)),
                labelled=Count("pk", filter=Q(status=EventStatus.LABELLED)),
                in_school=Count("pk", filter=Q(status=EventStatus.LABELLED, is_public=False)),
                communes=Count("commune", distinct=True, filter=Q(status=EventStatus.LABELLED)),
                departments=Count(
                    "department", distinct=True, filter=Q(status=EventStatus.LABELLED)
                ),
            )
        )
        events = {row[0]: row[1:] for row in event_rows}
        registration_rows = (
            Registration.objects.filter(
                _place_filter(region, department, prefix="event__"),
                event__edition__in=ids,
                event__status=EventStatus.LABELLED,
            )
            .order_by()
            .values_list("event__edition_id")
            .annotate(
                places=Sum("places", filter=Q(status=RegistrationStatus.CONFIRMED)),
                waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
            )
        )
        registrations = {row[0]: row[1:] for row in registration_rows}
        report_rows = (
            EventReport.objects.filter(
                _place_filter(region, department, prefix="event__"),
                event__edition__in=ids,
                event__status=EventStatus.LABELLED,
            )
            .order_by()
            .values_list("event__edition_id")
            .annotate(count=Count("pk"), participants=Sum("participants"))
        )
        reports = {row[0]: row[1:] for row in report_rows}
        downloads = dict(
            Resource.objects.filter(edition__in=ids)
            .order_by()
            .values_list("edition_id")
            .annotate(total=Sum(F("download_count")))
        )
        summaries = []
        for edition in editions:
            submitted, labelled, in_school, communes, departments = events.get(
                edition.pk, (0, 0, 0, 0, 0)
            )
            places, waiting = registrations.get(edition.pk, (0, 0))
            report_count, participants = reports.get(edition.pk, (0, 0))
            summaries.append(
                EditionSummary(
                    year=edition.year,
                    number=edition.number,
                    submitted_events=submitted,
                    labelled_events=labelled,
                    in_school_events=in_school,
                    communes=communes,
                    departments=departments,
                    places=places or 0,
                    waiting=waiting or 0,
                    reports=report_count,
                    participants=participants or 0,
                    toolkit_downloads=downloads.get(edition.pk) or 0,
                )
            )
        return summaries

    key = "compare-" + "-".join(str(pk) for pk in ids)
    return _cached(key, ids[0], region, department, compute)
