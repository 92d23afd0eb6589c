"""What changes subscriptions and mailings: sign-up, confirmation, unsubscription, the test
send and the start of a sending (the batches themselves are in `sending`)."""

import datetime
import logging
import secrets
from email.utils import make_msgid

from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, transaction
from django.utils import timezone

from jres.accounts.models import User
from jres.core.mail import send_templated_mail
from jres.editions.models import Edition
from jres.outbox.services import queue_message

from . import composing, segments, sending
from .models import (
    CONFIRMATION_DAYS,
    Mailing,
    MailingRecipient,
    MailingStatus,
    OptOut,
    Segment,
    Subscriber,
    SubscriberStatus,
    new_token,
)

logger = logging.getLogger(__name__)

TEMPLATES = "newsletter/email/"
SNAPSHOT_BATCH = 1000


class EmptySegment(Exception):
    """The segment has no address: nothing to send."""


class AlreadyStarted(Exception):
    """The mailing is no longer a draft."""


# --- Subscriptions ----------------------------------------------------------------------


def _send_confirmation(subscriber: Subscriber) -> None:
    send_templated_mail(
        template=f"{TEMPLATES}confirm",
        to=[subscriber.email],
        language=subscriber.language,
        context={
            "subscriber": subscriber,
            "confirm_url": composing.absolute(
                "newsletter:confirm", token=subscriber.confirmation_token
            ),
            "days": CONFIRMATION_DAYS,
        },
    )


@transaction.atomic
def subscribe(*, email: str, name: str = "", language: str, source: str) -> None:
    """Ask `email` to confirm its subscription, whatever its past; reveal nothing.

    A new or pending address gets a (fresh) confirmation link; an unsubscribed one goes back
    to pending and gets one too. A confirmed address gets nothing: telling it "you are
    already subscribed" would let anyone fill an inbox, and the page says the same thing
    in every case, so that nobody learns who is subscribed.
    """
    email = email.strip().lower()
    now = timezone.now()
    subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(
                    email=email, name=name, language=language, consent_source=source
                )
        except IntegrityError:
            # The same address posted twice at once: the other request created it.
            return
        _send_confirmation(subscriber)
        return
    if subscriber.status == SubscriberStatus.CONFIRMED:
        return
    # Pending (perhaps lapsed) or unsubscribed: a new consent, a new link; the old
    # confirmation link stops working.
    subscriber.status = SubscriberStatus.PENDING
    subscriber.name = name or subscriber.name
    subscriber.language = language
    subscriber.consent_at = now
    subscriber.consent_source = source
    subscriber.confirmation_token = new_token()
    subscriber.save()
    _send_confirmation(subscriber)


def confirm(*, subscriber: Subscriber) -> bool:
    """Confirm a pending subscription; False when its link has lapsed.

    Confirming twice is harmless (the second click changes nothing and says it is done).
    """
    if subscriber.status == SubscriberStatus.CONFIRMED:
        return True
    if subscriber.status != SubscriberStatus.PENDING or subscriber.confirmation_lapsed:
        return False
    updated = Subscriber.objects.filter(pk=subscriber.pk, status=SubscriberStatus.PENDING).update(
        status=SubscriberStatus.CONFIRMED, confirmed_at=timezone.now()
    )
    return bool(updated) or (
        Subscriber.objects.filter(pk=subscriber.pk, status=SubscriberStatus.CONFIRMED).exists()
    )


def purge_pending(*, now: datetime.datetime | None = None) -> int:
    """Delete the subscriptions never confirmed within CONFIRMATION_DAYS; return how many."""
    limit = (now or timezone.now()) - datetime.timedelta(days=CONFIRMATION_DAYS)
    deleted, _detail = Subscriber.objects.filter(
        status=SubscriberStatus.PENDING, consent_at__lt=limit
    ).delete()
    return deleted


