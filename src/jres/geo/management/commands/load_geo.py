import time
from pathlib import Path

from django.core.management.base import BaseCommand

from jres.geo.loading import DATA_FILE, load_geography


class Command(BaseCommand):
    help = "Load or update regions, departments, communes and postal codes (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=DATA_FILE, help=f"data file (default: {DATA_FILE})"
        )

    def handle(self, *args, file, **options):
        started = time.monotonic()
        report = load_geography(path=file)
        self.stdout.write(f"Regions:      {report.regions}")
        self.stdout.write(f"Departments:  {report.departments}")
        self.stdout.write(f"Communes:     {report.communes}")
        self.stdout.write(f"Postal codes: {report.postal_codes}")
        if report.obsolete_communes:
            self.stdout.write(
                f"{len(report.obsolete_communes)} communes no longer in the file were kept: "
                + " ".join(report.obsolete_communes[:20])
            )
        elapsed = time.monotonic() - started
        outcome = "Geography loaded" if report.changed else "Geography already up to date"
        self.stdout.write(self.style.SUCCESS(f"{outcome} in {elapsed:.1f} s."))
