"""The peak benchmark's data, prepared in a child process that has Django set up.

    DATABASE_URL=... .venv/bin/python bench/peak_setup.py prepare [--seed 1]
    DATABASE_URL=... .venv/bin/python bench/peak_setup.py count

`prepare` works on a database that bench/build_events.py filled, and prints one line of
JSON for bench/peak.py:

- applies the migrations (the code may have changed since the database was filled),
  empties the registrations, the outbox and the task queue of earlier runs (the database
  is kept between runs; its events are not touched otherwise), then opens registrations on
  the platform for REGISTRATION_EVENTS labelled public in-person events, dated a month from
  now, with CAPACITY places each: nobody is turned away or put on a waiting list, so every
  registration sent must be in the database afterwards;
- gives ORGANISERS of the benchmark's organiser accounts and MODERATORS new moderator
  accounts (bench-moderator-N@...) the password PASSWORD and a verified e-mail address, as
  a real account has, and the moderators an authenticator app (TOTP_SECRET) when the code
  asks staff for a second factor; each organiser keeps the events build_events.py gave it
  (those it can still edit are the ones its pages show);
- draws EVENT_SAMPLE labelled public events for the anonymous visitors' event pages,
  and a few submitted events for the moderators' review pages.

`count` prints the registrations and the e-mails in the outbox, by state, and the mean
size of the rows one registration writes (its own, its e-mail's, the task's).
"""

import datetime
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

REGISTRATION_EVENTS = 500
CAPACITY = 100_000
ORGANISERS = 12
MODERATORS = 4
EVENT_SAMPLE = 2_000
REVIEW_SAMPLE = 200
PASSWORD = "peak-bench-Passw0rd-2026"  # noqa: S105 (the benchmark's own local accounts)
DOMAIN = "bench.jres.localhost"
TOTP_SECRET = "JRESPEAKBENCHJRESPEAKBENCHJRESPE"  # noqa: S105 (base32, the same local accounts)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jres.settings")
    import django

    django.setup()


def verified(user) -> None:
    """A password and a verified primary address: what signing in asks of an account."""
    from allauth.account.models import EmailAddress

    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def second_factor(user) -> str:
    """Staff sign in with an authenticator app when allauth.mfa is installed: give the
    account one with TOTP_SECRET; the secret, or '' without allauth.mfa."""
    from django.apps import apps

    if not apps.is_installed("allauth.mfa"):
        return ""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, TOTP_SECRET)
    return TOTP_SECRET


def prepare(seed: int) -> dict:
    setup_django()
    import registrations as registrations_bench
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from jres.accounts.models import MODERATORS as MODERATOR_GROUP
    from jres.accounts.models import User
    from jres.events.models import AttendanceMode, Event, EventStatus, RegistrationMode
    from jres.outbox.models import OutgoingMessage
    from jres.registrations.models import Registration

    # The database is kept between runs; the code may have new migrations since.
    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    events = Event.objects.count()
    if not events:
        raise SystemExit("No events: fill the database with bench/build_events.py first")
    Registration.objects.all().delete()
    OutgoingMessage.objects.all().delete()
    DBTaskResult.objects.all().delete()

    public = Event.objects.filter(status=EventStatus.LABELLED, is_public=True)
    open_pks = list(
        public.filter(attendance_mode=AttendanceMode.IN_PERSON)
        .order_by("pk")
        .values_list("pk", flat=True)[:REGISTRATION_EVENTS]
    )
    starts_at = timezone.now() + datetime.timedelta(days=30)
    # update(): these columns change neither the published flag nor the public point.
    Event.objects.filter(pk__in=open_pks).update(
        registration_mode=RegistrationMode.PLATFORM,
        capacity=CAPACITY,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )
    registrations_bench.refresh_statistics()

    organisers = []
    for user in User.objects.filter(email__endswith=f"@{DOMAIN}", events__isnull=False).distinct()[
        :ORGANISERS
    ]:
        verified(user)
        # Cancelled and refused events have no edit form (it sends back to the list).
        own = list(
            Event.objects.filter(organiser=user)
            .exclude(status__in=[EventStatus.CANCELLED, EventStatus.REFUSED])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        organisers.append({"email": user.email, "events": own[:20]})
    group, _created = Group.objects.get_or_create(name=MODERATOR_GROUP)
    totp_secret = ""
    moderators = []
    for index in range(1, MODERATORS + 1):
        user, _created = User.objects.get_or_create(
            email=f"bench-moderator-{index}@{DOMAIN}",
            defaults={"display_name": f"Modération {index}"},
        )
        user.groups.add(group)
        verified(user)
        moderators.append({"email": user.email})
        totp_secret = second_factor(user)

    labelled = list(public.values_list("slug", flat=True))
    submitted = list(
        Event.objects.filter(status=EventStatus.SUBMITTED).values_list("pk", flat=True)[:5000]
    )
    return {
        "events": events,
        "published": Event.objects.published().count(),
        "register": list(Event.objects.filter(pk__in=open_pks).values_list("slug", flat=True)),
        "event_pages": rng.sample(labelled, min(EVENT_SAMPLE, len(labelled))),
        "reviews": rng.sample(submitted, min(REVIEW_SAMPLE, len(submitted))),
        "organisers": organisers,
        "moderators": moderators,
        "password": PASSWORD,
        "totp_secret": totp_secret,
        "database_bytes": database_bytes(),
    }


def database_bytes() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


def count() -> dict:
    setup_django()
    from django.db import connection
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from jres.outbox.models import OutgoingMessage
    from jres.registrations.models import Registration

    def by(model, column):
        rows = model.objects.values(column).annotate(n=Count("pk"))
        return {row[column]: row["n"] for row in rows}

    # What one registration writes: its row, its e-mail in the outbox and the task that
    # sends it. The rows' own sizes: the tables on disk keep the space of earlier runs' rows.
    row_bytes = {}
    with connection.cursor() as cursor:
        for model in (Registration, OutgoingMessage, DBTaskResult):
            table = model._meta.db_table
            cursor.execute(f"SELECT coalesce(avg(pg_column_size(r.*)), 0) FROM {table} r")  # noqa: S608
            row_bytes[table] = round(float(cursor.fetchone()[0]))
    return {
        "registrations": by(Registration, "status"),
        "row_bytes": row_bytes,
        "outbox": by(OutgoingMessage, "status"),
    }


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "prepare":
        seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
        print(json.dumps(prepare(seed)))
    elif command == "count":
        print(json.dumps(count()))
    else:
        raise SystemExit(__doc__)
