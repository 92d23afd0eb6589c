"""The demo's subscribers and sent newsletter, as the coordinator sees them."""

import pytest

from jres.newsletter import demo
from jres.newsletter.models import Mailing, MailingStatus, Subscriber, SubscriberStatus

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_list_its_history_and_one_sent_newsletter(client, coordinator):
    assert demo.load() == 6

    assert Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED).count() == 5
    assert Subscriber.objects.filter(status=SubscriberStatus.PENDING).count() == 1
    mailing = Mailing.objects.get()
    assert mailing.status == MailingStatus.SENT and mailing.created_by == coordinator
    assert mailing.recipients.filter(status="sent").count() == mailing.recipient_count == 5
    assert "http://" in mailing.body  # an absolute link: it is read in a mail client

    client.force_login(coordinator)
    page = client.get("/gestion/messages/abonnes/")
    assert "6 adresses" in page.text and "lea.moreau@example.org" in page.text
    listing = client.get("/gestion/messages/")
    assert "5 envoyés sur 5" in listing.text
