from django.core.management.base import BaseCommand

from jres.newsletter.services import purge_pending


class Command(BaseCommand):
    help = (
        "Delete the newsletter sign-ups never confirmed within their link's validity. "
        "Run it every day; a second run deletes nothing more."
    )

    def handle(self, *, verbosity: int, **options):
        count = purge_pending()
        if verbosity:
            self.stdout.write(f"{count} unconfirmed sign-up(s) deleted")
