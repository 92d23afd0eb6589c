"""Backups of the database and the uploaded files, and their restoration, checked.

A backup is one folder: the database (`database.dump`, PostgreSQL's pg_dump in its custom
format, or `database.sqlite3`, SQLite's online copy), `media.tar.gz` (MEDIA_ROOT), and
`manifest.json`: the rows of every table as the dump holds them and the SHA-256 of every
file. A restore puts both back, then counts and hashes again and says what differs, so a
backup is known to be good the day it is needed.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"


@dataclass
class Report:
    """What a backup holds, or what a restore found, with its figures."""

    folder: str
    vendor: str
    tables: dict[str, int]
    files: dict[str, str]
    seconds: float = 0.0
    database_bytes: int = 0
    media_bytes: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def summary(self) -> str:
        return (
            f"{len(self.tables)} tables, {self.rows:,} rows, {len(self.files)} files; "
            f"database {self.database_bytes:,} bytes, media {self.media_bytes:,} bytes; "
            f"{self.seconds:.2f} s"
        )


# --- counting and hashing ---------------------------------------------------------------------


def count_rows(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - catalogue names
        counts[table] = cursor.fetchone()[0]
    return counts


def media_checksums(root: Path) -> dict[str, str]:
    """The SHA-256 of every file under root, by its path relative to root."""
    checksums = {}
    if not root.exists():
        return checksums
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            digest = hashlib.sha256()
            with path.open("rb") as file:
                for chunk in iter(lambda: file.read(1 << 20), b""):
                    digest.update(chunk)
            checksums[path.relative_to(root).as_posix()] = digest.hexdigest()
    return checksums


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is missing: install PostgreSQL's client programs.")
    return path


def _postgres_environment(database: dict) -> dict:
    env = os.environ.copy()
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                          ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):  # fmt: skip
        if database.get(key):
            env[variable] = str(database[key])
    return env


# --- backup -----------------------------------------------------------------------------


def _dump_postgresql(target: Path) -> dict[str, int]:
    """pg_dump of an exported snapshot, and the rows counted in that same snapshot."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            subprocess.run(  # noqa: S603 - pg_dump with our own arguments
                [
                    _program("pg_dump"),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ],
                env=_postgres_environment(connection.settings_dict),
                check=True,
                capture_output=True,
                text=True,
            )
            counts = count_rows(cursor, tables, connection.ops.quote_name)
        finally:
            cursor.execute("ROLLBACK")
    return counts


def _copy_sqlite(target: Path) -> dict[str, int]:
    """SQLite's online backup (a consistent copy while others write), counted in the copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        tables = [
            name
            for (name,) in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return count_rows(copy.cursor(), tables, lambda name: '"' + name.replace('"', '""') + '"')
    finally:
        copy.close()


def _archive_media(root: Path, target: Path) -> dict[str, str]:
    checksums = media_checksums(root)
    with tarfile.open(target, "w:gz") as archive:
        for relative in checksums:
            archive.add(root / relative, arcname=relative, recursive=False)
    return checksums


def create_backup(destination: Path) -> Report:
    """A new folder in destination holding the database, the media and their manifest."""
    started = time.monotonic()
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    folder = Path(destination) / f"jres-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    folder.chmod(0o700)  # personal data: readable by the platform's account only
    if connection.vendor == "postgresql":
        database_file = folder / PG_DUMP
        tables = _dump_postgresql(database_file)
    elif connection.vendor == "sqlite":
        database_file = folder / SQLITE_COPY
        tables = _copy_sqlite(database_file)
    else:  # pragma: no cover - the platform runs on these two
        raise RuntimeError(f"No backup for the {connection.vendor} database.")
    files = _archive_media(Path(settings.MEDIA_ROOT), folder / MEDIA_ARCHIVE)
    report = Report(
        folder=str(folder),
        vendor=connection.vendor,
        tables=tables,
        files=files,
        database_bytes=database_file.stat().st_size,
        media_bytes=(folder / MEDIA_ARCHIVE).stat().st_size,
    )
    report.seconds = time.monotonic() - started
    manifest = asdict(report) | {"created_at": stamp}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return report


# --- restore ------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise FileNotFoundError(f"{folder} is not a backup: {MANIFEST} is missing.")
    return json.loads(path.read_text())


def _restore_postgresql(dump: Path) -> None:
    connection.close()
    subprocess.run(  # noqa: S603 - pg_restore with our own arguments
        [_program("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", f"--dbname={connection.settings_dict['NAME']}", str(dump)],
        env=_postgres_environment(connection.settings_dict),
        check=True,
        capture_output=True,
        text=True,
    )  # fmt: skip


def _restore_sqlite(copy: Path) -> None:
    connection.close()
    target = Path(connection.settings_dict["NAME"])
    source = sqlite3.connect(copy)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)  # page by page, through SQLite's own locks
    finally:
        source.close()
        destination.close()


def _restore_media(archive: Path, root: Path) -> None:
    """Unpack beside MEDIA_ROOT, then swap: a failed unpacking leaves the old files."""
    root.parent.mkdir(parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(prefix="media-restore-", dir=root.parent))
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(unpacked, filter="data")  # no absolute paths, links or devices
    previous = None
    if root.exists():
        previous = root.with_name(f"{root.name}.before-restore-{os.getpid()}")
        root.rename(previous)
    unpacked.rename(root)
    if previous is not None:
        shutil.rmtree(previous)


def restore_backup(folder: Path) -> Report:
    """Replace the database and MEDIA_ROOT with the backup's, then check them against it."""
    started = time.monotonic()
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest["vendor"] != connection.vendor:
        raise ValueError(
            f"This backup is of a {manifest['vendor']} database; "
            f"DATABASE_URL points to {connection.vendor}."
        )
    if connection.vendor == "postgresql":
        _restore_postgresql(folder / PG_DUMP)
    else:
        _restore_sqlite(folder / SQLITE_COPY)
    _restore_media(folder / MEDIA_ARCHIVE, Path(settings.MEDIA_ROOT))
    # Cached answers are keyed on counters the restored database has rewound.
    cache.clear()
    report = check_against(manifest)
    report.database_bytes = manifest["database_bytes"]
    report.media_bytes = manifest["media_bytes"]
    report.seconds = time.monotonic() - started
    return report


def check_against(manifest: dict) -> Report:
    """Count and hash what is there now; every difference from the manifest, in words."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        tables = count_rows(
            cursor, connection.introspection.table_names(cursor), connection.ops.quote_name
        )
    files = media_checksums(Path(settings.MEDIA_ROOT))
    differences = [
        f"table {name}: {tables.get(name, 'missing')} rows, {expected} in the backup"
        for name, expected in manifest["tables"].items()
        if tables.get(name) != expected
    ]
    differences += [
        f"file {name}: {'missing' if name not in files else 'different content'}"
        for name, digest in manifest["files"].items()
        if files.get(name) != digest
    ]
    differences += [f"file {name}: not in the backup" for name in files.keys() - manifest["files"]]
    return Report(
        folder=manifest["folder"],
        vendor=connection.vendor,
        tables=tables,
        files=files,
        differences=differences,
    )