def find_by_unsubscribe_token(token: str) -> Subscriber | MailingRecipient | None:
    """The subscriber or the mailing recipient an unsubscribe link belongs to."""
    if not token or len(token) > 64:
        return None
    subscriber = Subscriber.objects.filter(unsubscribe_token=token).first()
    if subscriber is not None:
        return subscriber
    return (
        MailingRecipient.objects.select_related("mailing").filter(unsubscribe_token=token).first()
    )


@transaction.atomic
def unsubscribe(*, owner: Subscriber | MailingRecipient) -> None:
    """Stop what the link's owner receives; safe to repeat.

    A newsletter subscriber (by their own link, or a newsletter mailing's) leaves the list;
    a recipient of a coordination message is put on the opt-out list, which every segment
    but the newsletter reads.
    """
    now = timezone.now()
    if isinstance(owner, MailingRecipient) and owner.mailing.segment != Segment.NEWSLETTER:
        OptOut.objects.get_or_create(
            email=owner.email.lower(), defaults={"mailing": owner.mailing, "created_at": now}
        )
        return
    subscribers = (
        Subscriber.objects.filter(pk=owner.pk)
        if isinstance(owner, Subscriber)
        else Subscriber.objects.filter(email__iexact=owner.email)
    )
    subscribers.exclude(status=SubscriberStatus.UNSUBSCRIBED).update(
        status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at=now
    )


# --- Mailings ---------------------------------------------------------------------------


def send_test(*, mailing: Mailing, to: User) -> None:
    """Send the message, marked [TEST], to `to` only, in their language."""
    message = composing.render_mailing(
        mailing,
        language=to.language,
        unsubscribe_url=composing.absolute("newsletter:subscribe"),
        test=True,
    )
    message.to = [to.email]
    with transaction.atomic():
        queue_message(message, template=f"{TEMPLATES}mailing")
        Mailing.objects.filter(pk=mailing.pk).update(test_sent_at=timezone.now())


def _message_id(mailing: Mailing) -> str:
    return make_msgid(idstring=f"m{mailing.pk}.{secrets.token_hex(8)}", domain=DNS_NAME)


@transaction.atomic
def start_mailing(*, mailing: Mailing, by: User) -> int:
    """Snapshot the segment into recipients and queue the batches; return the count.

    Raises EmptySegment (nothing is created) when the segment has no address, and
    AlreadyStarted for a mailing that is not a draft. Safe against a double click: the
    mailing row is locked, and a recipient exists once per mailing (unique constraint).
    """
    mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if mailing.status != MailingStatus.DRAFT:
        raise AlreadyStarted
    edition = Edition.objects.current()
    batch: list[MailingRecipient] = []
    for recipient in segments.of_mailing(mailing, edition=edition):
        batch.append(
            MailingRecipient(
                mailing=mailing,
                email=recipient.email,
                name=recipient.name,
                language=recipient.language,
                message_id=_message_id(mailing),
            )
        )
        if len(batch) >= SNAPSHOT_BATCH:
            MailingRecipient.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    MailingRecipient.objects.bulk_create(batch, ignore_conflicts=True)
    count = mailing.recipients.count()
    if not count:
        raise EmptySegment
    now = timezone.now()
    mailing.status = MailingStatus.SENDING
    mailing.edition = edition
    mailing.started_at = now
    mailing.recipient_count = count
    mailing.save(update_fields=["status", "edition", "started_at", "recipient_count"])
    transaction.on_commit(lambda: sending.enqueue_batches(mailing.pk), robust=True)
    logger.info("Mailing %s started by %s: %s recipients", mailing.pk, by.pk, count)
    return count


def resume_mailing(*, mailing: Mailing) -> bool:
    """Queue the batches again for a sending that is not finished; False if it is."""
    if mailing.status not in (MailingStatus.SENDING, MailingStatus.WAITING):
        return False
    sending.enqueue_batches(mailing.pk)
    return True
