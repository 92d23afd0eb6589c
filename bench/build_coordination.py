"""Fill a database with what the coordination pages read: past editions, registrations,
reports, partners, initiatives, testimonies and volunteers.

    DATABASE_URL=... .venv/bin/python bench/build_coordination.py \\
        [--events 100000] [--registrations 1000000] [--past-editions 10] [--reset]

On the database of DATABASE_URL (SQLite under var/ when unset), after the events of the
current edition (bench/build_events.py; built here with --events when the database holds
no event at all):

- `--past-editions` archived editions before the current one (2016 to 2025 for 10), each
  with a few thousand events (`--past-events` in all, more each year, as the day grew) of
  varied status, region, kind and audience, drawn like bench/build_events.py draws them;
- `--registrations` registrations to the current edition's published events that take
  registrations on the platform, with a skewed demand (most events a few, a few popular
  ones hundreds), one to four places each, confirmed up to the event's capacity and on the
  waiting list beyond it; 4 % cancelled by the registrant, all of them on a cancelled
  event; a few pupils under 15 with a parent's consent, a few still waiting for it;
- `--past-registrations` registrations to the past editions' events, their personal data
  erased as the retention period requires (jres.registrations.retention);
- a report on 40 % of the past editions' labelled events and 25 % of the current one's
  (the day is over), with participants and audiences;
- a few hundred partners, initiatives, testimonies and volunteers.

Registrations and reports go in with COPY on PostgreSQL and executemany on SQLite, in one
transaction, skipping model instances: 1,000,000 registrations take about a minute. Every
model constraint holds: one active registration per event and address (addresses are
unique within an event), unique tokens (a counter in each one), places within capacity.
The same seed gives the same data. A database that already holds registrations or past
editions is refused unless --reset is given, which deletes them and everything above
(the current edition's events stay).
"""

import argparse
import datetime
import io
import itertools
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_events  # noqa: E402  (sets Django up; its helpers draw events)
from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from jres.editions.models import Edition, EditionStatus  # noqa: E402
from jres.events.models import (  # noqa: E402
    Audience,
    Event,
    EventKind,
    EventLog,
    EventStatus,
    RegistrationMode,
)
from jres.geo.models import Commune, Department  # noqa: E402
from jres.initiatives.models import Initiative, InitiativeStatus, SchoolLevel, Theme  # noqa: E402
from jres.partners.models import Partner, PartnerKind  # noqa: E402
from jres.registrations.models import Registration, RegistrationStatus, Role  # noqa: E402
from jres.reports.models import EventReport  # noqa: E402
from jres.testimonies.models import AgeBracket, Testimony, TestimonyStatus  # noqa: E402
from jres.testimonies.models import Role as TestimonyRole  # noqa: E402
from jres.volunteers.models import Availability, HeardFrom, Volunteer  # noqa: E402

log = build_events.log
UTC = datetime.UTC
DOMAIN = build_events.ORGANISER_DOMAIN
BATCH = 5000

