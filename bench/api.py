"""Load the read API (/api/v1/events) of a gunicorn, and nginx serving the same bytes.

    DATABASE_URL=... [REDIS_URL=redis://127.0.0.1:6379/13] \\
        .venv/bin/python bench/api.py [--duration 20] [--clients 32] [--workers 2] \\
        [--scenarios list,geojson-national] [--label NAME] [--json FILE] [--no-nginx]

The database is one bench/build_events.py filled (100,000 events). Bounded in time like
bench/load.py (the whole run stops after --max-minutes, and every server it started is
stopped), whose gunicorn start and stop, load client, CPU meter, idle-machine waiting and
tables it reuses:

1. In a child process (Django set up on DATABASE_URL, a private local-memory cache, no
   rate limit), requests each scenario with Django's test client: the number of queries
   with an empty cache ("cold") and again ("warm"), and the mean time of 20 warm requests
   in process (what one request costs the server, without the network).
2. Starts gunicorn (--workers, production settings, `API_RATE_LIMIT` empty: every client
   is 127.0.0.1) and fetches each scenario's answer once: its status, Content-Type, ETag,
   body (checked: the JSON list, the department's events, the GeoJSON, the calendar, the
   304) and the body's size gzipped (level 6). Each body is written to a file.
3. Writes an nginx.conf in a temporary directory (`daemon off`, its own port,
   `worker_processes 2`, `access_log off`, `sendfile on`, nothing outside that directory)
   that serves each of those files, byte for byte, with the API's Content-Type and the
   API's CORS, Cache-Control and Link headers, and starts nginx.
4. For each scenario: starts gunicorn with an empty cache (Redis' database flushed), loads
   the scenario for --duration seconds with --clients concurrent clients ("cold"), again
   on the same server ("warm"), stops it; then loads nginx with the same clients for the
   same duration. The ratios "API rps / nginx rps" and "API p95 / nginx p95" compare the
   warm pass with what this machine and this client reach for the same bytes: the
   physical limit. A scenario is measured again (up to --retries times) when other
   programs took over 30 % of a core during it, as bench/load.py does.

5. Through nginx's proxy cache (the `proxy-*` scenarios): the same nginx also listens on a
   second port as a reverse proxy in front of the gunicorn, with deploy/nginx/'s
   `proxy_cache_path` line (the cache in the work directory) and `location /api/` block,
   read from that file. For each: gunicorn started with Redis flushed, the address
   requested twice through the proxy (the second answer must be a cache HIT), then one
   pass; the client counts the answers' `X-Cache-Status` (HIT: answered by nginx alone).

The scenarios: the events of the current edition, first page of 100 (`/api/v1/events`);
the first page of one department (Paris, 75); the map's GeoJSON at national zoom (6, the
whole of France); the calendar of one department (Ille-et-Vilaine, 35); the list, then the
GeoJSON, sent again with `If-None-Match: <its ETag>`, which must be a 304 (any other status
counts as an error; nginx gets its own ETag for the same file); the list, the GeoJSON and
their 304s again through the proxy cache (`proxy-list`, `proxy-geojson-national`,
`proxy-list-304`, `proxy-geojson-304`; left out by --no-nginx). And, as a reference
without a target, `/healthz`: one `SELECT 1` and a cache write and read through the whole
middleware stack, about what a 304 costs: the floor of this stack on this machine.

nginx is not a Python package: on Debian, `apt-get install nginx` (the script only runs the
binary, as the user it runs as; it does not need the service). Without nginx the script
stops and says so; --no-nginx measures the API alone.
"""

import argparse
import contextlib
import gzip
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load as bench  # noqa: E402  (bench/load.py: the server, load client, CPU meter, tables)

NATIONAL = "zoom=6&bbox=-5.5,41,10,51.5"  # mainland France on a ~1,200 × 800 pixel map


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    # The scenario whose ETag is sent in If-None-Match; the answer must then be a 304.
    revalidates: str = ""
    target_p95_ms: float | None = None
    # Not the API: what the cheapest answer of the same stack costs, for comparison.
    reference: bool = False
    # Through nginx's proxy cache in front of the gunicorn: the scenario of the same
    # request sent to gunicorn directly (its answer, its nginx figures).
    proxies: str = ""


