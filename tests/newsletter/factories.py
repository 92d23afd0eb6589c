"""Newsletter subscribers and mailings for tests."""

import factory
from django.utils import timezone

from jres.newsletter.models import Mailing, Segment, Subscriber, SubscriberStatus


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber unless `status` says otherwise."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"abonne{n}@example.net")
    name = factory.Sequence(lambda n: f"Abonné {n}")
    language = "fr"
    status = SubscriberStatus.CONFIRMED
    consent_source = "tests"
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyAttribute(
        lambda subscriber: (
            subscriber.consent_at if subscriber.status == SubscriberStatus.CONFIRMED else None
        )
    )


class MailingFactory(factory.django.DjangoModelFactory):
    """A draft to the newsletter's subscribers."""

    class Meta:
        model = Mailing

    subject = factory.Sequence(lambda n: f"Lettre numéro {n}")
    body = "Bonjour,\n\nLes inscriptions sont **ouvertes**."
    segment = Segment.NEWSLETTER
