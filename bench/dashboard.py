"""Load the coordination dashboard of a running gunicorn, signed in as a coordinator.

    DATABASE_URL=... [REDIS_URL=redis://127.0.0.1:6379/14] \\
        .venv/bin/python bench/dashboard.py [--duration 20] [--clients 8,32] [--workers 2] \\
        [--label NAME] [--json FILE] [--profile]

The database is the one bench/build_coordination.py fills. Bounded in time like
bench/load.py, whose server, load client, CPU meter and tables it reuses:

1. In a child process (Django set up on DATABASE_URL, a private local-memory cache): makes
   sure the benchmark's coordinator account exists (group `coordinators`) and opens a
   session for it in the database, as the login would, without the login form. Then, for
   each scenario, with Django's test client carrying that session cookie: the number of
   queries with an empty cache ("cold") and again ("warm"), and the time of a request whose
   figures are all computed (the cache emptied before each of three requests: what one
   staff member waits for once a minute, when the figures' cache has expired). With
   --profile, a cProfile of those uncached requests and each query's mean time.
2. For each number of clients and each scenario: starts gunicorn (--workers, production
   settings), empties the cache (a restart empties the local-memory cache; Redis' database
   is flushed), loads the scenario for --duration seconds with the clients sending the
   session cookie ("cold": the first pass, whose first requests compute the figures), then
   again ("warm"), and stops the server.

The scenarios: the national dashboard `/gestion/` (the current edition), one region
(`?region=11`, Île-de-France, the most events), one department (`?departement=33`,
Gironde) and a past edition (`?edition=<year>`, the middle one of the past editions).
Every response must be a 200: a redirect to the login page counts as an error.
"""

import argparse
import contextlib
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load as bench  # noqa: E402  (bench/load.py: the server, load client, CPU meter, tables)

REGION = "11"  # Île-de-France: the region with the most events
DEPARTMENT = "33"  # Gironde
COORDINATOR_EMAIL = "bench-coordinator@bench.jres.localhost"
TARGET_P95_MS = 500
UNCACHED_REPEAT = 3


# --- run inside a child process that has Django set up ----------------------------------


def setup_django() -> None:
    """Production settings but a private local-memory cache, plain static storage (no
    collectstatic for an in-process request) and the test client's host."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jres.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["REDIS_URL"] = ""
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def coordinator_session() -> str:
    """The key of a new database session signed in as the benchmark's coordinator.

    What `django.contrib.auth.login` stores, written directly: the three keys the
    authentication middleware checks. The session lives in the database, which the
    cached_db engine of a Redis setup reads too when its cache does not hold it.
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore

    from jres.accounts.models import COORDINATORS, User

    user = User.objects.filter(email=COORDINATOR_EMAIL).first()
    if user is None:
        user = User(email=COORDINATOR_EMAIL, display_name="Coordination (benchmark)")
        user.set_unusable_password()
        user.save()
    # The benchmark's database is migrated: accounts' 0002_roles made the group.
    user.groups.add(Group.objects.get(name=COORDINATORS))
    # Coordinators reach nothing before they have an authenticator app (second_factor).
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def data_summary() -> dict:
    from django.db import connection

    from jres.editions.models import Edition
    from jres.events.models import Event
    from jres.registrations.models import Registration

    current = Edition.objects.current()
    return {
        "vendor": connection.vendor,
        "current": current.year,
        "editions": Edition.objects.count(),
        "events": Event.objects.count(),
        "current_events": Event.objects.filter(edition=current).count(),
        "registrations": Registration.objects.count(),
        "current_registrations": Registration.objects.filter(event__edition=current).count(),
    }