PAST_STATUSES = [
    (EventStatus.LABELLED, 0.84),
    (EventStatus.CANCELLED, 0.03),
    (EventStatus.REFUSED, 0.04),
    (EventStatus.SUBMITTED, 0.02),
    (EventStatus.CHANGES_REQUESTED, 0.02),
    (EventStatus.DRAFT, 0.05),
]
# One to four places: most people come alone or as a couple of parents.
PLACES = [1] * 65 + [2] * 22 + [3] * 8 + [4] * 5
# Plain strings: the rows skip the model, and COPY's adapters would write an enum's name.
ROLES = [Role.PARENT.value] * 40 + [Role.TEACHER.value] * 20 + [Role.PUPIL.value] * 15
ROLES += [Role.PROFESSIONAL.value] * 15 + [Role.OTHER.value] * 10
CONFIRMED, WAITING = RegistrationStatus.CONFIRMED.value, RegistrationStatus.WAITING.value
CANCELLED = RegistrationStatus.CANCELLED.value
PENDING_PARENT = RegistrationStatus.PENDING_PARENT.value
FIRST_NAMES = ["Camille", "Léa", "Hugo", "Inès", "Yanis", "Manon", "Lucas", "Aïcha", "Nathan"]
FIRST_NAMES += ["Chloé", "Mehdi", "Emma", "Louis", "Sarah", "Théo", "Fatou", "Jules", "Zoé"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"]
LAST_NAMES += ["Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Nguyen"]
WHAT_WORKED = [
    "Le temps d'échange en petits groupes : chacun a pu parler.",
    "La présence d'anciens décrocheurs qui ont raconté leur retour à l'école.",
    "L'horaire en fin de journée, qui a permis aux parents de venir après le travail.",
    "",
]
TESTIMONY_TEXTS = [
    "J'ai décroché en quatrième. Une association m'a aidé à reprendre confiance.",
    "Comme parent, j'ai compris que je n'étais pas seul face aux devoirs.",
    "En classe, on a parlé de ce qui nous fait peur à l'école. Ça a fait du bien.",
]


def days(value: float) -> datetime.timedelta:
    return datetime.timedelta(days=value)


# --- fast inserts -----------------------------------------------------------------------


def insert_rows(model, fields: tuple[str, ...], rows) -> int:
    """Insert tuples of `fields` values, without model instances: COPY on PostgreSQL,
    executemany in batches elsewhere. `rows` may be a generator. Returns the count."""
    meta = [model._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in meta)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        # SQLite stores datetimes as text in UTC: Django's own conversion, column by column.
        stamps = [i for i, field in enumerate(meta) if isinstance(field, models.DateTimeField)]
        adapt = connection.ops.adapt_datetimefield_value
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(meta))})"  # noqa: S608
        for batch in itertools.batched(rows, BATCH):
            values = []
            for row in batch:
                row = list(row)
                for index in stamps:
                    row[index] = adapt(row[index])
                values.append(row)
            cursor.executemany(sql, values)
            count += len(values)
    return count


# --- past editions and their events -----------------------------------------------------


def past_editions(current: Edition, count: int) -> list[Edition]:
    """`count` archived editions, one a year before the current one, numbered before it."""
    editions = []
    for back in range(count, 0, -1):
        year = current.year - back
        # The day falls on the last Sunday of September, as the current one does.
        day = datetime.date(year, 9, 30)
        day -= days((day.weekday() + 1) % 7)
        editions.append(
            Edition.objects.create(
                year=year,
                number=current.number - back,
                day=day,
                theme_fr=f"Journée {year} : l'école de la réussite pour tous",
                theme_en=f"{year} day: a school where everyone succeeds",
                status=EditionStatus.ARCHIVED,
            )
        )
    return editions


def event_counts(total: int, editions: int) -> list[int]:
    """`total` events over the editions, 17 % more each year than the year before."""
    weights = [1.17**index for index in range(editions)]
    counts = [int(total * weight / sum(weights)) for weight in weights]
    counts[-1] += total - sum(counts)
    return counts