SCENARIOS = [
    Scenario("list", "/api/v1/events", target_p95_ms=100),
    Scenario("list-department", "/api/v1/events?departement=75", target_p95_ms=100),
    Scenario("geojson-national", f"/api/v1/events?format=geojson&{NATIONAL}", target_p95_ms=100),
    Scenario("ics-department", "/api/v1/events?format=ics&departement=35"),
    Scenario("list-304", "/api/v1/events", revalidates="list", target_p95_ms=10),
    Scenario(
        "geojson-304",
        f"/api/v1/events?format=geojson&{NATIONAL}",
        revalidates="geojson-national",
        target_p95_ms=10,
    ),
    # One `SELECT 1` and a cache write and read through every middleware, as a 304 costs
    # one query and a few cache reads: the floor of Django and gunicorn on this machine.
    Scenario("floor-healthz", "/healthz", reference=True),
]
# The same requests through nginx's proxy cache (PROXY_CACHE below), in front of gunicorn.
SCENARIOS += [
    Scenario(
        f"proxy-{scenario.name}",
        scenario.path,
        revalidates=scenario.revalidates,
        target_p95_ms=scenario.target_p95_ms,
        proxies=scenario.name,
    )
    for scenario in SCENARIOS
    if scenario.name in ("list", "geojson-national", "list-304", "geojson-304")
]
IN_PROCESS_REPEAT = 20
# The API's headers that nginx repeats, so that both answers weigh about the same.
COPIED_HEADERS = ("Access-Control-Allow-Origin", "Cache-Control", "Link")
# Read, not copied: which of the proxy's answers came from its cache.
READ_HEADERS = (*COPIED_HEADERS, "X-Cache-Status")


# --- run inside a child process that has Django set up ----------------------------------


def probe(names: list[str]) -> dict:
    """Queries per request, cold and warm, and the warm in-process time of each scenario."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jres.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["REDIS_URL"] = ""  # a private local-memory cache, empty at start
    os.environ["API_RATE_LIMIT"] = ""
    import django

    django.setup()
    from django.conf import settings

    # No collectstatic for the probe (an error page renders {% static %}).
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from jres.editions.models import Edition
    from jres.events.models import Event

    setup_test_environment()
    client = Client()
    result = {
        "vendor": connection.vendor,
        "edition": Edition.objects.current().year,
        "events": Event.objects.count(),
        "published": Event.objects.published().count(),
        "scenarios": {},
    }
    etags: dict[str, str] = {}
    chosen = [s for s in SCENARIOS if s.name in names]
    wanted = set(names) | {s.revalidates for s in chosen} | {s.proxies for s in chosen}
    for scenario in SCENARIOS:
        if scenario.proxies or (names and scenario.name not in wanted):
            continue
        headers = {}
        if scenario.revalidates:
            headers["If-None-Match"] = etags.get(scenario.revalidates, "")
        else:
            cache.clear()
        counts, statuses = [], []
        for _pass in ("cold", "warm"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(scenario.path, headers=headers)
            counts.append(len(queries))
            statuses.append(response.status_code)
        etags[scenario.name] = response.get("ETag", "")
        started, cpu = time.perf_counter(), time.process_time()
        for _repeat in range(IN_PROCESS_REPEAT):
            client.get(scenario.path, headers=headers)
        result["scenarios"][scenario.name] = {
            "queries": counts,
            "statuses": statuses,
            "ms": round(1000 * (time.perf_counter() - started) / IN_PROCESS_REPEAT, 2),
            "cpu_ms": round(1000 * (time.process_time() - cpu) / IN_PROCESS_REPEAT, 2),
        }
    return result


def run_probe(database_url: str, names: list[str], timeout: float) -> dict:
    env = os.environ | {"DATABASE_URL": database_url}
    arguments = ["--scenarios", ",".join(names)] if names else []
    completed = subprocess.run(  # noqa: S603 (our own script, with our own interpreter)
        [sys.executable, __file__, "--probe", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"probe failed on {database_url}:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- the answers, fetched once ----------------------------------------------------------


@dataclass
class Answer:
    status: int
    content_type: str
    etag: str
    headers: dict
    body: bytes

    @property
    def gzip_bytes(self) -> int:
        return len(gzip.compress(self.body, compresslevel=6)) if self.body else 0


def get(port: int, path: str, headers: dict | None = None, timeout: float = 120) -> Answer:
    connection = http.client.HTTPConnection(bench.HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"} | (headers or {}))
        response = connection.getresponse()
        body = response.read()
        return Answer(
            status=response.status,
            content_type=response.getheader("Content-Type", ""),
            etag=response.getheader("ETag", ""),
            headers={name: response.getheader(name) for name in READ_HEADERS},
            body=body,
        )
    finally:
        connection.close()


def check_answer(scenario: Scenario, answer: Answer) -> str:
    """What is wrong with this answer ('' when nothing): the figures of a wrong answer
    would measure an error page."""
    if scenario.revalidates:
        return "" if answer.status == 304 and not answer.body else f"HTTP {answer.status}"
    if answer.status != 200:
        return f"HTTP {answer.status}: {answer.body[:300]!r}"
    if scenario.reference:
        return ""
    if not answer.etag:
        return "no ETag"
    if scenario.name.startswith("list"):
        data = json.loads(answer.body)
        if not data.get("results") or len(data["results"]) > 100 or "next" not in data:
            return "not a page of events"
        if "departement=" in scenario.path:
            code = scenario.path.rsplit("=", 1)[1]
            if any(event["department"] != code for event in data["results"]):
                return f"an event outside department {code}"
    elif scenario.name.startswith("geojson"):
        data = json.loads(answer.body)
        if data.get("type") != "FeatureCollection" or not data.get("features"):
            return "not a FeatureCollection"
    elif scenario.name.startswith("ics") and (
        not answer.body.startswith(b"BEGIN:VCALENDAR") or b"BEGIN:VEVENT" not in answer.body
    ):
        return "not a calendar of events"
    return ""


def fetch_answers(server: bench.Server, scenarios: list[Scenario]) -> dict[str, Answer]:
    """Each scenario's answer, from a server started for it; the run stops on a wrong one."""
    answers: dict[str, Answer] = {}
    server.start()
    try:
        wanted = {s.name for s in scenarios} | {s.revalidates for s in scenarios}
        wanted |= {s.proxies for s in scenarios}
        for scenario in SCENARIOS:
            if scenario.proxies or scenario.name not in wanted:
                continue
            headers = {}
            if scenario.revalidates:
                headers["If-None-Match"] = answers[scenario.revalidates].etag
            answer = get(server.port, scenario.path, headers)
            problem = check_answer(scenario, answer)
            if problem:
                raise RuntimeError(f"GET {scenario.path}: {problem}")
            answers[scenario.name] = answer
        for scenario in scenarios:
            if scenario.proxies:
                answers[scenario.name] = answers[scenario.proxies]
    finally:
        server.stop()
    return answers


