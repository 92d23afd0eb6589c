"""The day's peak: the whole stack under the day's mix of visitors, against 100,000 events.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jres_bench_peak \\
    REDIS_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python bench/peak.py [--duration 150] [--clients 32] [--workers 2]

The database is one bench/build_events.py filled (100,000 events) and is kept between
runs; Redis' database is flushed at the start and the end. Bounded: the run stops after
--max-minutes (12) whatever happens, and every process it started (two gunicorns, a task
worker, two nginx) is stopped, on failure and on Ctrl-C too. What it does:

1. Prepares the data in a child process (bench/peak_setup.py): registrations opened on 500
   events with room for everybody, organiser and moderator accounts with a known password,
   a sample of 2,000 labelled events for the event pages.
2. Starts the production set-up on 127.0.0.1: two app servers (gunicorn, --workers sync
   workers each, production settings, the same PostgreSQL and Redis), one `db_worker`
   (the registrations' e-mails, written by the file backend to the work folder), and nginx
   in front with the deployed configuration: deploy/nginx/jres-cache.conf at http level
   and deploy/nginx/jres-locations.conf in a plain-HTTP server, with /srv/jres and
   /var/cache/nginx moved into the work folder, and an `upstream jres_app` of the two app
   servers (TRUSTED_PROXY_COUNT=1, as behind the deployed nginx). Every client is
   127.0.0.1: REGISTRATION_RATE_LIMIT and WRITE_RATE_LIMIT are lifted (empty).
3. Signs every organiser and moderator in through the login form, then runs the day
   (bench/peak_day.py says who asks for what) through nginx for --duration seconds with
   --clients concurrent clients, after a short unreported warm-up: per kind of page its
   rate, p50/p95/p99, errors and how often nginx's micro-cache answered; then checks that
   every registration sent is in the database and that the worker sent their e-mails,
   and prints what the day's CPU per request implies for 1,000 requests a second.
4. The physical limit: the home page, the list, the most visited event page and the map's
   data at national zoom, fetched through nginx, are written to files that a second nginx
   serves byte for byte (bench/api.py's); each page is loaded through the reverse proxy
   alone, then as a static file, same clients and duration, and the ratios printed; the
   event pages once more as the day draws them, against the same file.
5. Straight from Django: one app server, without nginx, the 500 most visited event pages
   of the sample requested once (warm application cache), then loaded at 4, 8, 16, 32 and
   64 clients; the highest rate with p95 under 200 ms is the load the machine sustains.

Before each pass the script waits (up to --wait-quiet seconds) for the machine to be idle,
as bench/load.py does, and prints the CPU that other programs took. The output is saved to
bench/results/peak-<date>.txt (--output).
"""

import argparse
import asyncio
import contextlib
import datetime
import json
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import api  # noqa: E402  (bench/api.py: nginx, fetched answers)
import load as bench  # noqa: E402  (bench/load.py: gunicorn, client, CPU meter, tables)
import peak_day as day  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEPLOY_NGINX = ROOT / "deploy" / "nginx"
STEPS = [4, 8, 16, 32, 64]
# Answered by nginx without asking Django (X-Cache-Status).
NGINX_ALONE = ("HIT", "STALE", "UPDATING")
# The sizing for the peak: app servers like this machine, kept under 70 % busy.
PEAK_RPS = 1000
APP_SERVER_CORES = 2
APP_SERVER_WORKERS = 5  # docs/deploy.md: 2 × cores + 1
BUSY_AT_MOST = 0.7
DIRECT_SAMPLE = 500  # event pages, straight from Django
WARM_UP_SECONDS = 5
# The targets.
TARGET_RATIO = 0.5  # anonymous pages through the proxy / nginx serving the same bytes
TARGET_PROXY_P95_MS = 50
TARGET_DJANGO_RPS = 180
TARGET_DJANGO_P95_MS = 200


# --- the processes ----------------------------------------------------------------------


class Worker(bench.ProcessGroup):
    """One `db_worker`: the tasks (e-mails) that the registrations queue."""

    def __init__(self, env: dict, log_path: Path):
        self.env, self.log_path = env, log_path

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "jres", "db_worker", "--no-reload", "--interval", "1"]
                + ["--no-startup-delay", "-v", "0"],
                env=self.env,
                cwd=self.env["VAR_DIR"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )


