"""Fill a database with many events spread over France, for the load benchmark.

    DATABASE_URL=... .venv/bin/python bench/build_events.py --events 100000 [--reset]

It migrates the database given by DATABASE_URL (SQLite under var/ when unset), loads
France's geography when it is missing, makes sure the current edition exists (2026, day
27 September 2026) and creates a few hundred organiser accounts, then N events:

- each in a commune drawn with a weight equal to its population, so that big cities get
  many events and every department some; the point is jittered around the commune's centre
  over a disc that grows with the commune's population (Paris spreads over the whole city);
- ~85 % labelled, 2.5 % cancelled after their label (both public), the rest submitted,
  draft, changes requested or refused;
- 10 % in-school (not public), 3 % online, 2 % hybrid;
- starting inside the edition's window, most of them on the day itself;
- one to three audiences each.

Events and their audiences are written with bulk_create in one transaction: 100,000
events take well under a minute on SQLite and on PostgreSQL. The same seed gives the
same events. A database that already holds events is refused unless --reset is given,
which deletes every event and the benchmark's organiser accounts first.
"""

import argparse
import datetime
import io
import itertools
import math
import os
import random
import sys
import time
import zoneinfo

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jres.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from jres.accounts.models import OrganiserKind, User  # noqa: E402
from jres.editions.models import Edition, EditionStatus  # noqa: E402
from jres.events.models import (  # noqa: E402
    AttendanceMode,
    Audience,
    Event,
    EventKind,
    EventLog,
    EventStatus,
    RegistrationMode,
)
from jres.geo.models import Commune, PostalCode  # noqa: E402

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
EDITION_YEAR = 2026
EDITION_NUMBER = 19
EDITION_DAY = datetime.date(2026, 9, 27)
ORGANISER_DOMAIN = "bench.jres.localhost"
BATCH = 2000
REGISTRATION_MODES = list(RegistrationMode)

STATUSES = [
    (EventStatus.LABELLED, 0.85),
    (EventStatus.CANCELLED, 0.025),
    (EventStatus.SUBMITTED, 0.05),
    (EventStatus.DRAFT, 0.03),
    (EventStatus.CHANGES_REQUESTED, 0.025),
    (EventStatus.REFUSED, 0.02),
]

TITLES = [
    ("debat", "Débat : comment accompagner les devoirs sans s'épuiser ?"),
    ("debat", "Parents, enseignants : parlons de l'orientation à {city}"),
    ("debat", "Jeunes et élus face à face : l'école de demain"),
    ("conference", "Conférence : ce que le mentorat étudiant change pour les collégiens"),
    ("conference", "Décrochage scolaire : repérer les signaux faibles"),
    ("atelier", "Atelier parents-enfants : apprendre à apprendre"),
    ("atelier", "Atelier : le numérique au service des devoirs"),
    ("atelier", "Atelier théâtre-forum : la confiance en soi à l'école"),
    ("projection-debat", "Projection-débat : « Rester dans la course »"),
    ("portes-ouvertes", "Portes ouvertes du dispositif de raccrochage de {city}"),
    ("autre", "Café des parents de {city}"),
]
SCHOOL_TITLES = [
    "Collège {city} : les élèves prennent la parole",
    "Lycée professionnel de {city} : débat entre élèves sur le temps scolaire",
    "École de {city} : un temps d'échange sur la réussite de chacun",
]
VENUES = [
    "Maison de quartier",
    "Centre social",
    "Médiathèque",
    "Salle des fêtes",
    "Maison des associations",
    "Espace jeunesse",
    "Mairie, salle du conseil",
]
STREETS = ["rue de la République", "place de la Mairie", "avenue Jean-Jaurès", "rue Victor-Hugo"]
DESCRIPTIONS = [
    "Une rencontre ouverte à toutes et à tous pour parler de la réussite des élèves.\n\n"
    "- des **témoignages** de parents, de jeunes et d'enseignants ;\n"
    "- la présentation d'initiatives locales qui fonctionnent ;\n"
    "- un temps d'échange avec la salle.\n\nGoûter offert à la fin de la rencontre.\n",
    "Des étudiants bénévoles présentent le **mentorat** et répondent aux questions des "
    "familles. Entrée libre.\n",
    "Un temps pour *écouter les jeunes* : ce qui les a fait décrocher, ce qui les a fait "
    "revenir.\n\nAvec la participation d'associations du territoire.\n",
]
ORGANISATIONS = [
    ("Association des parents du quartier", OrganiserKind.ASSOCIATION),
    ("Centre social municipal", OrganiserKind.LOCAL_AUTHORITY),
    ("Collectif d'enseignants", OrganiserKind.TEACHER),
    ("Antenne locale d'étudiants bénévoles", OrganiserKind.ASSOCIATION),
    ("Service jeunesse et éducation", OrganiserKind.LOCAL_AUTHORITY),
    ("Collège", OrganiserKind.SCHOOL_STAFF),
    ("", OrganiserKind.PARENT),
    ("", OrganiserKind.SOCIAL_WORKER),
]


