from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from jres.newsletter import retention as newsletter
from jres.registrations import retention as registrations
from jres.testimonies import retention as testimonies
from jres.volunteers import retention as volunteers


@dataclass(frozen=True)
class Period:
    """One retention period: what it applies to, its setting, and how it is applied."""

    kind: str
    setting: str
    done: str  # what happens to each row, in the past tense
    due: Callable  # now -> queryset of the rows due
    apply: Callable  # now -> how many rows it changed


PERIODS = (
    Period("registrations", "REGISTRATION_RETENTION_DAYS", "erased",
           lambda now: registrations.due_registrations(now=now),
           lambda now: registrations.purge_registrations(now=now)),
    Period("volunteers", "VOLUNTEER_RETENTION_DAYS", "deleted",
           lambda now: volunteers.due_volunteers(now=now),
           lambda now: volunteers.purge_volunteers(now=now)),
    Period("testimonies (contact details)", "TESTIMONY_RETENTION_DAYS", "erased",
           lambda now: testimonies.due_for_erasure(now=now),
           lambda now: testimonies.purge_contacts(now=now)),
    Period("testimonies never published", "TESTIMONY_RETENTION_DAYS", "deleted",
           lambda now: testimonies.due_for_deletion(now=now),
           lambda now: testimonies.purge_unpublished(now=now)),
    Period("newsletter sign-ups never confirmed", "NEWSLETTER_UNCONFIRMED_RETENTION_DAYS",
           "deleted", lambda now: newsletter.due_unconfirmed(now=now),
           lambda now: newsletter.purge_unconfirmed(now=now)),
    Period("newsletter addresses unsubscribed", "NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS",
           "deleted", lambda now: newsletter.due_unsubscribed(now=now),
           lambda now: newsletter.purge_unsubscribed(now=now)),
)  # fmt: skip


class Command(BaseCommand):
    help = (
        "Apply every retention period of the privacy page: registrants' data, volunteers, "
        "testimonies' contact details, newsletter sign-ups. Run it every day; a second run "
        "changes nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what is due, change nothing."
        )

    def handle(self, *, verbosity: int, dry_run: bool, **options):
        now = timezone.now()
        for period in PERIODS:
            days = getattr(settings, period.setting)
            if dry_run:
                line = f"{period.due(now).count()} would be {period.done}"
            else:
                line = f"{period.apply(now)} {period.done}"
            if verbosity:
                self.stdout.write(f"{period.kind}: {line} ({period.setting}={days})")