def deployed(conf_dir: Path, name: str, workdir: Path) -> str:
    """One of deploy/nginx/'s files, its paths moved into the work folder."""
    text = (conf_dir / name).read_text()
    return text.replace("/var/cache/nginx", str(workdir / "nginx-cache")).replace(
        "/srv/jres", str(workdir)
    )


def upstream_parameters(conf_dir: Path) -> str:
    """The parameters of the app servers in jres.conf's `upstream jres_app` (max_fails...)."""
    match = re.search(
        r"upstream jres_app \{\s*server \S+ ?([^;]*);", (conf_dir / "jres.conf").read_text()
    )
    return f" {match.group(1).strip()}" if match and match.group(1).strip() else ""


def proxy_conf(directory: Path, port: int, upstreams: list[int], parameters: str) -> str:
    temp = directory / "temp"
    servers = "".join(
        f"        server {bench.HOST}:{upstream}{parameters};\n" for upstream in upstreams
    )
    mime = "    include /etc/nginx/mime.types;\n" if Path("/etc/nginx/mime.types").exists() else ""
    return (
        "daemon off;\n"
        "worker_processes 2;\n"
        f"pid {directory / 'nginx.pid'};\n"
        f"error_log {directory / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"{mime}"
        "    access_log off;\n"
        "    sendfile on;\n"
        "    tcp_nopush on;\n"
        f"    client_body_temp_path {temp}/client;\n"
        f"    proxy_temp_path {temp}/proxy;\n"
        f"    fastcgi_temp_path {temp}/fastcgi;\n"
        f"    uwsgi_temp_path {temp}/uwsgi;\n"
        f"    scgi_temp_path {temp}/scgi;\n"
        f"    include {directory / 'jres-cache.conf'};\n"
        f"    upstream jres_app {{\n{servers}    }}\n"
        "    server {\n"
        f"        listen {bench.HOST}:{port};\n"
        f"        include {directory / 'jres-locations.conf'};\n"
        "    }\n"
        "}\n"
    )


class Proxy(api.Nginx):
    """nginx as the reverse proxy of the deployment, in front of the app servers."""

    def __init__(
        self, *, binary: str, workdir: Path, conf_dir: Path, port: int, upstreams: list[int]
    ):
        self.binary, self.port = binary, port
        self.directory = workdir / "nginx-proxy"
        self.process = None
        (self.directory / "temp").mkdir(parents=True, exist_ok=True)
        # Empty at the start, as Redis; nginx makes each cache's own folder, not its parents.
        shutil.rmtree(workdir / "nginx-cache", ignore_errors=True)
        (workdir / "nginx-cache").mkdir()
        for name in ("jres-cache.conf", "jres-locations.conf"):
            (self.directory / name).write_text(deployed(conf_dir, name, workdir))
        self.conf = self.directory / "nginx.conf"
        parameters = upstream_parameters(conf_dir) if (conf_dir / "jres.conf").exists() else ""
        self.conf.write_text(proxy_conf(self.directory, port, upstreams, parameters))
        # Started by root, nginx's workers run as nobody: they read the static files.
        for path in [workdir, self.directory]:
            path.chmod(0o755)


class Stack:
    """What run_pass measures: a port, and the processes whose CPU is the server's."""

    def __init__(self, port: int, *groups: bench.ProcessGroup):
        self.port, self.groups = port, groups

    def pids(self) -> list[int]:
        return [pid for group in self.groups for pid in group.pids()]


class Stop(Exception):
    pass


def on_terminate(_signum, _frame):
    signal.alarm(1)  # again in a second, should asyncio's callback machinery swallow this one
    raise Stop


def on_alarm(_signum, _frame):
    signal.alarm(1)  # the same
    raise bench.Timeout


# --- the phases -------------------------------------------------------------------------


