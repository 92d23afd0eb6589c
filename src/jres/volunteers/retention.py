"""Volunteers' details are deleted a set time after they signed up.

The period is `settings.VOLUNTEER_RETENTION_DAYS` (365 by default, as the privacy page
says); the `apply_retention` command runs this every day with the other periods
(`purge_volunteers` runs this part alone).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jres.outbox.models import OutgoingMessage

from .models import Volunteer
from .services import TEMPLATES


def due_volunteers(*, now: datetime.datetime | None = None):
    limit = (now or timezone.now()) - datetime.timedelta(days=settings.VOLUNTEER_RETENTION_DAYS)
    return Volunteer.objects.filter(created_at__lt=limit)


@transaction.atomic
def purge_volunteers(*, now: datetime.datetime | None = None) -> int:
    """Delete the volunteers past the period, and their confirmation e-mails in the outbox
    (they hold names and addresses). Safe to run twice. Returns how many were deleted."""
    volunteers = list(due_volunteers(now=now).values_list("pk", "email"))
    if not volunteers:
        return 0
    addresses = {email for _pk, email in volunteers}
    # The recipients are a JSON list, which SQLite cannot search: compare them here.
    messages = OutgoingMessage.objects.filter(template__startswith=TEMPLATES).only("pk", "to")
    kept = set(Volunteer.objects.exclude(pk__in=[pk for pk, _email in volunteers])
               .filter(email__in=addresses).values_list("email", flat=True))  # fmt: skip
    doomed = [message.pk for message in messages if (addresses - kept) & set(message.to)]
    OutgoingMessage.objects.filter(pk__in=doomed).delete()
    Volunteer.objects.filter(pk__in=[pk for pk, _email in volunteers]).delete()
    return len(volunteers)
