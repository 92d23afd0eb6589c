"""Registrations per second against a real server, and a count of overbooking.

    DATABASE_URL=... .venv/bin/python bench/registrations.py [--duration 20] [--clients 32]

The database must hold events (bench/build_events.py). The script opens registrations on
the platform for one popular event (POPULAR_CAPACITY places, so it fills during the run
and the rest of the load goes to its waiting list) and for MANY_EVENTS other events (30
to 300 places each), all dated a month from now, and removes earlier registrations. It
then starts gunicorn (2 workers, production settings, as bench/load.py does) and runs two
scenarios for `--duration` seconds each with `--clients` concurrent clients: everybody
registers to the popular event, then everybody registers to a random one of the others.
Each client fetches the form once (for its CSRF cookie and token), then posts
registrations one after the other, each with a new address. Afterwards it counts, in the
database, the confirmed places of every event against its capacity.

No task worker runs during the scenarios: the e-mails pile up in the outbox, as they would
at a peak. Then the script starts a local SMTP server (aiosmtpd, which accepts and drops
every message) and one `db_worker`, and measures for at most `--drain` seconds how many
of those e-mails a second the worker renders and sends.
"""

import argparse
import datetime
import http.client
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load as bench  # noqa: E402  (bench/load.py: the server, CPU meter, tables)

POPULAR_CAPACITY = 2000
MANY_EVENTS = 300
TARGET_RPS = 200
TARGET_P95_MS = 250
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def prepare(database_url: str, seed: int = 1) -> dict:
    """Open registrations on the chosen events; {'popular': slug, 'many': [slugs]}."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jres.settings")
    import django

    django.setup()
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from jres.events.models import AttendanceMode, Event, EventStatus, RegistrationMode
    from jres.outbox.models import OutgoingMessage
    from jres.registrations.models import Registration

    candidates = list(
        Event.objects.filter(
            status=EventStatus.LABELLED, is_public=True, attendance_mode=AttendanceMode.IN_PERSON
        )
        .order_by("pk")
        .values_list("pk", flat=True)[: MANY_EVENTS + 1]
    )
    if len(candidates) < 2:
        raise SystemExit("No labelled events: build them first with bench/build_events.py")
    Registration.objects.all().delete()
    # The queue starts empty, so the drain below measures this run's e-mails only.
    OutgoingMessage.objects.all().delete()
    DBTaskResult.objects.all().delete()
    refresh_statistics()
    starts_at = timezone.now() + datetime.timedelta(days=30)
    # update() rather than save(): these columns change neither the published flag nor
    # the public point.
    Event.objects.filter(pk__in=candidates).update(
        registration_mode=RegistrationMode.PLATFORM,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )
    rng = random.Random(seed)
    popular, *many = candidates
    Event.objects.filter(pk=popular).update(capacity=POPULAR_CAPACITY)
    for pk in many:
        Event.objects.filter(pk=pk).update(capacity=rng.choice([30, 50, 80, 120, 300]))
    slugs = dict(Event.objects.filter(pk__in=candidates).values_list("pk", "slug"))
    return {"popular": slugs[popular], "many": [slugs[pk] for pk in many]}


BUSY_TABLES = [
    "registrations_registration",
    "outbox_outgoingmessage",
    "django_tasks_database_dbtaskresult",
]


def refresh_statistics() -> None:
    """On PostgreSQL, VACUUM ANALYZE the tables a run fills or empties.

    A database whose tables were just emptied or filled by thousands of rows has planner
    statistics that autovacuum has not caught up with yet (it wakes every minute): the
    task worker's query then sorts every waiting task instead of reading its index
    (27 ms a task instead of 0.1 ms, measured here). Production's autovacuum keeps them
    fresh; a benchmark that empties its tables between runs must do it itself.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in BUSY_TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")  # noqa: S608 (our own table names)


