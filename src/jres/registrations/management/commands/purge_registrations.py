from django.core.management.base import BaseCommand

from jres.registrations.retention import due_registrations, purge_registrations


class Command(BaseCommand):
    help = (
        "Erase the names and addresses of registrants to editions that ended more than "
        "REGISTRATION_RETENTION_DAYS ago. Run it every day; a second run erases nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the registrations due, erase nothing."
        )

    def handle(self, *, verbosity: int, dry_run: bool, **options):
        if dry_run:
            count = due_registrations().count()
            message = f"{count} registration(s) would be erased"
        else:
            count = purge_registrations()
            message = f"{count} registration(s) erased"
        if verbosity:
            self.stdout.write(message)
