"""Two app servers and two task workers sharing one PostgreSQL and one Redis, as in
production (docs/deploy.md): sessions, rate limits, registrations and e-mails hold across
them.

Everything is real and runs on 127.0.0.1: two gunicorn processes (2 sync workers each) and
two `db_worker` processes in the production configuration, a database of the module's own
on the PostgreSQL server (whatever database the suite itself runs on), Redis, and a
recording SMTP server in this process. The test reads the results from that database.
"""

import collections
import contextlib
import os
import threading
import time
from dataclasses import dataclass
from email.header import decode_header, make_header

import pytest

from jres.core.antispam import MIN_SECONDS
from tests.production import seed
from tests.production.servers import (
    AppServer,
    Database,
    Worker,
    flush_redis,
    manage,
    production_env,
    running,
    smtp_server,
)
from tests.production.visitor import Answer, Visitor, with_session

CAPACITY = 20
REGISTRANTS = 60
CONTACT_LIMIT = 3
TEAM_ADDRESS = "equipe@jres.test"


@dataclass
class Platform:
    servers: list[AppServer]
    workers: list[Worker]
    database: Database
    recorder: object
    data: dict


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("multi-server")
    started = time.monotonic()
    database = Database(f"jres_multi_{os.getpid()}")
    with contextlib.ExitStack() as stack:
        recorder, smtp_port = stack.enter_context(smtp_server())
        stack.callback(database.drop)
        database.create()
        stack.callback(flush_redis)
        flush_redis()
        env = production_env(
            database_url=database.url,
            var_dir=var_dir,
            smtp_port=smtp_port,
            # Every client here is 127.0.0.1: only the limit under test stays on.
            REGISTRATION_RATE_LIMIT="",
            WRITE_RATE_LIMIT="",
            TEAM_CONTACT_RATE_LIMIT=f"{CONTACT_LIMIT}/h/ip",
            TEAM_CONTACT_EMAIL=TEAM_ADDRESS,
        )
        manage(env, "migrate", "--no-input")
        data = seed.create_event(env, capacity=CAPACITY)
        servers = [AppServer(env, var_dir / f"server-{name}.log") for name in "ab"]
        workers = [
            Worker(env, var_dir / f"worker-{number}.log", worker_id=f"worker-{number}")
            for number in (1, 2)
        ]
        stack.enter_context(running(*servers, *workers))
        print(f"\nset-up (database, migrations, data, 2 servers, 2 workers): "
              f"{time.monotonic() - started:.1f} s")  # fmt: skip
        yield Platform(servers, workers, database, recorder, data)


def test_a_session_opened_on_one_server_is_known_to_the_other_and_ends_on_both(platform):
    a, b = platform.servers
    data = platform.data
    visitor = Visitor()
    visitor.load_form(f"{a.url}/compte/login/")

    signed_in = visitor.post(
        f"{a.url}/compte/login/", {"login": data["organiser_email"], "password": data["password"]}
    )

    assert (signed_in.status, signed_in.location) == (302, "/compte/profil/"), signed_in.body
    session_key = visitor.cookie("sessionid")
    profile = visitor.get(f"{b.url}/compte/profil/")
    assert profile.status == 200
    assert data["organiser_email"] in profile.body
    assert data["organiser_name"] in profile.body
    # The session cookie alone carries the signed-in state to either server.
    assert data["organiser_name"] in with_session(session_key).get(f"{a.url}/compte/profil/").body

    visitor.load_form(f"{b.url}/compte/profil/")
    signed_out = visitor.post(f"{b.url}/compte/logout/", {})

    assert signed_out.status == 302
    for stale in (visitor, with_session(session_key)):  # even the cookie kept from before
        answer = stale.get(f"{a.url}/compte/profil/")
        assert answer.status == 302
        assert answer.location.startswith("/compte/login/")
    assert not platform.database.query(
        "SELECT 1 FROM django_session WHERE session_key = %s", [session_key]
    )


def test_a_rate_limit_counts_the_requests_of_every_server(platform):
    a, b = platform.servers
    visitor = Visitor()
    visitor.load_form(f"{a.url}/contact/")
    time.sleep(MIN_SECONDS + 0.2)  # a person reads the form first (core.antispam)
    message = {
        "subject": "Une question",
        "message": "Bonjour, comment organiser un débat dans notre collège ?",
        "name": "Paul Parent",
        "email": "paul@example.net",
    }
    order = [a, b, a, b, a]  # alternately, as a load balancer spreads them

    answers = [visitor.post(f"{server.url}/contact/", message) for server in order]

    print(f"\nteam contact, limit {CONTACT_LIMIT}: {[answer.status for answer in answers]}")
    for answer in answers[:CONTACT_LIMIT]:
        assert (answer.status, answer.location) == (302, "/contact/")
    for answer in answers[CONTACT_LIMIT:]:  # refused by B and by A alike
        assert answer.status == 429
        assert "Vous avez envoyé beaucoup de messages" in answer.body
    sent = _wait_for_mail(platform, lambda: _mail_to(platform, TEAM_ADDRESS) >= CONTACT_LIMIT)
    assert sent, _delivery_state(platform)
    assert _mail_to(platform, TEAM_ADDRESS) == CONTACT_LIMIT


