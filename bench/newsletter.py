"""A newsletter to 50,000 subscribers through a local SMTP sink, with a mid-way restart of
the mail server: its time, and what it lost or sent twice.

    [DATABASE_URL=...] .venv/bin/python bench/newsletter.py [--subscribers 50000] \\
        [--workers 2] [--stop-at 0.4] [--outage 20] [--timeout 900]

Without DATABASE_URL, a SQLite file under /tmp/jres-bench-newsletter/ is used; PostgreSQL
works the same (give it a database of its own: the script empties the newsletter's tables
and the task queue). What it does, bounded in time (--timeout):

1. migrates, empties the newsletter's tables and the task queue, and creates the
   subscribers, confirmed, in bulk;
2. starts an SMTP sink (aiosmtpd, in a subprocess of this script on a free 127.0.0.1 port)
   that appends each accepted message's recipient and Message-ID to a file;
3. starts --workers task workers (`python -m jres db_worker`) that send through it;
4. starts the mailing (the snapshot of the segment, timed apart), then watches the file:
   past --stop-at of the subscribers received, it stops the sink for --outage seconds and
   starts it again on the same port;
5. waits until no recipient is left to send (or --timeout), stops the workers, and prints
   the time, the messages a second, the lost (subscribers the sink never received), the
   duplicates (a subscriber received twice), and the batches the mail server failed
   ("retries").

The back-off after a failed batch (15 s, then 30 s, ...) is part of the measured time: an
outage of 20 s costs about 45 s.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load as bench  # noqa: E402  (bench/load.py: free ports, tables)

WORKDIR = Path("/tmp/jres-bench-newsletter")  # noqa: S108
BULK = 5000


# --- The sink (run as a subprocess: `newsletter.py --sink PORT FILE`) ------------------


def run_sink(port: int, record: Path) -> None:
    """Accept every message; append "recipient<TAB>Message-ID" per recipient to `record`."""
    from email.parser import BytesHeaderParser

    from aiosmtpd.controller import Controller

    parser = BytesHeaderParser()
    out = record.open("a", buffering=1, encoding="utf-8")

    class Recorder:
        async def handle_DATA(self, server, session, envelope):
            # A long Message-ID is folded over two lines: unfold it.
            message_id = " ".join(str(parser.parsebytes(envelope.content)["Message-ID"]).split())
            for recipient in envelope.rcpt_tos:
                out.write(f"{recipient}\t{message_id}\n")
            return "250 OK"

    controller = Controller(Recorder(), hostname=bench.HOST, port=port)
    controller.start()

    def finish(*_args):
        # Gone at once, connections dropped mid-message: a mail server that dies.
        out.flush()
        os._exit(0)

    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    while True:
        time.sleep(3600)


class Sink:
    def __init__(self, port: int, record: Path):
        self.port, self.record, self.process = port, record, None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, __file__, "--sink", str(self.port), str(self.record)]
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex((bench.HOST, self.port)) == 0:
                    return
            time.sleep(0.1)
        raise SystemExit("The SMTP sink did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


def received(record: Path) -> list[tuple[str, str]]:
    if not record.exists():
        return []
    with record.open(encoding="utf-8") as lines:
        return [tuple(line.rstrip("\n").split("\t", 1)) for line in lines if "\t" in line]


# --- The run --------------------------------------------------------------------------


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["VAR_DIR"] = str(WORKDIR / "var")
    os.environ.pop("TASKS_BACKEND", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jres.settings")
    import django

    django.setup()


def prepare(count: int) -> int:
    """Migrate, empty the queue and the newsletter, create `count` confirmed subscribers;
    return the pk of the bench's coordinator account."""
    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from jres.accounts.models import User
    from jres.newsletter.models import Mailing, OptOut, Subscriber, SubscriberStatus

    call_command("migrate", verbosity=0)
    DBTaskResult.objects.all().delete()
    Mailing.objects.all().delete()
    OptOut.objects.all().delete()
    Subscriber.objects.all().delete()
    now = timezone.now()
    started = time.monotonic()
    for first in range(0, count, BULK):
        Subscriber.objects.bulk_create(
            Subscriber(
                email=f"abonne{n}@bench.example",
                language="en" if n % 10 == 0 else "fr",
                status=SubscriberStatus.CONFIRMED,
                consent_source="bench",
                confirmed_at=now,
            )
            for n in range(first, min(first + BULK, count))
        )
    print(f"{count:,} subscribers created in {time.monotonic() - started:.1f} s", flush=True)
    user, _created = User.objects.get_or_create(
        email="coordination@bench.example", defaults={"display_name": "Coordination"}
    )
    return user.pk