def build_past_events(editions: list[Edition], total: int, rng: random.Random) -> int:
    """Events of the past editions, drawn as bench/build_events.py draws the current ones."""
    users = build_events.organisers(300, rng)
    kinds = {kind.slug: kind for kind in EventKind.objects.all()}
    audiences = list(Audience.objects.all())
    in_school = [audience for audience in audiences if audience.slug in {"eleves", "enseignants"}]
    rows, cumulated = build_events.communes()
    statuses, weights = zip(*PAST_STATUSES, strict=True)
    Through = Event.audiences.through
    written = 0
    for edition, count in zip(editions, event_counts(total, len(editions)), strict=True):
        events, chosen_audiences = [], []
        picked = rng.choices(rows, cum_weights=cumulated, k=count)
        for index, (insee, name, department, region, lat, lon, population, postal) in enumerate(
            picked
        ):
            status = rng.choices(statuses, weights=weights)[0]
            is_public = rng.random() >= 0.12
            if is_public:
                kind_slug, title = rng.choice(build_events.TITLES)
                venue, address = rng.choice(build_events.VENUES), "1 place de la Mairie"
                chosen = rng.sample(audiences, k=rng.randint(1, 3))
            else:
                kind_slug, title = "temps-echange-scolaire", rng.choice(build_events.SCHOOL_TITLES)
                venue, address, chosen = "Établissement scolaire", "adresse non publiée", in_school
            title = title.format(city=name)[:160]
            starts_at = build_events.start_time(rng, edition)
            submitted = starts_at - days(rng.uniform(20, 90))
            point = build_events.jitter(rng, lat, lon, population)
            organiser = rng.choice(users)
            event = Event(
                edition=edition,
                organiser=organiser,
                organisation=organiser.organisation,
                kind=kinds[kind_slug],
                # The year and a counter keep addresses unique across editions and runs.
                slug=f"{slugify(title)[:90].strip('-')}-{edition.year}-{index:05d}",
                title=title,
                description=rng.choice(build_events.DESCRIPTIONS),
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=rng.choice([1, 2, 3])),
                is_public=is_public,
                venue_name=venue,
                address=address,
                postal_code=postal or department.ljust(5, "0")[:5],
                city=name,
                commune_id=insee,
                department_id=department,
                region_id=region,
                latitude=point[0],
                longitude=point[1],
                capacity=rng.choice([None, None, 30, 50, 80, 120]),
                registration_mode=rng.choice(build_events.REGISTRATION_MODES),
                registration_url="https://inscription.example.org/",
                status=status,
                cancellation_reason="Annulé." if status == EventStatus.CANCELLED else "",
                submitted_at=None if status == EventStatus.DRAFT else submitted,
                labelled_at=(
                    submitted + days(rng.uniform(1, 10))
                    if status in {EventStatus.LABELLED, EventStatus.CANCELLED}
                    else None
                ),
            )
            event.refresh_public_fields(commune_centre=(lat, lon))
            events.append(event)
            chosen_audiences.append(chosen)
        for start in range(0, len(events), BATCH):
            Event.objects.bulk_create(events[start : start + BATCH])
        Through.objects.bulk_create(
            [
                Through(event_id=event.pk, audience_id=audience.pk)
                for event, chosen in zip(events, chosen_audiences, strict=True)
                for audience in chosen
            ],
            batch_size=BATCH,
        )
        # created_at is set by the database on insert: give the events their own year's.
        Event.objects.filter(edition=edition).update(
            created_at=Coalesce("submitted_at", "starts_at")
        )
        written += len(events)
        log(f"  {edition.year}: {len(events):,} events")
    return written


# --- registrations ----------------------------------------------------------------------

REGISTRATION_FIELDS = (
    "event",
    "name",
    "email",
    "role",
    "is_under_15",
    "parent_email",
    "places",
    "status",
    "token",
    "parent_token",
    "language",
    "attended",
    "wants_news",
    "queued_at",
    "confirmed_at",
    "parent_confirmed_at",
    "cancelled_at",
    "reminded_at",
    "erased_at",
    "created_at",
    "updated_at",
)


def demand(events: list[tuple], total: int, rng: random.Random) -> list[int]:
    """How many registrations each event gets, `total` in all.

    A log-normal draw (median about a third of the mean): most events get a handful, one in
    a hundred some hundreds. An event with a capacity gets at most 1.3 times as many
    registrations as places (its waiting list stays plausible); what it would have had goes
    to the events without a capacity.
    """
    if not events:
        return []
    weights = [rng.lognormvariate(0, 1.4) for _ in events]
    scale = total / sum(weights)
    counts = [int(weight * scale) for weight in weights]
    open_ended = [index for index, event in enumerate(events) if event[2] is None]
    spare = total - sum(counts)
    for index, event in enumerate(events):
        capacity = event[2]
        if capacity is not None and counts[index] > capacity * 1.3:
            spare += counts[index] - int(capacity * 1.3)
            counts[index] = int(capacity * 1.3)
    receivers = open_ended or list(range(len(events)))
    receiver_weights = list(itertools.accumulate(weights[index] for index in receivers))
    for index in rng.choices(receivers, cum_weights=receiver_weights, k=spare):
        counts[index] += 1
    return counts


