"""Real processes for tests of the production set-up, all on 127.0.0.1.

- `Database`: a database of its own on the shared PostgreSQL server, created and dropped by
  the test; `Cluster`: a private PostgreSQL server in a temporary folder, which a test may
  stop and start again.
- `AppServer` (gunicorn, sync workers) and `Worker` (django-tasks-db's `db_worker`), each in
  a process group of its own, so that stopping one stops its children too.
- `production_env`: the environment they share, built from scratch as a production host
  sets it (nothing of the test run leaks into it), and `manage` to run a command with it.

    database = Database(f"jres_multi_{os.getpid()}")
    database.create()
    env = production_env(database_url=database.url, var_dir=tmp_path, smtp_port=port)
    manage(env, "migrate")
    server = AppServer(env, tmp_path / "server.log")
    with running(server, Worker(env, tmp_path / "worker.log", worker_id="worker-1")):
        urllib.request.urlopen(f"{server.url}/healthz")
"""

import atexit
import contextlib
import functools
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import redis
from aiosmtpd.controller import Controller

from tests.mailserver import Recorder, free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# The shared server of the machine and CI (.ci/run starts it), and the Redis database that
# the servers started here use: the suite's own process uses another one.
POSTGRES_SERVER = os.environ.get("PRODUCTION_TESTS_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("PRODUCTION_TESTS_REDIS", "redis://127.0.0.1:6379/10")


def production_env(
    *,
    database_url: str,
    var_dir: Path,
    redis_url: str = REDIS_URL,
    smtp_port: int | None = None,
    secret_key: str | None = None,
    **overrides: str,
) -> dict[str, str]:
    """The variables a production host sets (README "Configuration"), for every process.

    One SECRET_KEY for all: sessions, CSRF tokens and signed form stamps made by one server
    are read by the others. Static files come from the source tree (no collectstatic).
    Without `smtp_port`, e-mails are written to files under `var_dir`.
    """
    var_dir.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(var_dir),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "jres.settings",
        "DEBUG": "0",
        "SECRET_KEY": secret_key or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"http://{HOST}",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "VAR_DIR": str(var_dir),
        "MEDIA_ROOT": str(var_dir / "media"),
        "STATIC_ROOT": str(static_root()),
        "WHITENOISE_USE_FINDERS": "1",
        "GEOCODER": "offline",
        "MAP_TILES_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    if smtp_port is not None:
        env.update(EMAIL_HOST=HOST, EMAIL_PORT=str(smtp_port), EMAIL_USE_TLS="0", EMAIL_TIMEOUT="5")
    else:
        env["EMAIL_FILE_PATH"] = str(var_dir / "mail")
    env.update(overrides)
    return env


@functools.cache
def static_root() -> Path:
    """The static files collected once per test run, with the manifest that production's
    storage reads (WhiteNoise's CompressedManifestStaticFilesStorage, as DEBUG is off).

    Collected with Django's ManifestStaticFilesStorage: the same hashed names and manifest,
    without WhiteNoise's compressed copies, which would take minutes to make.
    """
    root = Path(tempfile.mkdtemp(prefix="jres-static-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    code = (
        "import django, jres.settings as s; "
        "s.STORAGES['staticfiles'] = "
        "{'BACKEND': 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'}; "
        "django.setup(); from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0)"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(root),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "jres.settings",
        "SECRET_KEY": "collectstatic",
        "VAR_DIR": str(root),
        "STATIC_ROOT": str(root / "static"),
    }
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    if completed.returncode != 0:
        raise RuntimeError(f"collectstatic failed:\n{completed.stderr[-4000:]}")
    return root / "static"


def manage(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    """Run `python -m jres <args>` with `env`; its standard output, or an error with both."""
    completed = subprocess.run(
        [sys.executable, "-m", "jres", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"python -m jres {args[0]} failed ({completed.returncode}):\n"
            f"{completed.stdout[-2000:]}\n{completed.stderr[-4000:]}"
        )
    return completed.stdout


def run_python(env: dict[str, str], code: str, timeout: float = 120):
    """Run `code` in Django's shell with `env`; what it printed last, read as JSON."""
    output = manage(env, "shell", "--no-imports", "-c", code, timeout=timeout)
    return json.loads(output.strip().splitlines()[-1])


def flush_redis(url: str = REDIS_URL) -> None:
    with contextlib.closing(redis.Redis.from_url(url)) as client:
        client.flushdb()


@contextlib.contextmanager
def smtp_server() -> Iterator[tuple[Recorder, int]]:
    """A recording SMTP server (tests/mailserver.py) in this process: (recorder, port)."""
    recorder, port = Recorder(), free_port()
    controller = Controller(recorder, hostname=HOST, port=port)
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()


# --- processes ---------------------------------------------------------------------------


class ProcessGroup:
    """A program started in a process group of its own, its output in a log file."""

    STOP_SECONDS = 10

    def __init__(self, argv: list[str], env: dict[str, str], log_path: Path):
        self.argv, self.env, self.log_path = argv, env, log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv,
                cwd=PROJECT_ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float) -> None:
        """Return once the program is ready (subclasses say how); raise if it stopped."""
        if not self.running:
            raise RuntimeError(f"{self.argv[0]} stopped:\n{self.log_tail()}")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM to the whole group, SIGKILL after STOP_SECONDS; safe to call twice."""
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=self.STOP_SECONDS)
        # Children left behind (a worker whose master died) go with the group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        self.process = None

    def log_tail(self, characters: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-characters:]
        except OSError:
            return ""


class AppServer(ProcessGroup):
    """gunicorn serving jres.wsgi:application with sync workers on a free port."""

    def __init__(self, env: dict[str, str], log_path: Path, *, workers: int = 2):
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        argv = [
            str(gunicorn), "jres.wsgi:application",
            "--bind", f"{HOST}:{self.port}",
            "--workers", str(workers), "--worker-class", "sync",
            "--timeout", "30", "--graceful-timeout", "3",
            "--no-control-socket",
        ]  # fmt: skip
        super().__init__(argv, env, log_path)

    def wait_ready(self, timeout: float = 60) -> None:
        """Return when /healthz answers 200 (database and cache reachable)."""
        deadline = time.monotonic() + timeout
        while True:
            super().wait_ready(timeout)
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.HTTPError):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.url}/healthz did not answer 200:\n{self.log_tail()}")
            time.sleep(0.1)


class Worker(ProcessGroup):
    """django-tasks-db's worker, polling often so that tests wait little."""

    def __init__(self, env: dict[str, str], log_path: Path, *, worker_id: str):
        self.worker_id = worker_id
        argv = [
            sys.executable, "-m", "jres", "db_worker", "--no-reload", "--no-startup-delay",
            "--interval", "0.1", "--worker-id", worker_id,
        ]  # fmt: skip
        super().__init__(argv, env, log_path)

    def wait_ready(self, timeout: float = 60) -> None:
        # Nothing to ask a worker: alive after its start-up is ready.
        deadline = time.monotonic() + min(timeout, 1.0)
        while time.monotonic() < deadline:
            super().wait_ready(timeout)
            time.sleep(0.1)
        super().wait_ready(timeout)


@contextlib.contextmanager
def running(*programs: ProcessGroup, timeout: float = 60) -> Iterator[tuple[ProcessGroup, ...]]:
    """Start the programs together, wait until each is ready; stop them all on the way out,
    whatever happened."""
    try:
        for program in programs:
            program.start()
        for program in programs:
            program.wait_ready(timeout)
        yield programs
    finally:
        for program in programs:
            program.stop()


# --- PostgreSQL --------------------------------------------------------------------------


class Database:
    """A database of its own on a PostgreSQL server, created empty and dropped afterwards."""

    def __init__(self, name: str, server: str = POSTGRES_SERVER):
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"not a plain database name: {name!r}")
        self.name, self.server = name, server.rstrip("/")
        self.url = f"{self.server}/{name}"

    def _administer(self, *statements: str) -> None:
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def create(self) -> None:
        self._administer(
            f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)", f"CREATE DATABASE {self.name}"
        )

    def drop(self) -> None:
        self._administer(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")

    def query(self, sql: str, params=()) -> list[tuple]:
        """The rows of one query, on a connection of its own (read in the test's process)."""
        with psycopg.connect(self.url, autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()


def postgres_bin() -> Path:
    """The newest PostgreSQL server's programs (initdb, pg_ctl) installed on the machine."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise RuntimeError("PostgreSQL's initdb is not installed")
    return Path(initdb).parent


class Cluster:
    """A PostgreSQL server of the test's own, in a temporary folder, on a free port.

    PostgreSQL refuses to run as root: as root, its programs run as the `postgres` system
    user, which owns the folder.
    """

    def __init__(self):
        self.bin = postgres_bin()
        self.root = Path(tempfile.mkdtemp(prefix="jres-cluster-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.server = f"postgres://postgres@{HOST}:{self.port}"
        self._as_root = os.geteuid() == 0
        if self._as_root:
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, program: str, *args: str, timeout: float = 60) -> None:
        argv = [str(self.bin / program), *args]
        if self._as_root:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        completed = subprocess.run(
            argv, capture_output=True, text=True, timeout=timeout, check=False, cwd=self.root
        )
        if completed.returncode != 0:
            raise RuntimeError(f"{program} failed:\n{completed.stdout}\n{completed.stderr}")

    def start(self) -> None:
        """Create the cluster the first time, then start it and wait until it accepts."""
        if not self.data.exists():
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                      "--no-instructions", "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        options = f"-p {self.port} -k {self.root} -c listen_addresses={HOST}"
        self._run("pg_ctl", "start", "-D", str(self.data), "-w", "-t", "60",
                  "-l", str(self.root / "server.log"), "-o", options)  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: "fast" ends every session; "immediate" is as abrupt as a crash."""
        self._run("pg_ctl", "stop", "-D", str(self.data), "-w", "-m", mode)

    def destroy(self) -> None:
        """Stop the server if it runs and remove its folder."""
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def database(self, name: str) -> Database:
        return Database(name, server=self.server)
