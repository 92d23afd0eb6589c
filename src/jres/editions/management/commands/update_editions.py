import datetime

from django.core.management.base import BaseCommand, CommandError

from jres.editions.services import update_statuses


class Command(BaseCommand):
    help = (
        "Open the draft editions whose submission opening date has come and close the open "
        "ones whose closing date has passed. Run it every day; a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *, verbosity: int, today: str | None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError(f"--today: not a date: {today!r}") from error
        changes = update_statuses(today=day)
        if verbosity:
            for change in changes:
                self.stdout.write(change)
            self.stdout.write(f"{len(changes)} edition(s) changed")
