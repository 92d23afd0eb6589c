"""Testimonies' addresses are erased TESTIMONY_RETENTION_DAYS after they were sent; the
published words stay, anonymous, and those never published go."""

import datetime

import pytest
from django.utils import timezone

from jres.outbox.models import OutgoingMessage
from jres.testimonies import models as testimonies
from jres.testimonies.retention import ERASED_PARENT_EMAIL, purge_testimonies

pytestmark = pytest.mark.django_db

SENT = timezone.make_aware(datetime.datetime(2025, 10, 1, 12))


def written(france, **fields) -> testimonies.Testimony:
    values = {
        "text": "Le mentorat m'a redonné confiance.",
        "first_name": "Inès",
        "role": "pupil",
        "age_bracket": "15_17",
        "commune": france.merignac,
        "email": "ines@example.net",
        "consent": True,
        "status": testimonies.TestimonyStatus.PUBLISHED,
        "published_at": SENT,
        "created_at": SENT,
        **fields,
    }
    return testimonies.Testimony.objects.create(**values)


def message_about(item: testimonies.Testimony, to: str) -> OutgoingMessage:
    return OutgoingMessage.objects.create(
        template="testimonies/email/published",
        message_id=f"<{item.pk}-{to}@jres>",
        from_email="contact@jres.example",
        to=[to],
        body_text=f"Pour le retirer : https://jres.example/temoignages/retrait/{item.token}/",
    )


def days_after(days: int) -> datetime.datetime:
    return SENT + datetime.timedelta(days=days)


def test_published_testimonies_lose_their_addresses_and_keep_their_words(france):
    adult = written(france)
    minor = written(
        france, age_bracket="under_15", email="kid@example.net", parent_email="mum@example.net"
    )
    message_about(adult, "ines@example.net")

    assert purge_testimonies(now=days_after(181)) == (2, 0)

    adult.refresh_from_db()
    minor.refresh_from_db()
    assert (adult.email, adult.parent_email) == ("", "")
    assert adult.text == "Le mentorat m'a redonné confiance." and adult.is_published
    # The database requires a parent for a minor's words: an address that reaches nobody.
    assert (minor.email, minor.parent_email) == ("", ERASED_PARENT_EMAIL)
    assert not OutgoingMessage.objects.exists()


def test_the_private_link_still_withdraws_an_erased_testimony(client, france):
    item = written(france)
    purge_testimonies(now=days_after(181))

    response = client.post(f"/temoignages/retrait/{item.token}/")

    assert response.status_code == 302

    assert not testimonies.Testimony.objects.filter(pk=item.pk).exists()


def test_testimonies_never_published_are_deleted_with_their_emails(france):
    waiting = written(france, status=testimonies.TestimonyStatus.SUBMITTED, published_at=None)
    refused = written(france, status=testimonies.TestimonyStatus.REFUSED, published_at=None)
    message_about(waiting, "ines@example.net")

    assert purge_testimonies(now=days_after(181)) == (0, 2)

    assert not testimonies.Testimony.objects.filter(pk__in=[waiting.pk, refused.pk]).exists()
    assert not OutgoingMessage.objects.exists()


def test_kept_on_the_last_day_and_a_second_run_changes_nothing(france):
    item = written(france)

    assert purge_testimonies(now=days_after(179)) == (0, 0)
    item.refresh_from_db()
    assert item.email == "ines@example.net"

    assert purge_testimonies(now=days_after(181)) == (1, 0)
    assert purge_testimonies(now=days_after(182)) == (0, 0)


def test_the_period_is_a_setting(settings, france):
    settings.TESTIMONY_RETENTION_DAYS = 30
    written(france)

    assert purge_testimonies(now=days_after(31)) == (1, 0)
