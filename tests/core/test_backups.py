"""The backup drill: back up the test database and its files, restore them into a fresh
database and a fresh MEDIA_ROOT with `restore` (another process, as an administrator would
run it), and compare every table's rows and every file's checksum with the original.

On SQLite and on PostgreSQL, whichever the suite runs on.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from jres.core import backups
from jres.core.caching import bump
from tests.factories import EditionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def some_data():
    """Rows in several tables, and files in MEDIA_ROOT, one in a sub-folder."""
    UserFactory.create_batch(3)
    EditionFactory(year=2026, number=19, status="open")
    bump("events")
    default_storage.save("events/2026/affiche.pdf", ContentFile(b"%PDF-1.7 a poster\n" * 50))
    default_storage.save("partners/logo.jpg", ContentFile(bytes(range(256)) * 40))


@pytest.fixture
def fresh_database():
    """A new, empty database of the same kind as the test database, and its URL."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        path = Path(database["NAME"]).with_name(f"restored-{os.getpid()}.sqlite3")
        path.unlink(missing_ok=True)
        yield f"sqlite:///{path}"
        path.unlink(missing_ok=True)
        return
    name = f"{database['NAME']}_restored"
    admin = {
        "host": database["HOST"] or None,
        "port": database["PORT"] or None,
        "user": database["USER"] or None,
        "password": database["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')
    user = database["USER"] or ""
    yield f"postgres://{user}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{name}"
    with psycopg.connect(**admin) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore(folder: Path, database_url: str, media_root: Path, *extra: str):
    env = os.environ | {
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "REDIS_URL": "",  # the restore empties its cache: not the test run's
        "DEBUG": "1",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "jres", "restore", str(folder), *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_backup_restores_into_a_fresh_database_with_every_row_and_file(
    some_data, fresh_database, tmp_path, capsys
):
    original = backups.check_against({"tables": {}, "files": {}, "folder": ""})

    call_command("backup", "--output", str(tmp_path / "backups"))
    printed = capsys.readouterr().out
    (folder,) = (tmp_path / "backups").iterdir()
    manifest = backups.read_manifest(folder)
    completed = restore(folder, fresh_database, tmp_path / "media", "--yes", "--json")

    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout.splitlines()[0])
    assert report["differences"] == []
    # What came back is what was there: every table's rows, every file's bytes.
    assert report["tables"] == original.tables == manifest["tables"]
    assert report["files"] == original.files == manifest["files"]
    assert {"events/2026/affiche.pdf", "partners/logo.jpg"} <= report["files"].keys()
    assert report["tables"]["accounts_user"] == 3
    assert report["tables"]["core_generation"] >= 1
    assert (tmp_path / "media" / "partners" / "logo.jpg").read_bytes() == bytes(range(256)) * 40
    # The figures an administrator reads.
    assert f"{len(original.tables)} tables" in printed
    assert f"{len(original.files)} files" in printed
    assert "Restored and checked" in completed.stdout


def test_a_damaged_backup_is_named_not_trusted(some_data, fresh_database, tmp_path):
    call_command("backup", "--output", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    manifest = backups.read_manifest(folder)
    manifest["files"]["partners/logo.jpg"] = "0" * 64
    manifest["tables"]["accounts_user"] = 4
    (folder / backups.MANIFEST).write_text(json.dumps(manifest))

    completed = restore(folder, fresh_database, tmp_path / "media", "--yes")

    assert completed.returncode != 0
    assert "table accounts_user: 3 rows, 4 in the backup" in completed.stderr
    assert "file partners/logo.jpg: different content" in completed.stderr


def test_restore_asks_for_confirmation_and_refuses_a_folder_that_is_no_backup(
    some_data, fresh_database, tmp_path
):
    call_command("backup", "--output", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()

    unconfirmed = restore(folder, fresh_database, tmp_path / "media")
    not_a_backup = restore(tmp_path, fresh_database, tmp_path / "media", "--yes")

    assert unconfirmed.returncode != 0 and "--yes" in unconfirmed.stderr
    assert not (tmp_path / "media").exists(), "nothing was replaced"
    assert not_a_backup.returncode != 0 and "manifest.json is missing" in not_a_backup.stderr
    assert str(tmp_path / "media") != settings.MEDIA_ROOT
