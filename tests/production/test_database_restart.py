"""The database restarts under a steady load of registrations: no registration that was
answered as a success is lost, the answers meanwhile are prompt error pages, and the app
servers serve again by themselves once it is back.

The test starts a PostgreSQL server of its own (servers.Cluster, in a temporary folder)
and stops it abruptly ("immediate": no checkpoint, the sessions cut, as in a crash) while
clients keep registering through two gunicorn servers in the production configuration;
then it starts it again, which replays the write-ahead log. The app servers are left
alone: their kept connections are dead, and Django's connection health checks
(`conn_health_checks`, settings.DATABASES) must replace them on the next request.
"""

import contextlib
import itertools
import json
import threading
import time
from dataclasses import dataclass

import pytest

from tests.production import seed
from tests.production.servers import (
    AppServer,
    Cluster,
    flush_redis,
    manage,
    production_env,
    running,
)
from tests.production.visitor import Visitor

CAPACITY = 25
CLIENTS = 4
OUTAGE_SECONDS = 3
# Answers to wait for before the restart, and after it.
STEADY_ANSWERS = 20
# An answer slower than this would be a hang, not an error page (generous: CI machines are
# shared; the error pages take well under a second).
PROMPT_SECONDS = 20
# The page of a database outage: nothing was saved, try again (core.views.server_error).
ERROR_PAGES = ("Service momentanément indisponible",)


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("database-restart")
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        cluster = Cluster()
        stack.callback(cluster.destroy)
        cluster.start()
        database = cluster.database("jres")
        database.create()
        stack.callback(flush_redis)
        flush_redis()
        env = production_env(
            database_url=database.url,
            var_dir=var_dir,
            # Every client here is 127.0.0.1: no per-address limit.
            REGISTRATION_RATE_LIMIT="",
            WRITE_RATE_LIMIT="",
        )
        manage(env, "migrate", "--no-input")
        data = seed.create_event(env, capacity=CAPACITY)
        servers = [AppServer(env, var_dir / f"server-{name}.log") for name in "ab"]
        stack.enter_context(running(*servers))
        print(f"\nset-up (private PostgreSQL, migrations, data, 2 servers): "
              f"{time.monotonic() - started:.1f} s")  # fmt: skip
        yield cluster, database, servers, data


@dataclass
class Attempt:
    email: str
    started: float
    ended: float
    status: int | None = None
    location: str = ""
    body: str = ""
    error: str = ""