# --- registrations -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def registration_race(platform):
    """REGISTRANTS visitors, half on each server, post the form at the same moment."""
    slug = platform.data["slug"]
    visitors = []
    for index in range(REGISTRANTS):
        server = platform.servers[index % 2]
        visitor = Visitor(timeout=60)
        # Each loads the form from the other server than the one it posts to.
        visitor.load_form(f"{platform.servers[(index + 1) % 2].url}/evenements/{slug}/inscription/")
        visitors.append((server, visitor))
    barrier = threading.Barrier(REGISTRANTS)
    answers: dict[int, Answer | Exception] = {}

    def register(index: int) -> None:
        server, visitor = visitors[index]
        try:
            barrier.wait(timeout=30)
            answers[index] = visitor.post(
                f"{server.url}/evenements/{slug}/inscription/",
                {"name": f"Inscrit {index}", "email": f"inscrit{index}@example.net",
                 "role": "parent", "places": "1", "consent": "on"},
            )  # fmt: skip
        except Exception as error:  # noqa: BLE001 - reported by the test
            answers[index] = error

    started = time.monotonic()
    threads = [threading.Thread(target=register, args=(index,)) for index in range(REGISTRANTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    print(f"\n{REGISTRANTS} registrations on 2 servers in {time.monotonic() - started:.1f} s")
    return answers


def _registrations(platform) -> dict[str, tuple[str, str]]:
    """The event's registrations by token: (status, address)."""
    rows = platform.database.query(
        "SELECT token, status, email FROM registrations_registration WHERE event_id = %s",
        [platform.data["event_id"]],
    )
    return {token: (status, email) for token, status, email in rows}


def test_concurrent_registrations_on_two_servers_never_overbook(platform, registration_race):
    registrations = _registrations(platform)
    statuses = collections.Counter(status for status, _email in registrations.values())

    print(f"registrations: {dict(statuses)}")
    assert all(isinstance(answer, Answer) for answer in registration_race.values())
    assert len(registration_race) == REGISTRANTS
    # Every visitor was answered with their registration's own page, and it exists.
    tokens = set()
    for answer in registration_race.values():
        assert answer.status == 302, answer.body[-2000:]
        assert answer.location.startswith("/inscription/")
        tokens.add(answer.location.split("/")[2])
    assert tokens == set(registrations)
    assert statuses == {"confirmed": CAPACITY, "waiting": REGISTRANTS - CAPACITY}


def test_each_registrant_gets_one_email_with_two_workers_sending(platform, registration_race):
    registrations = _registrations(platform)
    addresses = {email: status for status, email in registrations.values()}
    title = platform.data["title"]

    done = _wait_for_mail(
        platform,
        lambda: sum(_mail_to(platform, address) for address in addresses) >= len(addresses),
    )

    received = collections.defaultdict(list)
    with platform.recorder.lock:
        for recipients, message in platform.recorder.messages:
            for recipient in recipients:
                received[recipient].append(_subject(message))
    tasks = platform.database.query(
        "SELECT worker_ids->>0, count(*) FROM django_tasks_database_dbtaskresult GROUP BY 1"
    )
    print(f"e-mails: {sum(len(received[a]) for a in addresses)} for {len(addresses)} "
          f"registrants; tasks run by worker: {dict(tasks)}")  # fmt: skip
    assert done, _delivery_state(platform)
    for address, status in addresses.items():
        expected = "Inscription confirmée" if status == "confirmed" else "Liste d'attente"
        assert received[address] == [f"{expected} : « {title} »"], address
    assert not platform.database.query(
        "SELECT 1 FROM outbox_outgoingmessage WHERE status <> 'sent'"
    )


def _delivery_state(platform) -> str:
    """What to look at when mail is late: the outbox, the tasks, the workers' logs."""
    outbox = platform.database.query(
        "SELECT status, count(*), max(last_error) FROM outbox_outgoingmessage GROUP BY 1"
    )
    tasks = platform.database.query(
        "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY 1"
    )
    logs = "\n".join(worker.log_tail(1500) for worker in platform.workers)
    return f"outbox: {outbox}; tasks: {tasks}; received: {len(platform.recorder.messages)}\n{logs}"


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _mail_to(platform, address: str) -> int:
    with platform.recorder.lock:
        return sum(address in recipients for recipients, _message in platform.recorder.messages)


def _wait_for_mail(platform, condition, timeout: float = 60) -> bool:
    """Wait until `condition()` holds and no task is left to run (a second copy of a message
    would be sent by a task still waiting); False after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = platform.database.query(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING')"
        )[0][0]
        if condition() and not pending:
            return True
        time.sleep(0.2)
    return False