def registration_rows(events, counts, *, rng, people: int, erased_at, serial):
    """Rows of REGISTRATION_FIELDS for each event (pk, starts_at, capacity, status), its
    count of registrations. `serial` numbers the tokens, unique across calls."""
    for (event_id, starts_at, capacity, event_status), count in zip(events, counts, strict=True):
        confirmed_places = 0
        addresses = set()
        opened = starts_at - days(45)
        stamps = sorted(opened + days(45 * rng.random() ** 0.7) for _ in range(count))
        for created in stamps:
            person = rng.randrange(people)
            while person in addresses:
                person = rng.randrange(people)
            addresses.add(person)
            number = next(serial)
            role = rng.choice(ROLES)
            places = rng.choice(PLACES)
            under_15 = role == Role.PUPIL.value and rng.random() < 0.3
            parent_email = f"parent{person}@exemple.fr" if under_15 else ""
            parent_token = f"p{number:09d}{rng.getrandbits(128):032x}" if under_15 else None
            parent_confirmed = created + days(rng.random()) if under_15 else None
            confirmed_at = cancelled_at = reminded_at = None
            attended = False
            if event_status == EventStatus.CANCELLED or rng.random() < 0.04:
                status = CANCELLED
                cancelled_at = min(created + days(rng.uniform(0, 10)), starts_at)
            elif under_15 and rng.random() < 0.05:
                # The parent never answered: no place held, nothing confirmed.
                status, parent_confirmed = PENDING_PARENT, None
            elif capacity is None or confirmed_places + places <= capacity:
                status = CONFIRMED
                confirmed_places += places
                confirmed_at = parent_confirmed or created
                reminded_at = starts_at - days(1)
                attended = rng.random() < 0.6
            else:
                status = WAITING
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            erased = erased_at is not None
            if erased and status == PENDING_PARENT:
                continue  # the retention deletes these: they held nothing
            yield (
                event_id,
                "" if erased else f"{first} {last}",
                "" if erased else f"{first.lower()}.{last.lower()}.{person}@exemple.fr",
                role,
                under_15,
                "" if erased else parent_email,
                places,
                status,
                f"b{number:09d}{rng.getrandbits(160):040x}",
                None if erased else parent_token,
                "fr" if rng.random() < 0.95 else "en",
                attended,
                not erased and rng.random() < 0.8,
                created,
                confirmed_at,
                parent_confirmed,
                cancelled_at,
                reminded_at,
                erased_at,
                created,
                erased_at or cancelled_at or created,
            )


def platform_events(editions) -> list[tuple]:
    """(pk, starts_at, capacity, status) of the editions' published events that take
    registrations on the platform, in primary key order."""
    return list(
        Event.objects.published()
        .filter(edition__in=editions, registration_mode=RegistrationMode.PLATFORM)
        .order_by("pk")
        .values_list("pk", "starts_at", "capacity", "status")
    )


def build_registrations(editions, total: int, *, rng, serial, erased_at=None) -> int:
    events = platform_events(editions)
    if total and not events:
        raise SystemExit("No published event takes registrations on the platform.")
    counts = demand(events, total, rng)
    rows = registration_rows(
        events, counts, rng=rng, people=max(1000, int(total * 0.7)), erased_at=erased_at,
        serial=serial,
    )  # fmt: skip
    written = insert_rows(Registration, REGISTRATION_FIELDS, rows)
    if counts:
        ordered = sorted(counts)
        log(
            f"  {written:,} registrations over {len(events):,} events: median "
            f"{ordered[len(ordered) // 2]}, 99th percentile {ordered[len(ordered) * 99 // 100]}"
            f", most {ordered[-1]:,}"
        )
    return written


# --- reports ----------------------------------------------------------------------------


def build_reports(editions, share: float, rng: random.Random) -> int:
    """A report on `share` of the editions' labelled events, with one to three audiences."""
    events = list(
        Event.objects.filter(edition__in=editions, status=EventStatus.LABELLED)
        .order_by("pk")
        .values_list("pk", "starts_at")
    )
    chosen = [event for event in events if rng.random() < share]
    rows = (
        (
            event_id,
            min(int(rng.lognormvariate(3.4, 0.9)) + 3, 5000),
            rng.choice(WHAT_WORKED),
            "",
            rng.random() < 0.5,
            starts_at + days(rng.uniform(1, 30)),
            starts_at + days(rng.uniform(1, 30)),
        )
        for event_id, starts_at in chosen
    )
    fields = ("event", "participants", "what_worked", "testimony", "show_on_event_page")
    written = insert_rows(EventReport, (*fields, "submitted_at", "updated_at"), rows)
    audiences = list(Audience.objects.values_list("pk", flat=True))
    Through = EventReport.audiences.through
    reports = EventReport.objects.filter(event__edition__in=editions).values_list("pk", flat=True)
    Through.objects.bulk_create(
        [
            Through(eventreport_id=report, audience_id=audience)
            for report in reports.iterator()
            for audience in rng.sample(audiences, k=rng.randint(1, 3))
        ],
        batch_size=BATCH,
    )
    return written


