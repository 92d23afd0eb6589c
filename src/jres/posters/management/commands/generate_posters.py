from django.core.management.base import BaseCommand

from jres.events.models import Event
from jres.posters import services


class Command(BaseCommand):
    help = "Build the poster and social images of published events (missing or out of date)."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--all", action="store_true", help="Rebuild every kit, even those up to date."
        )
        which.add_argument(
            "--missing",
            action="store_true",
            help="Build only the kits missing or out of date (the default).",
        )

    def handle(self, *, verbosity: int, **options):
        rebuild = options["all"]
        # Without --all, build_kit compares each kit with its event and skips it when
        # up to date: a kit out of date counts as missing.
        events = Event.objects.published().order_by("pk")
        outcomes: dict[str, int] = {}
        for event_pk in events.values_list("pk", flat=True):
            outcome = services.build_kit(event_pk, force=rebuild)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            if verbosity > 1:
                self.stdout.write(f"{event_pk}: {outcome}")
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        self.stdout.write(self.style.SUCCESS(f"Posters: {summary or 'no published event'}."))