def start_workers(count: int, env: dict) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "jres", "db_worker", "--no-startup-delay", "--no-reload"]
            + ["--interval", "0.2", "-v", "0", "--worker-id", f"bench-{number}"],
            env=env,
            cwd=str(WORKDIR),
        )
        for number in range(count)
    ]


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) == 4 and sys.argv[1] == "--sink":
        run_sink(int(sys.argv[2]), Path(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", f"sqlite:///{WORKDIR / 'newsletter.sqlite3'}"),
    )
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stop-at", type=float, default=0.4)
    parser.add_argument("--outage", type=float, default=20)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args(argv)

    (WORKDIR / "var").mkdir(parents=True, exist_ok=True)
    setup_django(args.database_url)
    coordinator_pk = prepare(args.subscribers)

    from django.conf import settings

    from jres.accounts.models import User
    from jres.newsletter import services
    from jres.newsletter.models import Mailing, RecipientStatus, Segment

    record = WORKDIR / "received.tsv"
    record.unlink(missing_ok=True)
    sink = Sink(bench.free_port(), record)
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ")
    env = {name: os.environ[name] for name in keep if name in os.environ} | {
        "DJANGO_SETTINGS_MODULE": "jres.settings",
        "DATABASE_URL": args.database_url,
        "VAR_DIR": str(WORKDIR / "var"),
        "SITE_URL": settings.SITE_URL,
        "EMAIL_HOST": bench.HOST,
        "EMAIL_PORT": str(sink.port),
        "EMAIL_TIMEOUT": "5",
        "LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
    }
    workers: list[subprocess.Popen] = []
    deadline = time.monotonic() + args.timeout
    outage = {"stopped_at": None, "restarted_at": None}
    try:
        sink.start()
        workers = start_workers(args.workers, env)
        mailing = Mailing.objects.create(
            subject="Bench",
            body="Bonjour,\n\nUne **lettre** de mesure.",
            segment=Segment.NEWSLETTER,
        )
        started = time.monotonic()
        count = services.start_mailing(mailing=mailing, by=User.objects.get(pk=coordinator_pk))
        snapshot = time.monotonic() - started
        print(f"Segment snapshot: {count:,} recipients in {snapshot:.1f} s", flush=True)
        left = count
        while time.monotonic() < deadline:
            time.sleep(0.5)
            got = len(received(record))
            if outage["stopped_at"] is None and got >= args.stop_at * count:
                sink.stop()
                outage["stopped_at"] = time.monotonic()
                print(f"Mail server stopped after {got:,} messages", flush=True)
            if outage["stopped_at"] and outage["restarted_at"] is None:
                if time.monotonic() - outage["stopped_at"] >= args.outage:
                    sink.start()
                    outage["restarted_at"] = time.monotonic()
                    print("Mail server restarted", flush=True)
                continue
            left = mailing.recipients.filter(
                status__in=[RecipientStatus.PENDING, RecipientStatus.SENDING]
            ).count()
            if not left:
                break
        elapsed = time.monotonic() - started
    finally:
        stop_workers(workers)
        sink.stop()

    mailing.refresh_from_db()
    rows = received(record)
    per_address = Counter(address for address, _message_id in rows)
    expected = {f"abonne{n}@bench.example" for n in range(args.subscribers)}
    lost = len(expected - set(per_address))
    duplicates = sum(times - 1 for times in per_address.values() if times > 1)
    same_id = len(rows) - len({message_id for _address, message_id in rows})
    statuses = Counter(mailing.recipients.values_list("status", flat=True))
    label = args.database_url.split("://")[0]
    bench.print_table(
        f"Newsletter: {label}, {args.subscribers:,} subscribers, {args.workers} worker(s), "
        f"mail server stopped {args.outage:g} s at {args.stop_at:.0%}",
        ["total s", "messages/s", "received", "lost", "duplicates", "retries", "finished"],
        [
            [
                round(elapsed, 1),
                round(len(rows) / elapsed, 1),
                len(rows),
                lost,
                duplicates,
                mailing.retries,
                "yes" if not left else f"NO ({left:,} left)",
            ]
        ],
    )
    print(
        f"\nSnapshot {snapshot:.1f} s; recipients by status {dict(statuses)}; "
        f"{same_id} copies under an already received Message-ID; mailing {mailing.status}"
    )
    return 1 if lost or left else 0


if __name__ == "__main__":
    sys.exit(main())