class Load:
    """CLIENTS visitors registering one address after another, spread over the servers."""

    def __init__(self, servers, slug: str):
        self.path = f"/evenements/{slug}/inscription/"
        self.servers = servers
        self.visitors = []
        for number in range(CLIENTS):
            visitor = Visitor(timeout=60)
            visitor.load_form(f"{servers[number % 2].url}{self.path}")
            self.visitors.append(visitor)
        self.numbers = itertools.count()
        self.attempts: list[Attempt] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(v,)) for v in self.visitors]

    def _run(self, visitor: Visitor) -> None:
        while not self.stopping.is_set():
            with self.lock:
                number = next(self.numbers)
            server = self.servers[number % 2]
            attempt = Attempt(email=f"client{number}@example.net", started=time.monotonic(),
                              ended=0)  # fmt: skip
            try:
                answer = visitor.post(
                    f"{server.url}{self.path}",
                    {"name": f"Client {number}", "email": attempt.email, "role": "parent",
                     "places": "1", "consent": "on"},
                )  # fmt: skip
                attempt.status, attempt.location, attempt.body = (
                    answer.status, answer.location, answer.body,
                )  # fmt: skip
            except Exception as error:  # noqa: BLE001 - a time-out or a cut connection: reported
                attempt.error = f"{type(error).__name__}: {error}"
            attempt.ended = time.monotonic()
            with self.lock:
                self.attempts.append(attempt)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def wait_for(self, condition, *, count: int, timeout: float = 60) -> None:
        """Wait until `count` attempts meet `condition` (or `timeout` seconds have passed)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if sum(1 for attempt in self.attempts if condition(attempt)) >= count:
                    return
            time.sleep(0.05)

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)


def _health(server) -> tuple[int, dict]:
    answer = Visitor(timeout=PROMPT_SECONDS).get(f"{server.url}/healthz")
    return answer.status, json.loads(answer.body)


def test_a_database_restart_under_load_loses_no_registration(platform):
    cluster, database, servers, data = platform
    load = Load(servers, data["slug"])
    load.start()
    try:
        load.wait_for(lambda attempt: True, count=STEADY_ANSWERS)
        went_down = time.monotonic()
        cluster.stop("immediate")
        health_during = [_health(server) for server in servers]
        time.sleep(OUTAGE_SECONDS)
        cluster.start()
        came_back = time.monotonic()
        load.wait_for(lambda attempt: attempt.started >= came_back, count=STEADY_ANSWERS)
    finally:
        load.stop()
    health_after = [_health(server) for server in servers]

    attempts = load.attempts
    successes = [attempt for attempt in attempts if attempt.status == 302]
    before = [attempt for attempt in attempts if attempt.ended < went_down]
    during = [a for a in attempts if a.ended >= went_down and a.started < came_back]
    after = [attempt for attempt in attempts if attempt.started >= came_back]
    rows = dict(
        database.query(
            "SELECT token, email FROM registrations_registration WHERE event_id = %s",
            [data["event_id"]],
        )
    )
    statuses = dict(
        database.query(
            "SELECT status, count(*) FROM registrations_registration WHERE event_id = %s "
            "GROUP BY status",
            [data["event_id"]],
        )
    )
    print(
        f"\ndatabase down for {came_back - went_down:.1f} s; attempted {len(attempts)}, "
        f"answered as registered {len(successes)}, rows "
        f"{len(rows)} {statuses}; before the restart {len(before)}, across it {len(during)} "
        f"({sum(a.status != 302 for a in during)} error pages, slowest "
        f"{max((a.ended - a.started for a in during), default=0):.2f} s), after it "
        f"{len(after)}; /healthz meanwhile {[status for status, _body in health_during]}"
    )

    # Every request got an answer, promptly: none hung or was cut.
    assert [attempt.error for attempt in attempts if attempt.error] == []
    assert all(attempt.ended - attempt.started < PROMPT_SECONDS for attempt in attempts)
    # Every registration answered as a success is in the database, with its address.
    for attempt in successes:
        assert attempt.location.startswith("/inscription/"), attempt.location
        token = attempt.location.split("/")[2]
        assert rows.get(token) == attempt.email
    # Across the restart, a failure is the "try again" page (503), never a hang, a blank
    # answer or a generic error.
    failures = [attempt for attempt in during if attempt.status != 302]
    assert failures, "the load did not meet the outage"
    for attempt in failures:
        assert attempt.status == 503, (attempt.status, attempt.body[-1500:])
        assert any(text in attempt.body for text in ERROR_PAGES), attempt.body[-1500:]
    for status, body in health_during:
        assert (status, body) == (503, {"status": "error", "database": "unavailable",
                                        "cache": "ok"})  # fmt: skip
    # Before and after it, every registration went through: the servers were not restarted,
    # their dead connections were replaced by the health checks.
    assert len(before) >= STEADY_ANSWERS
    assert all(attempt.status == 302 for attempt in before)
    assert len(after) >= STEADY_ANSWERS, "too few registrations after the restart"
    assert [a.status for a in after if a.status != 302] == [], after[0].body[-1500:]
    assert all(server.running for server in servers)
    assert [status for status, _body in health_after] == [200, 200]
    # And the capacity held: places went in order, the rest to the waiting list.
    assert statuses.get("confirmed", 0) == min(CAPACITY, len(rows))
    assert statuses.get("confirmed", 0) + statuses.get("waiting", 0) == len(rows)
