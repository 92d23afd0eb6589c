"""Who a message goes to: each segment's addresses, deduplicated, opt-outs removed.

A segment is computed when the preview counts it and again when the sending starts (its
snapshot in MailingRecipient); between the two, people may sign up or leave.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower

from jres.accounts.models import User
from jres.editions.models import Edition
from jres.events.models import Event, EventStatus
from jres.partners.models import Partner

from .models import Mailing, OptOut, Segment, Subscriber, SubscriberStatus

CHUNK = 2000


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str


def _not_opted_out(queryset, field: str = "email"):
    """Drop the addresses that refused coordination messages (compared in lower case)."""
    return queryset.annotate(_address=Lower(field)).exclude(
        Exists(OptOut.objects.filter(email=OuterRef("_address")))
    )


def _language(value: str) -> str:
    return value if value in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _subscribers() -> Iterator[Recipient]:
    rows = Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED).order_by("pk")
    for email, name, language in rows.values_list("email", "name", "language").iterator(CHUNK):
        yield Recipient(email, name, language)


def _users(users) -> Iterator[Recipient]:
    users = _not_opted_out(users.filter(is_active=True)).order_by("pk")
    rows = users.values_list("email", "display_name", "language")
    for email, name, language in rows.iterator(CHUNK):
        yield Recipient(email, name, language)


def _organisers(edition: Edition | None, *, region: str = "", status: str = ""):
    if edition is None:
        return
    events = Event.objects.filter(edition=edition, organiser=OuterRef("pk"))
    if region:
        events = events.filter(region_id=region)
    if status:
        events = events.filter(status=status)
    yield from _users(User.objects.filter(Exists(events)))


def previous_edition(edition: Edition | None) -> Edition | None:
    """The edition before `edition` (last year's, in general)."""
    if edition is None:
        return None
    return Edition.objects.filter(year__lt=edition.year).order_by("-year").first()


def _returning(edition: Edition | None):
    """Who had a labelled event last edition and has none (in any state) in this one."""
    last = previous_edition(edition)
    if edition is None or last is None:
        return
    organised = Event.objects.filter(
        edition=last, status=EventStatus.LABELLED, organiser=OuterRef("pk")
    )
    back = Event.objects.filter(edition=edition, organiser=OuterRef("pk"))
    yield from _users(User.objects.filter(Exists(organised)).exclude(Exists(back)))


def _partners():
    partners = _not_opted_out(Partner.objects.all(), "contact_email").order_by("pk")
    rows = partners.values_list("contact_email", "contact_name")
    for email, name in rows.iterator(CHUNK):
        yield Recipient(email, name, settings.LANGUAGE_CODE)
    yield from _users(User.objects.filter(partner_authorities__isnull=False).distinct())


def recipients(
    *, segment: str, edition: Edition | None, region: str = "", event_status: str = ""
) -> Iterator[Recipient]:
    """Every address of the segment once (case-insensitively), first occurrence kept.

    `edition` is the current one; `region` (a region code) and `event_status` narrow the
    organisers segment and are ignored by the others.
    """
    if segment == Segment.NEWSLETTER:
        found = _subscribers()
    elif segment == Segment.ORGANISERS:
        found = _organisers(edition, region=region, status=event_status)
    elif segment == Segment.PARTNERS:
        found = _partners()
    elif segment == Segment.RETURNING:
        found = _returning(edition)
    else:
        raise ValueError(f"Unknown segment {segment!r}")
    seen: set[str] = set()
    for recipient in found:
        address = recipient.email.strip().lower()
        if not address or address in seen:
            continue
        seen.add(address)
        yield Recipient(address, recipient.name[:120], _language(recipient.language))


def of_mailing(mailing: Mailing, *, edition: Edition | None) -> Iterator[Recipient]:
    return recipients(
        segment=mailing.segment,
        edition=edition,
        region=mailing.region_id or "",
        event_status=mailing.event_status,
    )


def count(mailing: Mailing, *, edition: Edition | None) -> int:
    return sum(1 for _recipient in of_mailing(mailing, edition=edition))
