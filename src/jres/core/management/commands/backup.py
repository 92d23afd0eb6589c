from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from jres.core.backups import create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.VAR_DIR) / "backups",
            help="where the backup's folder is created (default: VAR_DIR/backups)",
        )

    def handle(self, *args, output: Path, **options):
        report = create_backup(output)
        self.stdout.write(f"Backup written to {report.folder}: {report.summary()}")
