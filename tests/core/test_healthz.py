"""The health check: in-process, and against a real server whose database is unreachable."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_healthz_reports_database_and_cache_ok(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_refuses_post(client, db):
    response = client.post("/healthz")

    assert response.status_code == 405
    allowed = {method.strip() for method in response["Allow"].split(",")}
    assert "GET" in allowed
    assert "POST" not in allowed


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:////nonexistent-dir/jres-healthz/x.sqlite3",
        "postgres://postgres@127.0.0.1:1/nope",
    ],
    ids=["sqlite-missing-directory", "postgresql-closed-port"],
)
def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path, database_url):
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "jres.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "healthz-test-" + "k" * 50,
        "VAR_DIR": str(tmp_path),
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "jres.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 15
        answer = None
        while time.monotonic() < deadline:
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                answer = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except (ConnectionError, urllib.error.URLError, TimeoutError):
                time.sleep(0.2)
        assert answer is not None, "the server did not answer within 15 s"
        status, body = answer

        assert status == 503
        payload = json.loads(body)
        assert payload["database"] == "unavailable"
        assert payload["cache"] == "ok"
        assert payload["status"] == "error"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
