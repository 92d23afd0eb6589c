from django.core.management.base import BaseCommand

from jres.volunteers.retention import due_volunteers, purge_volunteers


class Command(BaseCommand):
    help = (
        "Delete the mentoring volunteers who signed up more than VOLUNTEER_RETENTION_DAYS ago, "
        "with their e-mails. Run it every day; a second run deletes nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the volunteers due, delete nothing."
        )

    def handle(self, *, verbosity: int, dry_run: bool, **options):
        if dry_run:
            count = due_volunteers().count()
            message = f"{count} volunteer(s) would be deleted"
        else:
            count = purge_volunteers()
            message = f"{count} volunteer(s) deleted"
        if verbosity:
            self.stdout.write(message)