def log(message: str) -> None:
    print(message, flush=True)


def current_edition() -> Edition:
    """The 2026 edition, created if missing, made current."""
    edition = Edition.objects.filter(year=EDITION_YEAR).first()
    if edition is None:
        taken = Edition.objects.filter(number=EDITION_NUMBER).exists()
        number = (Edition.objects.aggregate(top=Max("number"))["top"] or 0) + 1
        edition = Edition.objects.create(
            year=EDITION_YEAR,
            number=number if taken else EDITION_NUMBER,
            day=EDITION_DAY,
            theme_fr="Donner la parole aux jeunes, faire connaître ce qui marche",
            theme_en="Giving young people a voice, spreading what works",
            status=EditionStatus.OPEN,
        )
    if not edition.is_current:
        edition.make_current()
    return edition


def organisers(count: int, rng: random.Random) -> list[User]:
    """`count` organiser accounts of the benchmark (bench-organiser-NNNN@...)."""
    existing = list(User.objects.filter(email__endswith="@" + ORGANISER_DOMAIN).order_by("pk"))
    users = []
    for index in range(len(existing), count):
        organisation, kind = rng.choice(ORGANISATIONS)
        user = User(
            email=f"bench-organiser-{index:04d}@{ORGANISER_DOMAIN}",
            display_name=f"Organisateur {index}",
            organiser_kind=kind,
            organisation=organisation,
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=BATCH)
    return list(User.objects.filter(email__endswith="@" + ORGANISER_DOMAIN).order_by("pk"))


def communes() -> tuple[list[tuple], list[int]]:
    """Rows (insee, name, department, region, latitude, longitude, population, postal code)
    and their cumulated weights."""
    postal = {}
    for code, insee in PostalCode.objects.order_by("code").values_list("code", "commune_id"):
        postal.setdefault(insee, code)
    rows, cumulated, total = [], [], 0
    for (
        insee,
        name,
        department,
        region,
        latitude,
        longitude,
        population,
    ) in Commune.objects.order_by("insee_code").values_list(
        "insee_code",
        "name",
        "department_id",
        "department__region_id",
        "latitude",
        "longitude",
        "population",
    ):
        # A floor of 50 inhabitants: every commune may have an event, if rarely.
        total += max(population, 50)
        rows.append(
            (insee, name, department, region, latitude, longitude, population, postal.get(insee))
        )
        cumulated.append(total)
    return rows, cumulated


def jitter(rng: random.Random, latitude: float, longitude: float, population: int):
    """A point uniformly in a disc around the commune's centre, wider for bigger communes:
    about 1 km for a village, 6 km for Paris."""
    radius = (0.008 + 0.000035 * math.sqrt(population)) * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    cos_latitude = max(math.cos(math.radians(latitude)), 0.2)
    return (
        round(latitude + radius * math.sin(angle), 6),
        round(longitude + radius * math.cos(angle) / cos_latitude, 6),
    )


def start_time(rng: random.Random, edition: Edition) -> datetime.datetime:
    first, last = edition.event_window
    draw = rng.random()
    if draw < 0.55:
        day = edition.day
    elif draw < 0.9:
        day = edition.day + datetime.timedelta(days=rng.randint(-7, 7))
    else:
        day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
    day = min(max(day, first), last)
    hour = rng.choice([9, 10, 10, 14, 14, 15, 17, 18, 18, 19, 20])
    return datetime.datetime.combine(day, datetime.time(hour, rng.choice([0, 0, 30])), PARIS)


