"""Testimonies' contact details are erased a set time after they were sent.

The period is `settings.TESTIMONY_RETENTION_DAYS` (180 by default, as the privacy page
says), counted from the sending. The addresses only carried the private links and the
moderation's answer; past the period, a published testimony stays, as anonymous as it was
shown (first name or initials, role, age bracket, commune), and one never published is
deleted. The `apply_retention` command runs this every day.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jres.outbox.models import OutgoingMessage

from .models import AgeBracket, Testimony, TestimonyStatus
from .services import TEMPLATES, erase_testimony

# What stands for an erased parent's address on a published testimony of an author under
# 15: the database requires one there (the consent was given), and the reserved `.invalid`
# domain can receive nothing.
ERASED_PARENT_EMAIL = "accord-parental-recueilli@adresse-effacee.invalid"


def _limit(now: datetime.datetime | None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=settings.TESTIMONY_RETENTION_DAYS)


def due_for_erasure(*, now: datetime.datetime | None = None):
    """Published testimonies past the period that still hold an address."""
    return Testimony.objects.published().filter(created_at__lt=_limit(now)).exclude(email="")


def due_for_deletion(*, now: datetime.datetime | None = None):
    """Testimonies past the period that were never published (waiting, refused)."""
    return Testimony.objects.exclude(status=TestimonyStatus.PUBLISHED).filter(
        created_at__lt=_limit(now)
    )


def erase_contact(testimonies) -> int:
    """Blank the addresses of published testimonies, and delete the e-mails about them.

    The private link keeps working for whoever still has it: the author can withdraw the
    testimony later. Also used when an account is deleted (jres.accounts.deletion).
    """
    testimonies = list(testimonies)
    for testimony in testimonies:
        _delete_messages(testimony)
        testimony.email = ""
        testimony.parent_email = (
            ERASED_PARENT_EMAIL if testimony.age_bracket == AgeBracket.UNDER_15 else ""
        )
    Testimony.objects.bulk_update(testimonies, ["email", "parent_email"])
    return len(testimonies)


def _delete_messages(testimony: Testimony) -> None:
    """The e-mails about one testimony: each carries one of its private links, or names it
    in its arguments before it is rendered."""
    condition = Q(body_text__contains=testimony.token) | Q(render_arguments__testimony=testimony.pk)
    if testimony.parent_token:
        condition |= Q(body_text__contains=testimony.parent_token)
    OutgoingMessage.objects.filter(condition, template__startswith=TEMPLATES).delete()


@transaction.atomic
def purge_contacts(*, now: datetime.datetime | None = None) -> int:
    """Erase the addresses of published testimonies past the period; how many."""
    return erase_contact(due_for_erasure(now=now).select_for_update())


def purge_unpublished(*, now: datetime.datetime | None = None) -> int:
    """Delete the testimonies never published past the period, with their e-mails."""
    deleted = 0
    for testimony in due_for_deletion(now=now):
        erase_testimony(testimony=testimony)
        deleted += 1
    return deleted


def purge_testimonies(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Apply the period: (contact details erased, testimonies deleted). Safe to run twice."""
    return purge_contacts(now=now), purge_unpublished(now=now)
