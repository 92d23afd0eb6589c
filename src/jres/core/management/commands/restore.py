import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jres.core.backups import read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with a backup's, then check every "
        "table's rows and every file's checksum against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder written by `backup`")
        parser.add_argument(
            "--yes", action="store_true", help="confirm: what is there now is replaced"
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, folder: Path, yes: bool, json: bool, **options):
        try:
            manifest = read_manifest(folder)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from None
        if not yes:
            raise CommandError(
                f"This replaces the database and MEDIA_ROOT with the backup of "
                f"{manifest['created_at']}; run again with --yes to do it."
            )
        report = restore_backup(folder)
        if json:
            self.stdout.write(_as_json(report))
        if report.differences:
            raise CommandError(
                "Restored, but it differs from the backup:\n" + "\n".join(report.differences)
            )
        self.stdout.write(f"Restored and checked against {folder}: {report.summary()}")


def _as_json(report) -> str:
    return json.dumps(
        {
            "tables": report.tables,
            "files": report.files,
            "rows": report.rows,
            "differences": report.differences,
            "seconds": round(report.seconds, 2),
        }
    )
