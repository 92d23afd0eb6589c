"""Demo subscribers and one newsletter already sent, for the coordinator's pages."""

import datetime

from django.conf import settings
from django.utils import timezone

from jres.accounts.models import COORDINATORS, User

from .models import (
    Mailing,
    MailingRecipient,
    MailingStatus,
    RecipientStatus,
    Segment,
    Subscriber,
    SubscriberStatus,
)

# (e-mail, name, language, days since the sign-up)
CONFIRMED = [
    ("lea.moreau@example.org", "Léa Moreau", "fr", 200),
    ("samir.haddad@example.org", "Samir Haddad", "fr", 150),
    ("anne.girard@example.org", "", "fr", 90),
    ("tom.baker@example.org", "Tom Baker", "en", 60),
    ("nadia.lopez@example.org", "Nadia Lopez", "fr", 20),
]
PENDING = ("paul.renard@example.org", "Paul Renard", "fr", 1)

BODY = """Bonjour,

Les inscriptions des événements de la nouvelle édition sont **ouvertes** : débats, ateliers,
portes ouvertes… [Proposez le vôtre]({site_url}/evenements/).

- le thème de l'année est en ligne ;
- le kit de communication aussi.

À bientôt !"""


def load() -> int:
    """Create the demo subscribers (five confirmed, one pending) and one newsletter sent ten
    days ago to those who had confirmed by then; return the number of subscribers."""
    now = timezone.now()
    subscribers = []
    for email, name, language, days in CONFIRMED:
        signed_up = now - datetime.timedelta(days=days)
        subscribers.append(
            Subscriber(
                email=email, name=name, language=language, status=SubscriberStatus.CONFIRMED,
                consent_at=signed_up, created_at=signed_up, consent_source="demo",
                confirmed_at=signed_up + datetime.timedelta(minutes=10),
            )
        )  # fmt: skip
    email, name, language, days = PENDING
    subscribers.append(
        Subscriber(
            email=email, name=name, language=language, consent_source="demo",
            consent_at=now - datetime.timedelta(days=days),
            created_at=now - datetime.timedelta(days=days),
        )
    )  # fmt: skip
    Subscriber.objects.bulk_create(subscribers, ignore_conflicts=True)

    sent_at = now - datetime.timedelta(days=10)
    mailing = Mailing.objects.create(
        subject="Les inscriptions sont ouvertes",
        body=BODY.format(site_url=settings.SITE_URL),
        segment=Segment.NEWSLETTER,
        status=MailingStatus.SENT,
        created_by=User.objects.filter(groups__name=COORDINATORS).first(),
        created_at=sent_at - datetime.timedelta(hours=2),
        test_sent_at=sent_at - datetime.timedelta(hours=1),
        started_at=sent_at,
        finished_at=sent_at + datetime.timedelta(seconds=5),
    )
    recipients = [
        MailingRecipient(
            mailing=mailing, email=email, name=name, language=language,
            status=RecipientStatus.SENT, attempts=1, sent_at=sent_at,
            message_id=f"<demo-{mailing.pk}-{index}@jres.localhost>",
        )
        for index, (email, name, language, days) in enumerate(CONFIRMED)
        if days > 10
    ]  # fmt: skip
    MailingRecipient.objects.bulk_create(recipients)
    Mailing.objects.filter(pk=mailing.pk).update(recipient_count=len(recipients))
    return len(subscribers)