# --- partners, initiatives, testimonies, volunteers -------------------------------------


def build_network(count: int, editions: list[Edition], rng: random.Random) -> None:
    """`count` partners, initiatives, testimonies and volunteers each (few, for the
    dashboard's totals and the other exports)."""
    rows, cumulated = build_events.communes()
    picked = rng.choices(rows, cum_weights=cumulated, k=4 * count)
    departments = {
        code: (name, latitude, longitude)
        for code, name, latitude, longitude in Department.objects.values_list(
            "code", "name", "latitude", "longitude"
        )
    }
    users = build_events.organisers(300, rng)
    partners = []
    for index, (insee, name, department, region, lat, lon, _population, _postal) in enumerate(
        picked[:count]
    ):
        # One in ten a department (its name once: a second row would be the same authority).
        kind = PartnerKind.COMMUNE if index % 10 else PartnerKind.DEPARTMENT
        if kind == PartnerKind.DEPARTMENT:
            name, lat, lon = departments[department]
        partners.append(
            Partner(
                kind=kind,
                name=f"Ville de {name}" if kind == PartnerKind.COMMUNE else f"Département : {name}",
                slug=f"{slugify(name)[:90]}-{index:04d}",
                commitment="Nous soutenons les événements de la journée sur notre territoire.",
                contact_name="Service éducation",
                contact_email=f"partner-{index:04d}@{DOMAIN}",
                commune_id=insee if kind == PartnerKind.COMMUNE else None,
                department_id=department,
                region_id=region,
                latitude=lat,
                longitude=lon,
            )
        )
    Partner.objects.bulk_create(partners)

    themes = list(Theme.objects.all())
    initiatives = []
    for index, row in enumerate(picked[count : 2 * count]):
        initiative = Initiative(
            proposer=rng.choice(users),
            slug=f"initiative-{row[0]}-{index:04d}",
            title=f"Mentorat étudiant à {row[1]}"[:160],
            summary="Des étudiants accompagnent chaque semaine des collégiens.",
            description="Une heure par semaine, toute l'année scolaire.",
            commune_id=row[0],
            organisation="Association locale",
            contact_email=f"initiative-{index:04d}@{DOMAIN}",
            status=InitiativeStatus.PUBLISHED if index % 5 else InitiativeStatus.SUBMITTED,
            published_at=datetime.datetime(2025, 1, 1, tzinfo=UTC) + days(index),
        )
        initiative.level_list = rng.sample(SchoolLevel.values, k=2)
        initiatives.append(initiative)
    Initiative.objects.bulk_create(initiatives)
    ThemeThrough, EditionThrough = Initiative.themes.through, Initiative.editions.through
    ThemeThrough.objects.bulk_create(
        ThemeThrough(initiative_id=initiative.pk, theme_id=theme.pk)
        for initiative in initiatives
        for theme in rng.sample(themes, k=min(2, len(themes)))
    )
    EditionThrough.objects.bulk_create(
        EditionThrough(initiative_id=initiative.pk, edition_id=rng.choice(editions).pk)
        for initiative in initiatives
    )

    testimonies = []
    for index, row in enumerate(picked[2 * count : 3 * count]):
        bracket = rng.choice(AgeBracket.values)
        testimonies.append(
            Testimony(
                text=rng.choice(TESTIMONY_TEXTS),
                first_name=rng.choice(FIRST_NAMES),
                role=rng.choice(TestimonyRole.values),
                age_bracket=bracket,
                commune_id=row[0],
                email=f"testimony-{index:04d}@{DOMAIN}",
                parent_email=f"parent-{index:04d}@{DOMAIN}" if bracket == "under_15" else "",
                consent=True,
                status=TestimonyStatus.PUBLISHED if index % 4 else TestimonyStatus.SUBMITTED,
            )
        )
    Testimony.objects.bulk_create(testimonies)
    Volunteer.objects.bulk_create(
        Volunteer(
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            email=f"volunteer-{index:04d}@{DOMAIN}",
            commune_id=row[0],
            is_student=rng.random() < 0.7,
            availability=rng.choice(Availability.values),
            heard_from=rng.choice(HeardFrom.values),
        )
        for index, row in enumerate(picked[3 * count :])
    )


