"""Newsletter sign-ups are kept only while they serve: the periods of the privacy page.

- a sign-up never confirmed is deleted `NEWSLETTER_UNCONFIRMED_RETENTION_DAYS` after it was
  asked (7 by default; never before its confirmation link lapses);
- an address that left the newsletter is deleted `NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS`
  after it unsubscribed (30 by default): long enough to answer "did my unsubscription
  work?", no longer.

The confirmation e-mails sent to these addresses go from the outbox with them (they hold
the address and a private link). The opt-outs from coordination messages (`OptOut`) are
kept: they are what stops those messages. The `apply_retention` command runs this daily.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jres.outbox.models import OutgoingMessage

from .models import CONFIRMATION_DAYS, Subscriber, SubscriberStatus
from .services import TEMPLATES


def due_unconfirmed(*, now: datetime.datetime | None = None):
    # A shorter period than the link's validity would make valid links find nothing.
    days = max(settings.NEWSLETTER_UNCONFIRMED_RETENTION_DAYS, CONFIRMATION_DAYS)
    limit = (now or timezone.now()) - datetime.timedelta(days=days)
    return Subscriber.objects.filter(status=SubscriberStatus.PENDING, consent_at__lt=limit)


def due_unsubscribed(*, now: datetime.datetime | None = None):
    days = settings.NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS
    limit = (now or timezone.now()) - datetime.timedelta(days=days)
    return Subscriber.objects.filter(
        status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at__lt=limit
    )


@transaction.atomic
def delete_subscribers(subscribers) -> int:
    """Delete these sign-ups and the subscription e-mails sent to their addresses."""
    rows = list(subscribers.select_for_update().values_list("pk", "email"))
    if not rows:
        return 0
    addresses = {email.lower() for _pk, email in rows}
    # The recipients are a JSON list, which SQLite cannot search: compare them here.
    messages = OutgoingMessage.objects.filter(template__startswith=TEMPLATES + "confirm")
    doomed = [
        message.pk
        for message in messages.only("pk", "to")
        if addresses & {address.lower() for address in message.to}
    ]
    OutgoingMessage.objects.filter(pk__in=doomed).delete()
    Subscriber.objects.filter(pk__in=[pk for pk, _email in rows]).delete()
    return len(rows)


def purge_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    return delete_subscribers(due_unconfirmed(now=now))


def purge_unsubscribed(*, now: datetime.datetime | None = None) -> int:
    return delete_subscribers(due_unsubscribed(now=now))
