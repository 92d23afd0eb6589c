from django.core.management.base import BaseCommand

from jres.registrations.services import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail a reminder to everyone confirmed for an event starting within two days. "
        "Run it every hour; each person is reminded once, however often it runs."
    )

    def handle(self, *, verbosity: int, **options):
        sent = send_reminders()
        if verbosity:
            self.stdout.write(f"{sent} reminder(s) queued")
