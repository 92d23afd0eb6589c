from django.core.management.base import BaseCommand

from jres.outbox import services


class Command(BaseCommand):
    help = (
        "Send the stored e-mails whose next attempt is due (those the mail server refused "
        "or whose delivery task was lost). Run it every few minutes; safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand each due message to the task worker instead of sending it here.",
        )

    def handle(self, *, enqueue: bool, verbosity: int, **options):
        counts: dict[str, int] = {}
        for message_pk in list(services.due_messages().values_list("pk", flat=True)[:1000]):
            if enqueue:
                services.enqueue_delivery(message_pk)
                outcome = "enqueued"
            else:
                outcome = services.deliver(message_pk)
            counts[outcome] = counts.get(outcome, 0) + 1
        if verbosity:
            summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items()))
            self.stdout.write(summary or "nothing due")