def child(arguments: list[str], database_url: str, timeout: float = 300) -> dict:
    completed = subprocess.run(  # noqa: S603 (our own script, with our own interpreter)
        [sys.executable, str(Path(__file__).parent / "peak_setup.py"), *arguments],
        env=os.environ | {"DATABASE_URL": database_url, "REDIS_URL": ""},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"peak_setup.py {arguments[0]} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def quiet(args, what: str) -> int:
    busy = bench.wait_until_quiet(args.wait_quiet)
    if busy >= bench.QUIET_THRESHOLD:
        print(
            f"  the machine is busy ({busy:.0f} % of a core) before {what}: "
            "other programs distort the figures",
            flush=True,
        )
    return round(busy)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def run_day(plan: day.Plan, stack: Stack, nginx: bench.ProcessGroup, args) -> dict:
    warm_up, _elapsed, _sent = asyncio.run(
        day.run(plan, clients=args.clients, duration=min(WARM_UP_SECONDS, args.duration))
    )
    busy = quiet(args, "the day")
    nginx_before = bench.cpu_seconds(nginx.pids())
    meter = bench.CpuMeter(stack.pids())
    recorder, elapsed, sent = asyncio.run(
        day.run(plan, clients=args.clients, duration=args.duration, seed=2)
    )
    cpu = meter.stop()
    nginx_cpu = round(100 * (bench.cpu_seconds(nginx.pids()) - nginx_before) / elapsed)
    return {
        "recorder": recorder,
        "elapsed": elapsed,
        "sent": sent,
        "cpu": cpu,
        "nginx_cpu": nginx_cpu,
        "busy": busy,
        "accepted": accepted(warm_up) + accepted(recorder),
    }


def accepted(recorder: day.Recorder) -> int:
    """Registrations sent and answered with the redirect to their page."""
    tally = recorder.kinds.get("register: send")
    return len(tally.latencies) - sum(tally.errors.values()) if tally else 0


def print_day(result: dict, args) -> None:
    recorder, elapsed, sent = result["recorder"], result["elapsed"], result["sent"]
    header = ["page", "requests", "share", "rps", "p50 ms", "p95 ms", "p99 ms", "max ms"]
    header += ["errors", "micro-cache hits", "to Django /s"]
    rows = []
    all_latencies: list[float] = []
    errors = django = 0
    for kind in sorted(recorder.kinds):
        tally = recorder.kinds[kind]
        ordered = sorted(tally.latencies)
        all_latencies += ordered
        count = len(ordered) + sum(n for k, n in tally.errors.items() if not k.startswith("HTTP"))
        failed = sum(tally.errors.values())
        errors += failed
        answered = sum(tally.cache.values())
        hits = f"{100 * tally.cache.get('HIT', 0) / answered:.1f} %" if answered else "-"
        # Answered by nginx alone: from the cache, or its stale copy while one request
        # brings the new one.
        reached = len(ordered) - sum(tally.cache.get(s, 0) for s in NGINX_ALONE)
        django += reached
        rows.append(
            [kind, count, f"{100 * count / max(sent, 1):.1f} %"]
            + [round((len(ordered) - failed) / elapsed, 1)]
            + [ms(bench.percentile(ordered, q)) for q in (0.5, 0.95, 0.99)]
            + [ms(ordered[-1]) if ordered else "-", failed, hits, round(reached / elapsed, 1)]
        )
    all_latencies.sort()
    rows.append(
        ["total", sent, "100 %", round((len(all_latencies) - errors) / elapsed, 1)]
        + [ms(bench.percentile(all_latencies, q)) for q in (0.5, 0.95, 0.99)]
        + [ms(all_latencies[-1]) if all_latencies else "-", errors, ""]
        + [round(django / elapsed, 1)]
    )
    result["answered"], result["django"] = len(all_latencies), django
    bench.print_table(
        f"The day through nginx: {args.clients} clients, {elapsed:.0f} s (after a "
        f"{WARM_UP_SECONDS} s warm-up), 90 % anonymous / 8 % registering / 2 % staff requests",
        header,
        rows,
    )
    for kind, tally in sorted(recorder.kinds.items()):
        if tally.errors:
            print(f"  {kind} errors: {dict(tally.errors)}")
    cpu = result["cpu"]
    print(
        f"CPU, % of one core (the machine has 200 %): app servers and worker "
        f"{cpu.server - result['nginx_cpu']}, nginx {result['nginx_cpu']}, PostgreSQL and "
        f"Redis {cpu.database}, load client {cpu.client}, other programs {cpu.other} "
        f"(busy before: {result['busy']} %)",
        flush=True,
    )


def print_sizing(result: dict, counts: dict, prepared: dict, args) -> None:
    """What this run's CPU per request implies for 1,000 requests a second, same mix."""
    elapsed, cpu = result["elapsed"], result["cpu"]
    total, django = result["answered"] / elapsed, result["django"] / elapsed
    if not total or not django:
        return
    app_ms = 10 * (cpu.server - result["nginx_cpu"]) / django  # % of a core → ms a second
    db_ms = 10 * cpu.database / django
    nginx_ms = 10 * result["nginx_cpu"] / total
    share = django / total
    at_peak = PEAK_RPS * share

    def cores(per_request_ms: float, rate: float) -> float:
        return rate * per_request_ms / 1000 / BUSY_AT_MOST

    app_cores = cores(app_ms, at_peak)
    servers = max(1, math.ceil(app_cores / APP_SERVER_CORES))
    registrations = PEAK_RPS * day.SHARES["registering"] / day.REGISTRATION_REQUESTS
    row_bytes = sum(counts["row_bytes"].values())
    print(
        f"\nFor {PEAK_RPS:,} requests a second with this mix (this run's CPU per request, "
        f"machines at most {BUSY_AT_MOST:.0%} busy): {share:.0%} reach Django "
        f"({at_peak:.0f}/s) at {app_ms:.1f} ms of app-server CPU each: {app_cores:.1f} cores, "
        f"{servers} app server(s) of {APP_SERVER_CORES} cores ({APP_SERVER_WORKERS} sync "
        f"workers each, as docs/deploy.md says); PostgreSQL and Redis {db_ms:.1f} ms each: "
        f"{cores(db_ms, at_peak):.1f} cores, {servers * APP_SERVER_WORKERS + 2} connections "
        f"(the workers and two task workers); nginx {nginx_ms:.2f} ms a request: "
        f"{cores(nginx_ms, PEAK_RPS):.1f} cores. Registrations: {registrations:.0f} a second, "
        f"{registrations * 3600:,.0f} an hour, each writing about {row_bytes:,.0f} bytes "
        f"before indexes (the rows {', '.join(map(str, counts['row_bytes'].values()))} of "
        f"the registration, its e-mail and its task): "
        f"{registrations * 3600 * row_bytes / 1e6:,.0f} MB an hour; the database of "
        f"{prepared['events']:,} events: {prepared['database_bytes'] / 1e6:,.0f} MB.",
        flush=True,
    )


def check_registrations(result: dict, args) -> int:
    """Every registration that got its redirect is in the database; the worker sends the
    e-mails (waited for up to --drain seconds). The number of problems."""
    deadline = time.monotonic() + args.drain
    while True:
        counts = child(["count"], args.database_url)
        pending = counts["outbox"].get("pending", 0) + counts["outbox"].get("sending", 0)
        if not pending or time.monotonic() >= deadline:
            break
        time.sleep(3)
    stored = sum(counts["registrations"].values())
    print(
        f"\nRegistrations: {result['accepted']:,} answered with the registration's address "
        f"(the day and its warm-up); in the database: {counts['registrations']} "
        f"({stored:,}: {'all kept' if stored >= result['accepted'] else 'SOME LOST'}). "
        f"E-mails in the outbox: {counts['outbox']}",
        flush=True,
    )
    result["counts"] = counts
    return 0 if stored >= result["accepted"] and not counts["outbox"].get("failed") else 1


def fetch_pages(proxy_port: int, plan: day.Plan) -> dict[str, tuple[str, api.Answer]]:
    """name → (address, the answer through the proxy) of the compared pages."""
    pages = {
        "home": "/",
        "list": "/evenements/",
        "event": f"/evenements/{plan.event_pages[0]}/",
        "map": day.MAP_NATIONAL,
    }
    answers = {}
    for name, path in pages.items():
        answer = api.get(proxy_port, path)
        if answer.status != 200:
            raise RuntimeError(f"GET {path} through nginx: HTTP {answer.status}")
        answers[name] = (path, answer)
    return answers


def compare_static(plan, proxy_stack, static_nginx, pages, args) -> list[list]:
    rows = []
    duration = min(args.pass_duration, args.duration)
    rng = random.Random(3)
    statics: dict[str, bench.PassResult] = {}
    # Each page, the same address again and again; and the event pages as the day draws
    # them among the sample, against the same file (the most visited event's bytes).
    comparisons = [(name, name, lambda path=path: path) for name, (path, _a) in pages.items()]
    comparisons.insert(3, ("event, day's draw", "event", lambda: plan.event_page(rng)))
    for name, file, paths in comparisons:
        answer = pages[file][1]
        api.set_request()
        api.CACHE_STATUS.clear()
        quiet(args, f"{name} through the proxy")
        proxied = bench.run_pass(
            name, "proxy", server=proxy_stack, paths=paths, clients=args.clients, duration=duration
        )
        statuses = dict(api.CACHE_STATUS)
        if file not in statics:
            quiet(args, f"{file} from nginx")
            statics[file] = bench.run_pass(
                file,
                "static",
                server=static_nginx,
                paths=lambda file=file: f"/{file}",
                clients=args.clients,
                duration=duration,
            )
        static = statics[file]
        total = sum(statuses.values())
        ratio = proxied.rps / static.rps if static.rps else 0
        met = (
            ratio >= TARGET_RATIO
            and proxied.p95 < TARGET_PROXY_P95_MS
            and not proxied.errors
            and not static.errors
        )
        rows.append(
            [name, f"{len(answer.body):,}", proxied.rps, static.rps, f"{ratio:.2f}"]
            + [proxied.p50, proxied.p95, proxied.p99, static.p95]
            + [f"{proxied.errors}/{static.errors}"]
            + [f"{100 * statuses.get('HIT', 0) / total:.1f} %" if total else "-"]
            + [
                f"{proxied.server_cpu}/{proxied.database_cpu}/{proxied.client_cpu}/"
                f"{proxied.other_cpu}"
            ]  # fmt: skip
            + ["met" if met else "MISSED"]
        )
        print(
            f"  {name:<17} proxy {proxied.rps:>7} rps p95 {proxied.p95:>6} ms | static "
            f"{static.rps:>7} rps p95 {static.p95:>6} ms | other CPU "
            f"{proxied.other_cpu}/{static.other_cpu} %",
            flush=True,
        )
    header = ["page", "bytes", "proxy rps", "static rps", "ratio", "p50 ms", "p95 ms"]
    header += ["p99 ms", "static p95 ms", "errors", "micro-cache hits"]
    header += ["CPU % server/db/client/other", "target"]
    bench.print_table(
        f"Anonymous pages through nginx's micro-cache against nginx serving the same bytes "
        f"as a file: {args.clients} clients, {duration:g} s a pass; target: ratio >= "
        f"{TARGET_RATIO}, p95 < {TARGET_PROXY_P95_MS} ms, no error (event: the most visited "
        f"event's page; the day's draw: among {len(plan.event_pages):,} events as the day "
        "draws them, against the same file)",
        header,
        rows,
    )
    return rows


async def warm(port: int, paths: list[str], clients: int = 4) -> int:
    """Each address once (the application's cache filled); the number of failures."""
    queue = list(paths)
    failures = 0

    async def worker() -> None:
        nonlocal failures
        while queue:
            path = queue.pop()
            try:
                status, _size = await bench.fetch(port, path)
            except OSError:
                status = 0
            failures += status != 200

    await asyncio.gather(*(worker() for _ in range(clients)))
    return failures


def straight_from_django(plan: day.Plan, server: bench.Server, args) -> tuple[list, dict]:
    # The day's most visited pages: most of them are in the cache already.
    paths = [f"/evenements/{slug}/" for slug in plan.event_pages[:DIRECT_SAMPLE]]
    started = time.monotonic()
    failed = asyncio.run(warm(server.port, paths))
    print(
        f"  {len(paths):,} event pages requested once in {time.monotonic() - started:.0f} s "
        f"({failed} failed)",
        flush=True,
    )
    rng = random.Random(4)
    duration = min(args.pass_duration, args.duration)
    results = []
    for clients in STEPS:
        quiet(args, f"{clients} clients")
        result = bench.run_pass(
            "event",
            f"{clients}",
            server=server,
            paths=lambda: rng.choice(paths),
            clients=clients,
            duration=duration,
        )
        results.append(result)
        print(
            f"  {clients:>3} clients {result.rps:>7} rps  p95 {result.p95:>7} ms  "
            f"errors {result.errors}  other CPU {result.other_cpu} %",
            flush=True,
        )
    sustained = [r for r in results if r.p95 < TARGET_DJANGO_P95_MS and not r.errors]
    best = max(sustained, key=lambda r: r.rps, default=None)
    header = ["clients", "requests", "rps", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"]
    header += ["CPU % server/db/client/other", f"p95 < {TARGET_DJANGO_P95_MS} ms"]
    rows = [
        [r.phase, r.requests, r.rps, r.p50, r.p95, r.p99, r.max, r.errors]
        + [f"{r.server_cpu}/{r.database_cpu}/{r.client_cpu}/{r.other_cpu}"]
        + ["yes" if r in sustained else "no"]
        for r in results
    ]
    bench.print_table(
        f"Straight from Django: the event page on one app server ({args.workers} sync "
        f"workers), no nginx, warm application cache (Redis), {duration:g} s a step, "
        f"random among {len(paths):,} events",
        header,
        rows,
    )
    summary = {"best": best}
    if best is None:
        print(f"No step kept p95 under {TARGET_DJANGO_P95_MS} ms without error.")
    else:
        met = best.rps >= TARGET_DJANGO_RPS
        print(
            f"Highest load sustained (p95 < {TARGET_DJANGO_P95_MS} ms, no error): "
            f"{best.rps:g} requests a second at {best.phase} clients (p95 {best.p95} ms); "
            f"target {TARGET_DJANGO_RPS}/s: {'met' if met else 'MISSED'}",
            flush=True,
        )
    return rows, summary


# --- main -------------------------------------------------------------------------------


class Tee:
    """Print to the terminal and to the results file."""

    def __init__(self, stream, path: Path):
        self.stream, self.file = stream, path.open("w")

    def write(self, text: str) -> int:
        self.file.write(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.file.flush()
        self.stream.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--duration", type=float, default=150, help="the day, seconds (150)")
    parser.add_argument(
        "--pass-duration", type=float, default=15, help="each comparison pass and step (15)"
    )
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (32)")
    parser.add_argument("--workers", type=int, default=2, help="sync workers per app server (2)")
    parser.add_argument("--nginx-conf", type=Path, default=DEPLOY_NGINX, help="deploy/nginx")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(os.environ.get("BENCH_WORKDIR", "/tmp/jres-bench-peak")),  # noqa: S108
        help="static files (collected once), logs, nginx (default: $BENCH_WORKDIR or "
        "/tmp/jres-bench-peak)",
    )
    parser.add_argument("--max-minutes", type=float, default=12, help="hard limit (12)")
    parser.add_argument("--wait-quiet", type=float, default=10, help="see bench/load.py (10)")
    parser.add_argument("--drain", type=float, default=30, help="seconds for the e-mails (30)")
    parser.add_argument(
        "--output",
        default=str(ROOT / "bench" / "results" / f"peak-{datetime.date.today()}.txt"),
        help="the results file ('-': none)",
    )
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        parser.error("DATABASE_URL (or --database-url) must be a PostgreSQL database")
    if not args.redis_url:
        parser.error("REDIS_URL (or --redis-url) is required: the app servers share it")
    nginx_binary = api.find_nginx()
    if nginx_binary is None:
        parser.error("nginx is not installed (Debian: apt-get install nginx)")
    for name in ("jres-cache.conf", "jres-locations.conf"):
        if not (args.nginx_conf / name).exists():
            parser.error(f"no {args.nginx_conf / name}")
    if args.output != "-":
        sys.stdout = Tee(sys.stdout, Path(args.output))

    signal.signal(signal.SIGALRM, on_alarm)
    # Ctrl-C too, even when started in the background (where SIGINT would be ignored).
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, on_terminate)
    signal.alarm(int(args.max_minutes * 60))
    started = time.monotonic()
    workdir = args.workdir
    (workdir / "var").mkdir(parents=True, exist_ok=True)
    workdir.chmod(0o755)
    app_ports = [bench.free_port(), bench.free_port()]
    proxy_port = bench.free_port()
    # Every client is 127.0.0.1: the per-address limits on registrations and on every
    # other form would answer 429s.
    env = bench.server_env(args, workdir, proxy_port) | {
        "REGISTRATION_RATE_LIMIT": "",
        "WRITE_RATE_LIMIT": "",
        # deploy/nginx/ sets X-Forwarded-For to the client's address, as in production.
        "TRUSTED_PROXY_COUNT": "1",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
    }
    servers = [
        bench.Server(
            port=port, workers=args.workers, env=env, log_path=workdir / f"gunicorn-{port}.log"
        )
        for port in app_ports
    ]
    worker = Worker(env, workdir / "db_worker.log")
    proxy = Proxy(
        binary=nginx_binary,
        workdir=workdir,
        conf_dir=args.nginx_conf,
        port=proxy_port,
        upstreams=app_ports,
    )
    static_nginx: api.Nginx | None = None
    bench.fetch = api.fetch_expecting  # the proxy's X-Cache-Status, counted
    status = 0
    try:
        print(
            f"The day's peak, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, code "
            f"{api.source_version()} (the last commit that changed src/)",
            flush=True,
        )
        prepared = child(["prepare"], args.database_url)
        print(
            f"PostgreSQL {args.database_url.rsplit('/', 1)[-1]}: {prepared['events']:,} events, "
            f"{prepared['published']:,} published; registrations open on "
            f"{len(prepared['register'])} events (room for everybody); "
            f"{len(prepared['organisers'])} organisers and {len(prepared['moderators'])} "
            f"moderators; event pages drawn among {len(prepared['event_pages']):,} labelled "
            f"events (Zipf, exponent {day.ZIPF_EXPONENT:g})",
            flush=True,
        )
        bench.collect_static(env)
        bench.flush_redis(args.redis_url)
        for server in servers:
            server.start()
        worker.start()
        proxy.start()
        print(
            f"Set-up: nginx :{proxy_port} (2 workers, {args.nginx_conf}/jres-cache.conf and "
            f"jres-locations.conf) -> upstream jres_app of 2 gunicorn app servers "
            f":{app_ports[0]} and :{app_ports[1]} ({args.workers} sync workers each), "
            f"1 db_worker, Redis {args.redis_url.rsplit('/', 1)[-1]} (flushed); "
            "REGISTRATION_RATE_LIMIT and WRITE_RATE_LIMIT lifted (every client is "
            "127.0.0.1); e-mails written to files",
            flush=True,
        )
        plan = day.Plan(
            port=proxy_port,
            event_pages=prepared["event_pages"],
            register=prepared["register"],
            organisers=prepared["organisers"],
            moderators=prepared["moderators"],
            reviews=prepared["reviews"],
            password=prepared["password"],
            totp_secret=prepared["totp_secret"],
        )
        begin = time.monotonic()
        asyncio.run(day.sign_in_all(plan))
        print(
            f"{len(plan.sessions)} organisers and moderators signed in through the login "
            f"form in {time.monotonic() - begin:.1f} s",
            flush=True,
        )
        proxy_stack = Stack(proxy_port, *servers, worker, proxy)
        result = run_day(plan, proxy_stack, proxy, args)
        print_day(result, args)
        if any(tally.errors for tally in result["recorder"].kinds.values()):
            status = 1
        status = check_registrations(result, args) or status
        print_sizing(result, result["counts"], prepared, args)

        pages = fetch_pages(proxy_port, plan)
        static_nginx = api.Nginx(
            binary=nginx_binary,
            directory=workdir / "nginx-static",
            port=bench.free_port(),
            answers={name: answer for name, (_path, answer) in pages.items()},
        )
        static_nginx.start()
        print("\nThe same bytes through the proxy and as files:", flush=True)
        rows = compare_static(plan, proxy_stack, static_nginx, pages, args)
        if any(row[-1] != "met" for row in rows):
            status = status or 1
        static_nginx.stop()
        proxy.stop()
        worker.stop()
        servers[1].stop()

        print("\nStraight from Django, one app server:", flush=True)
        _rows, summary = straight_from_django(plan, servers[0], args)
        best = summary["best"]
        if best is None or best.rps < TARGET_DJANGO_RPS:
            status = status or 1
    except bench.Timeout:
        print(f"Stopped: over {args.max_minutes:g} minutes", file=sys.stderr)
        status = 3
    except (Stop, KeyboardInterrupt):
        print("Stopped: interrupted", file=sys.stderr)
        status = 130
    except RuntimeError as error:
        print(f"Stopped: {error}", file=sys.stderr)
        status = 4
    finally:
        signal.alarm(0)
        for group in [static_nginx, proxy, worker, *servers]:
            if group is not None:
                with contextlib.suppress(Exception):
                    group.stop()
        with contextlib.suppress(Exception):
            bench.flush_redis(args.redis_url)
    print(f"\nWhole run: {(time.monotonic() - started) / 60:.1f} minutes; work folder {workdir}")
    sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