def build(count: int, *, organiser_count: int, seed: int) -> None:
    rng = random.Random(seed)
    edition = current_edition()
    users = organisers(organiser_count, rng)
    kinds = {kind.slug: kind for kind in EventKind.objects.all()}
    audiences = {audience.slug: audience for audience in Audience.objects.all()}
    audience_list = list(audiences.values())
    in_school_audiences = [audiences["eleves"], audiences["enseignants"]]
    rows, cumulated = communes()
    log(f"{len(rows):,} communes, {len(users)} organisers, edition {edition.year}")

    statuses, status_weights = zip(*STATUSES, strict=True)
    status_cumulated = list(itertools.accumulate(status_weights))
    now = datetime.datetime.now(datetime.UTC)
    slugs: set[str] = set()
    base_slugs: dict[str, str] = {}
    events: list[Event] = []
    chosen_audiences: list[list[Audience]] = []
    picked = rng.choices(rows, cum_weights=cumulated, k=count)
    for insee, name, department, region, latitude, longitude, population, postal in picked:
        status = rng.choices(statuses, cum_weights=status_cumulated)[0]
        draw = rng.random()
        is_public = draw >= 0.10
        mode = AttendanceMode.IN_PERSON
        if is_public and draw < 0.13:
            mode = AttendanceMode.ONLINE
        elif is_public and draw < 0.15:
            mode = AttendanceMode.HYBRID
        if is_public:
            kind_slug, title = rng.choice(TITLES)
            venue = rng.choice(VENUES)
            address = f"{rng.randint(1, 120)} {rng.choice(STREETS)}"
            chosen = rng.sample(audience_list, k=rng.randint(1, 3))
        else:
            kind_slug, title = "temps-echange-scolaire", rng.choice(SCHOOL_TITLES)
            venue, address = "Établissement scolaire", "adresse non publiée"
            chosen = in_school_audiences
        title = title.format(city=name)[:160]
        base = base_slugs.get(title)
        if base is None:
            base = base_slugs[title] = slugify(title)[:100].strip("-") or "evenement"
        slug = f"{base}-{rng.getrandbits(24):06x}"
        while slug in slugs:
            slug = f"{base}-{rng.getrandbits(24):06x}"
        slugs.add(slug)
        starts_at = start_time(rng, edition)
        point = jitter(rng, latitude, longitude, population)
        organiser = rng.choice(users)
        registration = rng.choice(REGISTRATION_MODES)
        labelled = status in {EventStatus.LABELLED, EventStatus.CANCELLED}
        events.append(
            Event(
                edition=edition,
                organiser=organiser,
                organisation=organiser.organisation,
                kind=kinds[kind_slug],
                slug=slug,
                title=title,
                description=rng.choice(DESCRIPTIONS),
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=rng.choice([1, 2, 2, 3, 4])),
                is_public=is_public,
                attendance_mode=mode,
                venue_name=venue,
                address=address,
                postal_code=postal or department.ljust(5, "0")[:5],
                city=name,
                commune_id=insee,
                department_id=department,
                region_id=region,
                latitude=point[0],
                longitude=point[1],
                online_url="https://visio.example.org/jres" if mode != "in_person" else "",
                step_free_access=rng.random() < 0.6,
                sign_language=rng.random() < 0.05,
                hearing_loop=rng.random() < 0.1,
                capacity=rng.choice([None, None, 30, 50, 80, 120, 300]),
                registration_mode=registration,
                registration_url=(
                    "https://inscription.example.org/" if registration == "external" else ""
                ),
                status=status,
                moderation_message=(
                    "Précisez l'heure de fin." if status == "changes_requested" else ""
                ),
                cancellation_reason="La salle n'est plus disponible."
                if status == "cancelled"
                else "",
                submitted_at=None if status == EventStatus.DRAFT else now,
                labelled_at=now if labelled else None,
            )
        )
        # bulk_create skips save(): the public columns are set here, from the commune's row.
        events[-1].refresh_public_fields(commune_centre=(latitude, longitude))
        chosen_audiences.append(chosen)

    started = time.monotonic()
    Through = Event.audiences.through
    with transaction.atomic():
        for start in range(0, len(events), BATCH):
            batch = events[start : start + BATCH]
            Event.objects.bulk_create(batch, batch_size=BATCH)
            Through.objects.bulk_create(
                [
                    Through(event_id=event.pk, audience_id=audience.pk)
                    for event, chosen in zip(
                        batch, chosen_audiences[start : start + BATCH], strict=True
                    )
                    for audience in chosen
                ],
                batch_size=BATCH * 2,
            )
            if (start // BATCH) % 10 == 9:
                log(f"  {start + len(batch):,} events written")
    log(f"{len(events):,} events written in {time.monotonic() - started:.1f} s")


def reset() -> None:
    """Delete every event and the benchmark's organiser accounts."""
    started = time.monotonic()
    with transaction.atomic():
        Event.audiences.through.objects.all()._raw_delete(connection.alias)
        EventLog.objects.all()._raw_delete(connection.alias)
        Event.objects.filter(duplicated_from__isnull=False).update(duplicated_from=None)
        Event.objects.all()._raw_delete(connection.alias)
        User.objects.filter(email__endswith="@" + ORGANISER_DOMAIN).delete()
    log(f"Events deleted in {time.monotonic() - started:.1f} s")


def analyse() -> None:
    """Refresh the planner's statistics, as PostgreSQL's autovacuum would shortly after."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="how many (100,000)")
    parser.add_argument("--organisers", type=int, default=300, help="accounts (300)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (2026)")
    parser.add_argument("--reset", action="store_true", help="delete existing events first")
    parser.add_argument(
        "--analyze",
        choices=("auto", "yes", "no"),
        default="auto",
        help="run ANALYZE afterwards: auto = on PostgreSQL only, where autovacuum would; "
        "SQLite gathers no statistics by itself (default auto)",
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    log(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", interactive=False, verbosity=0)
    if not Commune.objects.exists():
        call_command("load_geo", stdout=io.StringIO())
    if Event.objects.exists():
        if not args.reset:
            log(f"The database already holds {Event.objects.count():,} events: use --reset.")
            return 2
        reset()
    build(args.events, organiser_count=args.organisers, seed=args.seed)
    if args.analyze == "yes" or (args.analyze == "auto" and connection.vendor == "postgresql"):
        analyse()
        log("Statistics gathered (ANALYZE)")
    log(f"Done in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
