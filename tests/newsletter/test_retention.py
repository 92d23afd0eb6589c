"""Newsletter sign-ups never confirmed, and addresses that left, are deleted after their
periods; confirmed subscribers and opt-outs stay."""

import datetime

import pytest
from django.utils import timezone

from jres.newsletter.models import OptOut, Subscriber, SubscriberStatus
from jres.newsletter.retention import purge_unconfirmed, purge_unsubscribed
from jres.outbox.models import OutgoingMessage

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db

ASKED = timezone.make_aware(datetime.datetime(2026, 3, 1, 12))


def after(days: int) -> datetime.datetime:
    return ASKED + datetime.timedelta(days=days, minutes=1)


def confirmation_to(address: str) -> OutgoingMessage:
    return OutgoingMessage.objects.create(
        template="newsletter/email/confirm",
        message_id=f"<confirm-{address}@jres>",
        from_email="contact@jres.example",
        to=[address],
        body_text="Confirmez votre inscription.",
    )


def test_a_sign_up_never_confirmed_goes_after_its_period_with_its_email():
    pending = SubscriberFactory(status=SubscriberStatus.PENDING, consent_at=ASKED)
    confirmation_to(pending.email)
    confirmation_to("someone@example.net")

    assert purge_unconfirmed(now=after(6)) == 0
    assert purge_unconfirmed(now=after(7)) == 1

    assert not Subscriber.objects.filter(pk=pending.pk).exists()
    assert list(OutgoingMessage.objects.values_list("to", flat=True)) == [["someone@example.net"]]
    assert purge_unconfirmed(now=after(8)) == 0, "a second run deletes nothing more"


def test_never_before_the_confirmation_link_lapses(settings):
    settings.NEWSLETTER_UNCONFIRMED_RETENTION_DAYS = 2
    SubscriberFactory(status=SubscriberStatus.PENDING, consent_at=ASKED)

    assert purge_unconfirmed(now=after(3)) == 0
    settings.NEWSLETTER_UNCONFIRMED_RETENTION_DAYS = 10
    assert purge_unconfirmed(now=after(8)) == 0
    assert purge_unconfirmed(now=after(10)) == 1


def test_an_address_that_left_goes_after_its_period_and_opt_outs_stay(settings):
    settings.NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS = 30
    left = SubscriberFactory(
        status=SubscriberStatus.UNSUBSCRIBED, consent_at=ASKED, unsubscribed_at=ASKED
    )
    confirmed = SubscriberFactory(consent_at=ASKED - datetime.timedelta(days=900))
    OptOut.objects.create(email="refus@example.net", created_at=ASKED)

    assert purge_unsubscribed(now=after(29)) == 0
    assert purge_unsubscribed(now=after(30)) == 1

    assert list(Subscriber.objects.all()) == [confirmed]
    assert OptOut.objects.filter(email="refus@example.net").exists()
    assert not Subscriber.objects.filter(pk=left.pk).exists()
