from django.core.management.base import BaseCommand

from jres.reports.services import send_report_invitations


class Command(BaseCommand):
    help = (
        "E-mail the organiser of each labelled event that ended in the last seven days, "
        "up to yesterday, an invitation to report on it. Run it daily; each organiser is "
        "invited once per event, however often it runs."
    )

    def handle(self, *, verbosity: int, **options):
        sent = send_report_invitations()
        if verbosity:
            self.stdout.write(f"{sent} report invitation(s) queued")