# --- nginx ------------------------------------------------------------------------------


def find_nginx() -> str | None:
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def quoted(value: str) -> str:
    """A string for nginx's configuration (the Link header holds double quotes)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# The API's caching proxy is deploy/nginx/'s, read from there so that the figures are those
# of the deployed configuration: the `proxy_cache_path` line of the API's cache (http level,
# the cache moved into the work directory), the server-level directives (the proxy headers)
# and the `location /api/` block.
DEPLOY_NGINX = Path(__file__).resolve().parent.parent / "deploy" / "nginx"


def deployed_proxy(cache: Path) -> tuple[str, str, str]:
    """(the proxy_cache_path line, the server-level directives, the body of `location /api/`)."""
    http_lines = (DEPLOY_NGINX / "jres-cache.conf").read_text().splitlines()
    path_lines = [
        line
        for line in http_lines
        if line.startswith("proxy_cache_path ") and "keys_zone=jres_api:" in line
    ]
    if len(path_lines) != 1:
        raise RuntimeError(f"{DEPLOY_NGINX}/jres-cache.conf should have one jres_api cache")
    words = path_lines[0].split()
    cache_path = " ".join(["proxy_cache_path", str(cache), *words[2:]])
    lines = (DEPLOY_NGINX / "jres-locations.conf").read_text().splitlines()
    try:
        first = lines.index("location /api/ {") + 1
        last = lines.index("}", first)
    except ValueError:
        raise RuntimeError(f"no `location /api/` block in {DEPLOY_NGINX}") from None
    first_location = next(i for i, line in enumerate(lines) if line.startswith("location "))
    server = [line for line in lines[:first_location] if line and not line.startswith("#")]
    return cache_path, "\n".join(server) + "\n", "\n".join(lines[first:last]) + "\n"


def nginx_conf(
    directory: Path, port: int, files: dict[str, Answer], proxy: tuple[int, int] | None = None
) -> str:
    """A configuration that reads and writes only under `directory`. With `proxy` (its
    port, gunicorn's port), also a server that proxies /api/ to gunicorn through the cache."""
    locations = []
    for name, answer in files.items():
        extra = "".join(
            f"        add_header {header} {quoted(value)};\n"
            for header, value in answer.headers.items()
            if value and header in COPIED_HEADERS
        )
        locations.append(
            f"    location = /{name} {{\n"
            f"        default_type {quoted(answer.content_type)};\n{extra}    }}\n"
        )
    temp = directory / "temp"
    return (
        "daemon off;\n"
        "worker_processes 2;\n"
        f"pid {directory / 'nginx.pid'};\n"
        f"error_log {directory / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        "    access_log off;\n"
        "    sendfile on;\n"
        "    tcp_nopush on;\n"
        "    types {}\n"
        f"    client_body_temp_path {temp}/client;\n"
        f"    proxy_temp_path {temp}/proxy;\n"
        f"    fastcgi_temp_path {temp}/fastcgi;\n"
        f"    uwsgi_temp_path {temp}/uwsgi;\n"
        f"    scgi_temp_path {temp}/scgi;\n"
        "    server {\n"
        f"    listen {bench.HOST}:{port};\n"
        f"    root {directory / 'www'};\n"
        + "".join(locations)
        + "    }\n"
        + (proxy_server(directory, *proxy) if proxy else "")
        + "}\n"
    )


def proxy_server(directory: Path, port: int, upstream_port: int) -> str:
    cache_path, server, location = deployed_proxy(directory / "cache")
    return (
        f"    {cache_path}\n"
        f"    upstream jres_app {{ server {bench.HOST}:{upstream_port}; }}\n"
        "    server {\n"
        f"    listen {bench.HOST}:{port};\n"
        f"{server}"
        f"    location /api/ {{\n{location}    }}\n"
        "    }\n"
    )


class Nginx(bench.ProcessGroup):
    """nginx in the foreground, in its own process group, with bench.Server's interface
    (start, stop, pids, port) for bench.run_pass."""

    STOP_SECONDS = 10

    def __init__(
        self,
        *,
        binary: str,
        directory: Path,
        port: int,
        answers: dict[str, Answer],
        proxy: tuple[int, int] | None = None,
    ):
        self.binary, self.directory, self.port = binary, directory, port
        self.process: subprocess.Popen | None = None
        www = directory / "www"
        (directory / "temp").mkdir(parents=True, exist_ok=True)
        www.mkdir(parents=True, exist_ok=True)
        for name, answer in answers.items():
            (www / name).write_bytes(answer.body)
        # Started by root, nginx's workers run as nobody: they must read the files.
        for path in [directory, www, *www.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        self.conf = directory / "nginx.conf"
        self.conf.write_text(nginx_conf(directory, port, answers, proxy))

    def start(self, timeout: float = 10) -> None:
        command = [self.binary, "-p", str(self.directory), "-c", str(self.conf)]
        # -e: before reading the configuration nginx opens its compiled-in error log.
        command += ["-e", str(self.directory / "error.log")]
        check = subprocess.run(  # noqa: S603
            [*command, "-t", "-q"], capture_output=True, text=True, timeout=30, check=False
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx refused its configuration:\n{check.stderr}")
        with (self.directory / "nginx.out").open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited; see {self.directory / 'error.log'}")
            with contextlib.suppress(OSError):
                get(self.port, "/", timeout=2)
                time.sleep(0.3)  # both workers listening
                return
            time.sleep(0.1)
        raise RuntimeError(f"nginx did not answer in {timeout:.0f} s")


# --- the load ---------------------------------------------------------------------------

# What the load client sends and expects during the current pass.
REQUEST = {"headers": "", "expect": 200}
# The proxy's X-Cache-Status of each answer during the current pass (HIT, MISS, ...),
# and of the pass kept for each scenario.
CACHE_STATUS: Counter = Counter()
CACHE_STATUSES: dict[str, dict[str, int]] = {}


async def fetch_expecting(port: int, path: str) -> tuple[int | str, int]:
    """load.py's request, with REQUEST's headers. bench.load counts as an error any status
    but 200: the expected status is reported as 200, any other one by a text saying what
    was expected."""
    status, head, size = await bench.exchange(port, path, REQUEST["headers"])
    marker = head.find(b"\r\nX-Cache-Status: ")
    if marker >= 0:
        start = marker + len(b"\r\nX-Cache-Status: ")
        end = head.find(b"\r\n", start)
        CACHE_STATUS[head[start : end if end >= 0 else len(head)].decode()] += 1
    if status == REQUEST["expect"]:
        return 200, size
    return (
        status if REQUEST["expect"] == 200 else f"{status} (expected {REQUEST['expect']})"
    ), size


def set_request(etag: str = "", expect: int = 200) -> None:
    REQUEST["headers"] = f"If-None-Match: {etag}\r\n" if etag else ""
    REQUEST["expect"] = expect


class ApiServer(bench.Server):
    """bench.Server, which calls `after_start(port)` once the server answers: the code
    under test may have changed since the last start."""

    after_start: Callable[[int], None] | None = None

    def start(self, timeout: float = 60) -> None:
        super().start(timeout)
        if self.after_start:
            self.after_start(self.port)


class ProxiedServer(ApiServer):
    """The gunicorn behind nginx's proxy cache: the load goes to the proxy's port, and the
    server's CPU is gunicorn's and nginx's."""

    def __init__(self, gunicorn: ApiServer, nginx: "Nginx", proxy_port: int):
        self.gunicorn, self.nginx, self.port = gunicorn, nginx, proxy_port
        self.after_start = None

    def start(self, timeout: float = 60) -> None:
        self.gunicorn.start(timeout)
        if self.after_start:
            self.after_start(self.port)

    def pids(self) -> list[int]:
        return self.gunicorn.pids() + self.nginx.pids()

    def stop(self) -> None:
        self.gunicorn.stop()


def warm_proxy(scenario: Scenario) -> Callable[[int], None]:
    """Fill the proxy's cache with this address and check that it answers from it."""

    def after_start(port: int) -> None:
        get(port, scenario.path)
        answer = get(port, scenario.path)
        status = answer.headers.get("X-Cache-Status")
        if answer.status != 200 or status != "HIT":
            raise RuntimeError(
                f"GET {scenario.path} through the proxy, again: HTTP {answer.status}, "
                f"X-Cache-Status {status}"
            )

    return after_start


def revalidation(scenario: Scenario) -> Callable[[int], None]:
    """Take the ETag that this server gives (the code may have changed since the answers
    were fetched, and with it the ETags) and check it gets a 304."""
    base = next(s for s in SCENARIOS if s.name == scenario.revalidates)

    def after_start(port: int) -> None:
        if scenario.proxies:
            warm_proxy(base)(port)
        etag = get(port, base.path).etag
        answer = get(port, scenario.path, {"If-None-Match": etag})
        if answer.status != 304:
            raise RuntimeError(f"GET {scenario.path} with its ETag: HTTP {answer.status}")
        set_request(etag, 304)

    return after_start


def measure_api(scenario: Scenario, phases: list[str], *, server: ApiServer, args) -> list:
    """bench/load.py's cold and warm passes of one scenario on a fresh server, measured
    again (up to --retries times) when other programs took over 30 % of a core; the least
    disturbed attempt is kept."""
    set_request()
    # A request for the 304 scenarios' ETag before the cold pass: it fills only the
    # base address's cache entries, which a 304 does not read. Through the proxy, the
    # address is requested twice first, the second answer must come from nginx's cache.
    if scenario.revalidates:
        server.after_start = revalidation(scenario)
    elif scenario.proxies:
        server.after_start = warm_proxy(scenario)
    else:
        server.after_start = None
    # Through the proxy, one pass once the address is in nginx's cache.
    phases = ["proxy"] if scenario.proxies else phases
    best: list[bench.PassResult] = []
    for attempt in range(args.retries + 1):
        CACHE_STATUS.clear()
        passes = bench.measure(
            scenario.name, lambda: scenario.path, phases, server=server, args=args
        )
        disturbed = max(result.other_cpu for result in passes)
        if not best or disturbed < max(result.other_cpu for result in best):
            best = passes
            if scenario.proxies:
                CACHE_STATUSES[scenario.name] = dict(CACHE_STATUS)
        if disturbed <= bench.DISTURBED_OTHER_CPU or attempt == args.retries:
            break
        print(f"  other programs took {disturbed} % of a core: measuring again", flush=True)
    server.after_start = None
    return best


def measure_nginx(scenario: Scenario, nginx: Nginx, args) -> bench.PassResult:
    """One pass on nginx (nothing to warm but the page cache, which the fetch filled)."""
    file = scenario.revalidates or scenario.name
    etag = get(nginx.port, f"/{file}").etag if scenario.revalidates else ""
    set_request(etag, 304 if scenario.revalidates else 200)
    best = None
    for attempt in range(args.retries + 1):
        busy = bench.wait_until_quiet(args.wait_quiet)
        result = bench.run_pass(
            scenario.name,
            "nginx",
            server=nginx,
            paths=lambda: f"/{file}",
            clients=args.clients,
            duration=args.duration,
        )
        result.busy_before = round(busy)
        print(
            f"  {scenario.name:<16} nginx {result.rps:>7} rps  p95 {result.p95:>7} ms"
            f"  errors {result.errors}  CPU % server/db/client/other "
            f"{result.server_cpu}/{result.database_cpu}/{result.client_cpu}/{result.other_cpu}",
            flush=True,
        )
        if best is None or result.other_cpu < best.other_cpu:
            best = result
        if result.other_cpu <= bench.DISTURBED_OTHER_CPU or attempt == args.retries:
            break
        print(f"  other programs took {result.other_cpu} % of a core: measuring again")
    return best


# --- printing ---------------------------------------------------------------------------


def print_answers(scenarios: list[Scenario], answers: dict[str, Answer], probed: dict) -> None:
    header = ["scenario", "request", "status", "Content-Type", "bytes", "gzip bytes"]
    header += ["queries cold/warm", "in process ms (CPU)"]
    rows = []
    for scenario in scenarios:
        answer = answers[scenario.name]
        figures = probed["scenarios"].get(scenario.proxies or scenario.name, {})
        request = scenario.path + (" + If-None-Match" if scenario.revalidates else "")
        rows.append(
            [scenario.name, request, answer.status, answer.content_type or "-"]
            + [f"{len(answer.body):,}", f"{answer.gzip_bytes:,}"]
            + ["{}/{}".format(*figures["queries"]) if figures else "-"]
            + [f"{figures['ms']} ({figures['cpu_ms']})" if figures else "-"]
        )
    bench.print_table(
        f"The answers ({probed['events']:,} events, {probed['published']:,} published; "
        f"in process: test client, local-memory cache, mean of {IN_PROCESS_REPEAT} warm "
        "requests)",
        header,
        rows,
    )


def print_passes(title: str, results: list[bench.PassResult]) -> None:
    header = ["scenario", "server", "requests", "errors", "rps", "p50 ms", "p95 ms", "p99 ms"]
    header += ["max ms", "bytes", "CPU % server/db/client/other"]
    rows = [
        [r.scenario, r.phase, r.requests, r.errors, r.rps, r.p50, r.p95, r.p99, r.max, r.bytes]
        + [f"{r.server_cpu}/{r.database_cpu}/{r.client_cpu}/{r.other_cpu}"]
        for r in results
    ]
    bench.print_table(title, header, rows)
    for result in results:
        if result.error_kinds:
            print(f"  {result.scenario} {result.phase} errors: {result.error_kinds}")


def verdict(scenario: Scenario, warm: bench.PassResult | None) -> str:
    if scenario.target_p95_ms is None:
        return "(reference)" if scenario.reference else "(no target)"
    if warm is None:
        return "not measured"
    met = warm.p95 < scenario.target_p95_ms and not warm.errors
    return "PASS" if met else "FAIL"


def print_comparison(scenarios: list[Scenario], results: list[bench.PassResult]) -> list[str]:
    by_key = {(r.scenario, r.phase): r for r in results}
    header = ["scenario", "API rps", "nginx rps", "API/nginx rps", "API p95 ms"]
    header += ["nginx p95 ms", "API/nginx p95", "errors API/nginx", "target", "verdict"]
    rows, verdicts = [], []
    for scenario in scenarios:
        warm = by_key.get((scenario.name, "proxy" if scenario.proxies else "warm"))
        served = by_key.get((scenario.proxies or scenario.name, "nginx"))
        if warm is None:
            continue

        def ratio(api: float, limit: float) -> str:
            return f"{api / limit:.2f}" if limit else "-"

        target = f"p95 < {scenario.target_p95_ms:g} ms" if scenario.target_p95_ms else "-"
        result = verdict(scenario, warm)
        verdicts.append(result)
        rows.append(
            [scenario.name, warm.rps, served.rps if served else "-"]
            + [ratio(warm.rps, served.rps) if served else "-", warm.p95]
            + [served.p95 if served else "-", ratio(warm.p95, served.p95) if served else "-"]
            + [f"{warm.errors}/{served.errors if served else '-'}", target, result]
        )
    bench.print_table(
        "The API (warm pass; proxy-*: through nginx's proxy cache) against nginx serving "
        "the same bytes, same clients and duration",
        header,
        rows,
    )
    return verdicts


def print_cache_statuses(scenarios: list[Scenario], results: list[bench.PassResult]) -> None:
    by_key = {(r.scenario, r.phase): r for r in results}
    header = ["scenario", "rps", "p95 ms", "answers", "X-Cache-Status", "hit ratio"]
    rows = []
    for scenario in scenarios:
        result = by_key.get((scenario.name, "proxy"))
        statuses = CACHE_STATUSES.get(scenario.name)
        if result is None or statuses is None:
            continue
        total = sum(statuses.values())
        counted = ", ".join(f"{name} {count}" for name, count in sorted(statuses.items()))
        ratio = f"{100 * statuses.get('HIT', 0) / total:.3f} %" if total else "-"
        rows.append([scenario.name, result.rps, result.p95, total, counted or "-", ratio])
    if rows:
        bench.print_table(
            "Through nginx's proxy cache: the answers by X-Cache-Status (HIT: from nginx's "
            "cache; MISS, EXPIRED, REVALIDATED, UPDATING, STALE: Django was asked or the "
            "answer was out of date)",
            header,
            rows,
        )


# --- main -------------------------------------------------------------------------------


def source_version() -> str:
    """The last commit that changed src/ (the code under test), and whether src/ differs
    from it."""
    root = Path(__file__).resolve().parent.parent

    def git(*arguments: str) -> str:
        completed = subprocess.run(  # noqa: S603
            ["git", "-C", str(root), *arguments],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        return completed.stdout.strip()

    head = git("log", "-1", "--format=%h", "--", "src") or "unknown"
    changed = git("status", "--porcelain", "--", "src")
    return head + (" with uncommitted changes in src/" if changed else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", ""), help="else local memory"
    )
    parser.add_argument("--duration", type=float, default=20, help="seconds per pass (20)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (32)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--scenarios", help="comma-separated names (default: all)")
    parser.add_argument("--phases", default="cold,warm", help="cold,warm (default both)")
    parser.add_argument("--label", default="", help="title of the printed tables")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--workdir", type=Path, help="nginx, static files, logs (default: temporary)"
    )
    parser.add_argument("--max-minutes", type=float, default=20, help="hard limit (20)")
    parser.add_argument("--wait-quiet", type=float, default=60, help="see bench/load.py (60)")
    parser.add_argument("--retries", type=int, default=2, help="see bench/load.py (2)")
    parser.add_argument("--no-nginx", action="store_true", help="measure the API alone")
    args = parser.parse_args(argv)

    names = args.scenarios.split(",") if args.scenarios else []
    if args.probe:
        print(json.dumps(probe(names)))
        return 0
    if not args.database_url:
        parser.error("DATABASE_URL or --database-url is required")
    unknown = set(names) - {scenario.name for scenario in SCENARIOS}
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    scenarios = [scenario for scenario in SCENARIOS if not names or scenario.name in names]
    if args.no_nginx:
        scenarios = [scenario for scenario in scenarios if not scenario.proxies]
    phases = [phase for phase in ("cold", "warm") if phase in args.phases.split(",")]
    nginx_binary = None if args.no_nginx else find_nginx()
    if not args.no_nginx and nginx_binary is None:
        print(
            "nginx is not installed: the comparison with static files needs it "
            "(Debian: apt-get install nginx; the service need not run). "
            "--no-nginx measures the API alone.",
            file=sys.stderr,
        )
        return 2
    signal.signal(signal.SIGALRM, bench.on_alarm)
    signal.alarm(int(args.max_minutes * 60))

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="jres-bench-api-"))
    # mkdtemp makes it 0700; nginx's workers (nobody, when started by root) read below it.
    workdir.chmod(0o755)
    (workdir / "var").mkdir(parents=True, exist_ok=True)
    port = bench.free_port()
    # Every client of the load is 127.0.0.1: the API's rate limit would answer 429s.
    env = bench.server_env(args, workdir, port) | {"API_RATE_LIMIT": ""}
    label = args.label or args.database_url.split("://")[0]
    server = ApiServer(
        port=port, workers=args.workers, env=env, log_path=workdir / "gunicorn-api.log"
    )
    nginx: Nginx | None = None
    bench.fetch = fetch_expecting
    results: list[bench.PassResult] = []
    probed: dict = {}
    answers: dict[str, Answer] = {}
    status = 0
    commit = source_version()
    print(f"Code: {commit} (the last commit that changed src/)", flush=True)
    try:
        started = time.monotonic()
        probed = run_probe(args.database_url, names, timeout=600)
        print(
            f"{label}: {probed['events']:,} events, {probed['published']:,} published, "
            f"current edition {probed['edition']}; probe in {time.monotonic() - started:.0f} s",
            flush=True,
        )
        bench.collect_static(env)
        answers = fetch_answers(server, scenarios)
        print_answers(scenarios, answers, probed)
        proxied: ProxiedServer | None = None
        if nginx_binary:
            files = {
                name: answer
                for name, answer in answers.items()
                if answer.status == 200 and name in {s.name for s in SCENARIOS if not s.proxies}
            }
            proxy_port = bench.free_port() if any(s.proxies for s in scenarios) else None
            nginx = Nginx(
                binary=nginx_binary,
                directory=workdir / "nginx",
                port=bench.free_port(),
                answers=files,
                proxy=(proxy_port, port) if proxy_port else None,
            )
            nginx.start()
            for name, answer in files.items():
                served = get(nginx.port, f"/{name}")
                if served.body != answer.body or served.content_type != answer.content_type:
                    raise RuntimeError(f"nginx does not serve /{name} as the API does")
            print(f"nginx {nginx.port}: {len(files)} files, the API's bytes and Content-Type")
            if proxy_port:
                proxied = ProxiedServer(server, nginx, proxy_port)
                print(f"nginx {proxy_port}: /api/ through the proxy cache to gunicorn {port}")
        print(
            f"\nLoad: {args.clients} clients, {args.duration:g} s a pass, gunicorn "
            f"{args.workers} workers" + (", nginx 2 workers" if nginx else ""),
            flush=True,
        )
        for scenario in scenarios:
            passes = measure_api(
                scenario, phases, server=proxied if scenario.proxies else server, args=args
            )
            results.extend(passes)
            expected = len(answers[scenario.name].body)
            for result in passes:
                # nginx serves the bytes fetched at the start: they must still be the API's.
                if result.bytes and abs(result.bytes - expected) > expected // 100:
                    print(
                        f"  warning: {scenario.name} {result.phase} answered {result.bytes:,} "
                        f"bytes a request, {expected:,} at the start: the code or the data "
                        "changed during the run",
                        flush=True,
                    )
            if nginx and not scenario.proxies:
                results.append(measure_nginx(scenario, nginx, args))
    except bench.Timeout:
        print(f"Stopped: over {args.max_minutes:g} minutes", file=sys.stderr)
        status = 3
    except RuntimeError as error:
        print(f"Stopped: {error}", file=sys.stderr)
        status = 4
    finally:
        signal.alarm(0)
        server.stop()
        if nginx:
            nginx.stop()
        if args.redis_url:
            with contextlib.suppress(Exception):
                bench.flush_redis(args.redis_url)
    if source_version() != commit:
        print(
            f"warning: the code changed during the run ({commit} at the start, "
            f"{source_version()} at the end): servers started since run the new code",
            flush=True,
        )
    if results:
        print_passes(
            f"Load: {label}, {args.clients} clients, {args.duration:g} s a pass "
            "(cold: first pass after a start with an empty cache; warm: the second)",
            results,
        )
        verdicts = print_comparison(scenarios, results)
        print_cache_statuses(scenarios, results)
        if "FAIL" in verdicts:
            status = status or 1
    if args.json and probed:
        args.json.write_text(
            json.dumps(
                {
                    "label": label,
                    "clients": args.clients,
                    "duration": args.duration,
                    "workers": args.workers,
                    "probe": probed,
                    "answers": {
                        name: {
                            "status": answer.status,
                            "content_type": answer.content_type,
                            "bytes": len(answer.body),
                            "gzip_bytes": answer.gzip_bytes,
                        }
                        for name, answer in answers.items()
                    },
                    "results": [asdict(result) for result in results],
                    "cache_statuses": CACHE_STATUSES,
                },
                indent=1,
            )
        )
    if any(result.errors for result in results):
        status = status or 1
    return status


if __name__ == "__main__":
    sys.exit(main())