def overbooking(database_url: str) -> dict:
    """Confirmed places against capacity, per event, after the run."""
    from django.db.models import Q, Sum

    from jres.events.models import Event

    events = Event.objects.filter(registration_mode="platform", capacity__isnull=False).annotate(
        confirmed=Sum("registrations__places", filter=Q(registrations__status="confirmed")),
    )
    rows = list(events.values_list("capacity", "confirmed"))
    from jres.registrations.models import Registration

    return {
        "events": len(rows),
        "overbooked": sum(1 for capacity, confirmed in rows if (confirmed or 0) > capacity),
        "confirmed": Registration.objects.filter(status="confirmed").count(),
        "waiting": Registration.objects.filter(status="waiting").count(),
    }


class Client(threading.Thread):
    """One visitor after another on one connection's worth of cookies: closed loop."""

    def __init__(self, number: int, *, port: int, slugs, deadline: float, results: dict):
        super().__init__(daemon=True)
        self.number, self.port, self.slugs = number, port, slugs
        self.deadline, self.results = deadline, results
        self.rng = random.Random(number)

    def _request(self, method: str, path: str, body: bytes = b"", headers=None):
        connection = http.client.HTTPConnection(bench.HOST, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.getheader("Set-Cookie") or "", response.read()
        finally:
            connection.close()

    def run(self) -> None:
        first = f"/evenements/{self.slugs()}/inscription/"
        status, cookie, page = self._request("GET", first)
        token = _TOKEN.search(page.decode())
        csrf = re.search(r"csrftoken=([^;]+)", cookie)
        if status != 200 or not token or not csrf:
            self.results["errors"][f"form HTTP {status}"] += 1
            return
        headers = {
            "Cookie": f"csrftoken={csrf.group(1)}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        sent = 0
        while time.monotonic() < self.deadline:
            sent += 1
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1),
                    "name": f"Visiteur {self.number}-{sent}",
                    "email": f"v{self.number}-{sent}-{self.rng.getrandbits(32)}@example.net",
                    "role": "parent",
                    "places": "1",
                    "consent": "on",
                }
            ).encode()
            path = f"/evenements/{self.slugs()}/inscription/"
            begin = time.perf_counter()
            try:
                status, _cookie, _body = self._request("POST", path, body, headers)
            except OSError as error:
                self.results["errors"][type(error).__name__] += 1
                continue
            self.results["latencies"].append(time.perf_counter() - begin)
            if status != 302:
                self.results["errors"][f"HTTP {status}"] += 1


def run_scenario(name: str, slugs, *, server, clients: int, duration: float) -> dict:
    results = {"latencies": [], "errors": Counter()}
    meter = bench.CpuMeter(server.pids())
    started = time.monotonic()
    threads = [
        Client(number, port=server.port, slugs=slugs, deadline=started + duration, results=results)
        for number in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 60)
    elapsed = time.monotonic() - started
    cpu = meter.stop()
    latencies = sorted(results["latencies"])
    errors = sum(results["errors"].values())
    return {
        "scenario": name,
        "requests": len(latencies),
        "errors": errors,
        "error_kinds": dict(results["errors"]),
        "rps": round((len(latencies) - errors) / elapsed, 1),
        "p50": round(bench.percentile(latencies, 0.50) * 1000, 1),
        "p95": round(bench.percentile(latencies, 0.95) * 1000, 1),
        "p99": round(bench.percentile(latencies, 0.99) * 1000, 1),
        "max": round(latencies[-1] * 1000, 1) if latencies else 0.0,
        "cpu": f"{cpu.server}/{cpu.database}/{cpu.client}/{cpu.other}",
    }


def sent_messages() -> tuple[int, int]:
    """(sent, not yet sent) in the outbox."""
    from jres.outbox.models import MessageStatus, OutgoingMessage

    sent = OutgoingMessage.objects.filter(status=MessageStatus.SENT).count()
    return sent, OutgoingMessage.objects.count() - sent


