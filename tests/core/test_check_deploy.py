"""Production settings pass Django's deployment checklist without a warning."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path, **overrides) -> dict[str, str]:
    # Only what a production host sets: nothing from the test run (DJANGO_ALLOW_ASYNC_UNSAFE,
    # DATABASE_URL, ...) leaks into the checked configuration.
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    env.update(
        DJANGO_SETTINGS_MODULE="jres.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="jres.example.org",
        HTTPS="1",
        EMAIL_HOST="smtp.example.org",
        VAR_DIR=str(tmp_path),
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def _check_deploy(env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = _check_deploy(_production_env(tmp_path))

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output
    # Nothing was written for a local secret key: production reads it from the environment.
    assert not (tmp_path / "secret_key").exists()


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = _check_deploy(_production_env(tmp_path, SECRET_KEY=None))

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert not (tmp_path / "secret_key").exists()