# --- reset and main ---------------------------------------------------------------------


def raw_delete(queryset) -> None:
    queryset._raw_delete(connection.alias)


def reset(current: Edition) -> None:
    """Delete registrations, reports, the past editions with their events, and the
    benchmark's partners, initiatives, testimonies and volunteers."""
    started = time.monotonic()
    past = Edition.objects.exclude(pk=current.pk)
    with transaction.atomic():
        raw_delete(Registration.objects.all())
        raw_delete(EventReport.audiences.through.objects.all())
        raw_delete(EventReport.objects.all())
        Testimony.objects.filter(email__endswith="@" + DOMAIN).delete()
        Volunteer.objects.filter(email__endswith="@" + DOMAIN).delete()
        Partner.objects.filter(contact_email__endswith="@" + DOMAIN).delete()
        Initiative.objects.filter(contact_email__endswith="@" + DOMAIN).delete()
        old_events = Event.objects.filter(edition__in=past)
        raw_delete(Event.audiences.through.objects.filter(event__in=old_events))
        raw_delete(EventLog.objects.filter(event__in=old_events))
        old_events.delete()
        past.delete()
    log(f"Coordination data deleted in {time.monotonic() - started:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--events", type=int, default=100_000, help="current edition's, if none yet (100,000)"
    )
    parser.add_argument("--registrations", type=int, default=1_000_000, help="(1,000,000)")
    parser.add_argument("--past-editions", type=int, default=10, help="(10)")
    parser.add_argument("--past-events", type=int, default=30_000, help="in all (30,000)")
    parser.add_argument("--past-registrations", type=int, default=100_000, help="(100,000)")
    parser.add_argument("--network", type=int, default=300, help="partners, initiatives... (300)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (2026)")
    parser.add_argument("--reset", action="store_true", help="delete existing data first")
    args = parser.parse_args(argv)

    started = time.monotonic()
    log(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", interactive=False, verbosity=0)
    if not Commune.objects.exists():
        call_command("load_geo", stdout=io.StringIO())
    if not Event.objects.exists():
        build_events.build(args.events, organiser_count=300, seed=args.seed)
    current = build_events.current_edition()
    built = Registration.objects.exists() or Edition.objects.exclude(pk=current.pk).exists()
    if built:
        if not args.reset:
            log("The database already holds registrations or past editions: use --reset.")
            return 2
        reset(current)

    rng = random.Random(args.seed)
    serial = itertools.count()
    with transaction.atomic():
        step = time.monotonic()
        editions = past_editions(current, args.past_editions)
        if editions:
            written = build_past_events(editions, args.past_events, rng)
            log(f"{written:,} events of {len(editions)} past editions in {lap(step)}")
        step = time.monotonic()
        written = build_registrations([current], args.registrations, rng=rng, serial=serial)
        log(f"{written:,} registrations to the {current.year} edition in {lap(step)}")
        if editions:
            step = time.monotonic()
            # Every past edition is past its retention period: its registrants are erased.
            erased_at = datetime.datetime.combine(
                current.day - days(30), datetime.time(3), tzinfo=UTC
            )
            written = build_registrations(
                editions, args.past_registrations, rng=rng, serial=serial, erased_at=erased_at
            )
            log(f"{written:,} registrations to past editions in {lap(step)}")
        step = time.monotonic()
        written = build_reports(editions, 0.4, rng) + build_reports([current], 0.25, rng)
        log(f"{written:,} reports in {lap(step)}")
        step = time.monotonic()
        build_network(args.network, [*editions, current], rng)
        log(f"{args.network} partners, initiatives, testimonies and volunteers in {lap(step)}")
    if connection.vendor == "postgresql":
        step = time.monotonic()
        build_events.analyse()
        log(f"Statistics gathered (ANALYZE) in {lap(step)}")
    log(f"Done in {lap(started)}")
    return 0


def lap(started: float) -> str:
    seconds = time.monotonic() - started
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


if __name__ == "__main__":
    sys.exit(main())
