from django.core.management.base import BaseCommand

from jres.newsletter import sending


class Command(BaseCommand):
    help = (
        "Queue again the batches of every mailing under way whose recipients are due (a lost "
        "task, a worker that died, a mail server back up). Run it hourly; safe to run twice."
    )

    def handle(self, *, verbosity: int, **options):
        mailings = list(sending.due_mailings().values_list("pk", flat=True))
        for mailing_pk in mailings:
            sending.enqueue_batches(mailing_pk)
        if verbosity:
            self.stdout.write(f"{len(mailings)} mailing(s) resumed")