def scenarios(current: int, past_years: list[int]) -> list[tuple[str, str]]:
    past = sorted(past_years)[len(past_years) // 2] if past_years else current
    return [
        ("national", "/gestion/"),
        ("region", f"/gestion/?region={REGION}"),
        ("department", f"/gestion/?departement={DEPARTMENT}"),
        ("past-edition", f"/gestion/?edition={past}"),
    ]


def probe(profile: bool, names: list[str]) -> dict:
    """Query counts and uncached times of each scenario; a session for the load."""
    setup_django()
    import cProfile
    import pstats
    from collections import defaultdict

    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from jres.editions.models import Edition

    setup_test_environment()
    summary = data_summary()
    past_years = list(
        Edition.objects.exclude(year=summary["current"]).values_list("year", flat=True)
    )
    session_key = coordinator_session()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    result = summary | {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}",
        "queries": {},
        "uncached": {},
    }
    result["scenarios"] = [
        (name, path)
        for name, path in scenarios(summary["current"], past_years)
        if not names or name in names
    ]
    profiler = cProfile.Profile() if profile else None
    query_times: dict[str, list[float]] = defaultdict(list)
    for name, path in result["scenarios"]:
        cache.clear()
        counts = []
        for _pass in ("cold", "warm"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
            counts.append(len(queries))
        result["queries"][name] = counts
        times = []
        for _repeat in range(UNCACHED_REPEAT):
            cache.clear()
            started = time.perf_counter()
            if profiler:
                with CaptureQueriesContext(connection) as queries:
                    profiler.enable()
                    client.get(path)
                    profiler.disable()
                for query in queries.captured_queries:
                    sql = " ".join(query["sql"].split())
                    query_times[f"{name}: {sql[:140]}"].append(float(query["time"]))
            else:
                client.get(path)
            times.append(time.perf_counter() - started)
        result["uncached"][name] = {
            "min": round(min(times) * 1000),
            "median": round(statistics.median(times) * 1000),
            "bytes": len(response.content),
        }
    if profiler:
        # On stderr: stdout's last line is the JSON the parent reads.
        print("Slowest queries of the uncached requests (mean ms per request):", file=sys.stderr)
        ranked = sorted(query_times.items(), key=lambda item: -sum(item[1]))
        for sql, times in ranked[:25]:
            print(f"  {1000 * sum(times) / UNCACHED_REPEAT:8.1f}  {sql}", file=sys.stderr)
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(20)
    return result


def run_child(
    script: str, database_url: str, arguments: list[str], *, secret_key: str, timeout: float
) -> dict:
    """Run `script --probe ARGUMENTS` on `database_url`; the JSON of its last line.

    The child signs the session with the server's SECRET_KEY, or the server would not read it.
    """
    env = os.environ | {"DATABASE_URL": database_url, "SECRET_KEY": secret_key}
    completed = subprocess.run(  # noqa: S603 (our own script, with our own interpreter)
        [sys.executable, script, "--probe", *arguments],
        env=env,
        stdout=subprocess.PIPE,
        stderr=None if "--profile" in arguments else subprocess.PIPE,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"probe failed on {database_url}:\n{(completed.stderr or '')[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- the load ---------------------------------------------------------------------------

COOKIE = {"header": ""}


async def fetch_signed_in(port: int, path: str) -> tuple[int, int]:
    """load.py's request, with the coordinator's session cookie."""
    status, _head, size = await bench.exchange(port, path, f"Cookie: {COOKIE['header']}\r\n")
    return status, size


def measure_least_disturbed(name: str, path: str, phases, *, server, args) -> list:
    """bench/load.py's passes of one scenario, measured again (up to --retries times) when
    other programs took over a third of a core; the least disturbed attempt is kept."""
    best: list[bench.PassResult] = []
    for attempt in range(args.retries + 1):
        passes = bench.measure(name, lambda: path, phases, server=server, args=args)
        disturbed = max(result.other_cpu for result in passes)
        if not best or disturbed < max(result.other_cpu for result in best):
            best = passes
        if disturbed <= bench.DISTURBED_OTHER_CPU or attempt == args.retries:
            break
        print(f"  other programs took {disturbed} % of a core: measuring again", flush=True)
    return best


def steady(scenario: tuple[str, str], server: bench.Server, args) -> bench.PassResult:
    """A pass long enough to include a recomputation of the figures, as a staff member
    sees them all day: the cache entries expire a minute after one request computed them."""
    name, path = scenario
    if args.redis_url:
        bench.flush_redis(args.redis_url)
    server.start()
    try:
        bench.wait_until_quiet(args.wait_quiet)
        connection = http.client.HTTPConnection(bench.HOST, server.port, timeout=120)
        connection.request("GET", path, headers={"Cookie": COOKIE["header"]})
        connection.getresponse().read()
        connection.close()
        result = bench.run_pass(
            name,
            f"{args.steady:g} s",
            server=server,
            paths=lambda: path,
            clients=args.clients,
            duration=args.steady,
        )
    finally:
        server.stop()
    print(
        f"  {name:<13} steady {result.rps:>7} rps  p95 {result.p95:>7} ms  max {result.max} ms"
        f"  errors {result.errors}",
        flush=True,
    )
    return result


def verdict(result: bench.PassResult) -> str:
    if result.phase == "cold":
        return "(cold)"
    return "met" if result.p95 < TARGET_P95_MS and not result.errors else "MISSED"


def print_results(label: str, results: list[tuple[int, bench.PassResult]], duration) -> None:
    header = ["scenario", "clients", "pass", "requests", "errors", "rps", "p50 ms", "p95 ms"]
    header += ["p99 ms", "max ms", "bytes", "CPU % server/db/client/other"]
    header += [f"p95 < {TARGET_P95_MS} ms"]
    rows = [
        [r.scenario, clients, r.phase, r.requests, r.errors, r.rps, r.p50, r.p95, r.p99, r.max]
        + [r.bytes, f"{r.server_cpu}/{r.database_cpu}/{r.client_cpu}/{r.other_cpu}", verdict(r)]
        for clients, r in results
    ]
    bench.print_table(f"Dashboard: {label}, {duration:g} s a pass", header, rows)
    for clients, result in results:
        if result.error_kinds:
            print(f"  {result.scenario} {clients} {result.phase} errors: {result.error_kinds}")


def print_probe(label: str, probe_result: dict) -> None:
    print(
        f"{label}: {probe_result['events']:,} events ({probe_result['current_events']:,} in "
        f"{probe_result['current']}), {probe_result['registrations']:,} registrations "
        f"({probe_result['current_registrations']:,} in {probe_result['current']}), "
        f"{probe_result['editions']} editions",
        flush=True,
    )
    header = ["scenario", "path", "queries cold/warm", "uncached ms (min)", "median", "bytes"]
    rows = [
        [name, path, "{}/{}".format(*probe_result["queries"][name])]
        + [probe_result["uncached"][name][key] for key in ("min", "median", "bytes")]
        for name, path in probe_result["scenarios"]
    ]
    bench.print_table(
        f"In process (test client): queries per request, and a request with every figure "
        f"computed (cache emptied; {UNCACHED_REPEAT} requests)",
        header,
        rows,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", ""), help="else local memory"
    )
    parser.add_argument("--duration", type=float, default=20, help="seconds per pass (20)")
    parser.add_argument("--clients", default="8", help="concurrent clients, e.g. 8,32 (8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--scenarios", help="comma-separated names (default: all)")
    parser.add_argument("--phases", default="cold,warm", help="cold,warm (default both)")
    parser.add_argument("--label", default="", help="title of the printed tables")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--workdir", type=Path, help="static files, logs (default: temporary)")
    parser.add_argument("--max-minutes", type=float, default=20, help="hard limit (20)")
    parser.add_argument("--wait-quiet", type=float, default=60, help="see bench/load.py (60)")
    parser.add_argument("--retries", type=int, default=2, help="see bench/load.py (2)")
    parser.add_argument("--profile", action="store_true", help="cProfile the uncached requests")
    parser.add_argument("--no-load", action="store_true", help="the in-process figures only")
    parser.add_argument(
        "--steady",
        type=float,
        default=0,
        help="then load the first scenario this many seconds (75: past one expiry of the "
        "figures' cache) at the first number of clients, after one request warmed it (0: no)",
    )
    args = parser.parse_args(argv)

    if args.probe:
        names = args.scenarios.split(",") if args.scenarios else []
        print(json.dumps(probe(args.profile, names)))
        return 0
    if not args.database_url:
        parser.error("DATABASE_URL or --database-url is required")
    client_counts = [int(value) for value in args.clients.split(",")]
    phases = [phase for phase in ("cold", "warm") if phase in args.phases.split(",")]
    signal.signal(signal.SIGALRM, bench.on_alarm)
    signal.alarm(int(args.max_minutes * 60))

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="jres-bench-dashboard-"))
    (workdir / "var").mkdir(parents=True, exist_ok=True)
    port = bench.free_port()
    env = bench.server_env(args, workdir, port)
    label = args.label or args.database_url.split("://")[0]
    server = bench.Server(
        port=port, workers=args.workers, env=env, log_path=workdir / "gunicorn-dashboard.log"
    )
    # load.py's client sends no cookie; the dashboard needs the coordinator's session.
    bench.fetch = fetch_signed_in
    results: list[tuple[int, bench.PassResult]] = []
    probe_result: dict = {}
    try:
        started = time.monotonic()
        probe_result = run_child(
            __file__,
            args.database_url,
            (["--profile"] if args.profile else [])
            + (["--scenarios", args.scenarios] if args.scenarios else []),
            secret_key=env["SECRET_KEY"],
            timeout=900,
        )
        print(f"Probe in {time.monotonic() - started:.0f} s", flush=True)
        print_probe(label, probe_result)
        if args.no_load:
            return 0
        COOKIE["header"] = probe_result["cookie"]
        bench.collect_static(env)
        for clients in client_counts:
            args.clients = clients
            for name, path in probe_result["scenarios"]:
                passes = measure_least_disturbed(name, path, phases, server=server, args=args)
                results.extend((clients, result) for result in passes)
        if args.steady:
            args.clients = client_counts[0]
            results.append((args.clients, steady(probe_result["scenarios"][0], server, args)))
    except bench.Timeout:
        print(f"Stopped: over {args.max_minutes:g} minutes", file=sys.stderr)
        return 3
    finally:
        signal.alarm(0)
        server.stop()
        if args.redis_url:
            with contextlib.suppress(Exception):
                bench.flush_redis(args.redis_url)
        if results:
            print_results(f"{label}, gunicorn {args.workers} workers", results, args.duration)
        if args.json and probe_result:
            args.json.write_text(
                json.dumps(
                    {
                        "label": label,
                        "probe": {k: v for k, v in probe_result.items() if k != "cookie"},
                        "results": [
                            {"clients": clients, **vars(result)} for clients, result in results
                        ],
                    },
                    indent=1,
                )
            )
    return 1 if any(result.errors for _clients, result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