def drain(env: dict, *, seconds: float) -> dict:
    """Run one task worker against a local SMTP sink; its e-mails per second."""
    smtp_port = bench.free_port()
    sink = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"{bench.HOST}:{smtp_port}"]
        + ["-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker_env = env | {"EMAIL_HOST": bench.HOST, "EMAIL_PORT": str(smtp_port)}
    before, queued = sent_messages()
    time.sleep(1)  # the sink listening
    started = time.monotonic()
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "jres", "db_worker", "--batch", "--no-startup-delay"]
        + ["--no-reload", "--interval", "0.1", "-v", "0"],
        env=worker_env,
        cwd=env["VAR_DIR"],
    )
    try:
        worker.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        worker.terminate()
        worker.wait(timeout=30)
    elapsed = time.monotonic() - started
    sink.terminate()
    sink.wait(timeout=10)
    after, left = sent_messages()
    return {
        "queued": queued,
        "sent": after - before,
        "left": left,
        "seconds": round(elapsed, 1),
        "per_second": round((after - before) / elapsed, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", ""))
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--workdir",
        default=os.environ.get("BENCH_WORKDIR", "/tmp/jres-bench"),  # noqa: S108
    )
    parser.add_argument("--label", default="")
    parser.add_argument(
        "--drain", type=float, default=30, help="seconds for the worker to send the e-mails"
    )
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url or DATABASE_URL is required")

    workdir = Path(args.workdir)
    (workdir / "var").mkdir(parents=True, exist_ok=True)
    chosen = prepare(args.database_url)
    port = bench.free_port()
    # All the clients come from 127.0.0.1: lift the per-address registration limit.
    env = bench.server_env(args, workdir, port) | {
        "REGISTRATION_RATE_LIMIT": "",
        "WRITE_RATE_LIMIT": "",
    }
    bench.collect_static(env)
    server = bench.Server(
        port=port, workers=args.workers, env=env, log_path=workdir / "gunicorn-registrations.log"
    )
    label = args.label or args.database_url.split("://")[0]
    scenarios = [
        ("one popular event", lambda: chosen["popular"]),
        (f"{len(chosen['many'])} events", lambda: random.choice(chosen["many"])),
    ]
    rows = []
    try:
        server.start()
        for name, slugs in scenarios:
            bench.wait_until_quiet(60)
            rows.append(
                run_scenario(
                    name, slugs, server=server, clients=args.clients, duration=args.duration
                )
            )
    finally:
        server.stop()
    booked = overbooking(args.database_url)
    refresh_statistics()
    bench.wait_until_quiet(60)
    drained = drain(env, seconds=args.drain)
    header = ["scenario", "requests", "errors", "registrations/s", "p50 ms", "p95 ms"]
    header += ["p99 ms", "max ms", "CPU % server/db/client/other", "target"]
    table = [
        [row["scenario"], row["requests"], row["errors"], row["rps"], row["p50"], row["p95"]]
        + [row["p99"], row["max"], row["cpu"]]
        + [
            "met"
            if row["rps"] >= TARGET_RPS and row["p95"] < TARGET_P95_MS and not row["errors"]
            else "MISSED"
        ]
        for row in rows
    ]
    bench.print_table(
        f"Registrations: {label}, {args.clients} clients, {args.duration:g} s a scenario, "
        f"target {TARGET_RPS}/s with p95 < {TARGET_P95_MS} ms",
        header,
        table,
    )
    for row in rows:
        if row["error_kinds"]:
            print(f"  {row['scenario']} errors: {row['error_kinds']}")
    print(
        f"\nAfter the run: {booked['confirmed']:,} confirmed, {booked['waiting']:,} waiting, "
        f"{booked['overbooked']} of {booked['events']} events over capacity"
    )
    print(
        f"E-mails: {drained['queued']:,} queued by the run; one worker sent "
        f"{drained['sent']:,} in {drained['seconds']:g} s ({drained['per_second']:g} a second) "
        f"to a local SMTP server; {drained['left']:,} left"
    )
    return 1 if booked["overbooked"] else 0


if __name__ == "__main__":
    sys.exit(main())
