"""Sending a mailing in batches through the task queue, resumable after any crash.

Each batch task claims up to BATCH_SIZE recipients with one conditional UPDATE, sends their
messages over one SMTP connection, marks each recipient sent right after the mail server
accepted its message, then queues the next batch. What this promises:

- a recipient marked sent is never sent again, whoever runs the task and however often;
- a recipient is never lost: a claim left by a worker that died expires after
  CLAIM_SECONDS and the next batch takes it again; a mail server that is down puts the
  claimed recipients back to pending and the batch is queued again after a back-off;
- exactly once holds for every recipient but one: the message in flight at the instant a
  worker dies (accepted by the server, not yet marked) is sent again on resumption, with
  the same Message-ID so that receiving servers can recognise the copy.
"""

import contextlib
import datetime
import logging
import secrets
import smtplib

from django.core.mail import mailers
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from . import composing
from .models import (
    Mailing,
    MailingRecipient,
    MailingStatus,
    OptOut,
    RecipientStatus,
    Segment,
    Subscriber,
    SubscriberStatus,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
# Batches queued side by side when a sending starts: as many workers may share it.
PARALLEL_BATCHES = 2
# Longer than a batch takes; a batch stops sending CLAIM_MARGIN before its claim ends, so
# that a claim is never taken again while its worker still sends (a slow server's timeouts).
CLAIM_SECONDS = 300
CLAIM_MARGIN = 60
FIRST_RETRY = datetime.timedelta(seconds=15)
LONGEST_RETRY = datetime.timedelta(minutes=15)
MAX_ATTEMPTS = 10

UNSENT = (RecipientStatus.PENDING, RecipientStatus.SENDING)


def enqueue_batch(mailing_pk: int, *, run_after: datetime.datetime | None = None) -> None:
    from .tasks import send_mailing_batch

    task = send_mailing_batch
    if run_after is not None:
        if not task.get_backend().supports_defer:
            # The immediate backend (tests) cannot wait: resume_mailings will.
            return
        task = task.using(run_after=run_after)
    task.enqueue(mailing_pk=mailing_pk)


def enqueue_batches(mailing_pk: int) -> None:
    for _n in range(PARALLEL_BATCHES):
        enqueue_batch(mailing_pk)


def _claimable(now: datetime.datetime) -> Q:
    return Q(status=RecipientStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=RecipientStatus.SENDING, claimed_until__lt=now
    )


def claim(mailing_pk: int, *, size: int | None = None):
    """Claim up to `size` due recipients; return (claim, recipients, claimed_until).

    One UPDATE whose WHERE repeats the conditions: of two workers racing for the same rows,
    each row goes to one of them only, on SQLite (writes are serialised) and on PostgreSQL
    (a row updated meanwhile is checked again against the conditions).
    """
    now = timezone.now()
    token = secrets.token_hex(16)
    until = now + datetime.timedelta(seconds=CLAIM_SECONDS)
    due = MailingRecipient.objects.filter(_claimable(now), mailing_id=mailing_pk)
    candidates = due.order_by("pk").values("pk")[: size or BATCH_SIZE]
    MailingRecipient.objects.filter(_claimable(now), pk__in=candidates).update(
        status=RecipientStatus.SENDING, claim=token, claimed_until=until
    )
    claimed = MailingRecipient.objects.filter(
        mailing_id=mailing_pk, claim=token, status=RecipientStatus.SENDING
    ).order_by("pk")
    return token, list(claimed), until


def _opted_out(mailing: Mailing, addresses: list[str]) -> set[str]:
    """Of `addresses`, those that left since the snapshot (one query)."""
    if mailing.segment == Segment.NEWSLETTER:
        left = Subscriber.objects.filter(email__in=addresses).exclude(
            status=SubscriberStatus.CONFIRMED
        )
    else:
        left = OptOut.objects.filter(email__in=addresses)
    return set(left.values_list("email", flat=True))


def _update(recipient: MailingRecipient, token: str, **fields) -> None:
    # Conditional on the claim: a row re-claimed by another worker is not ours to change.
    MailingRecipient.objects.filter(pk=recipient.pk, claim=token).update(**fields)


def _release(pks: list[int], token: str, *, at: datetime.datetime) -> None:
    MailingRecipient.objects.filter(pk__in=pks, claim=token).update(
        status=RecipientStatus.PENDING, claim="", claimed_until=None, next_attempt_at=at
    )


def _retry_delay(failures: int) -> datetime.timedelta:
    return min(FIRST_RETRY * 2 ** max(failures - 1, 0), LONGEST_RETRY)


def _is_permanent(error: smtplib.SMTPException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def _refused(recipient: MailingRecipient, token: str, error: smtplib.SMTPException) -> None:
    """The server refused this one address (or this one message): the others go on."""
    attempts = recipient.attempts + 1
    permanent = _is_permanent(error) or attempts >= MAX_ATTEMPTS
    _update(
        recipient,
        token,
        status=RecipientStatus.FAILED if permanent else RecipientStatus.PENDING,
        attempts=attempts,
        claim="",
        claimed_until=None,
        next_attempt_at=timezone.now() + _retry_delay(attempts),
        last_error=f"{type(error).__name__}: {error}"[:500],
    )


def _server_down(mailing: Mailing, token: str, unsent: list[MailingRecipient], error) -> str:
    """Put the batch's unsent recipients back, and queue the batch again after a back-off."""
    now = timezone.now()
    failures = mailing.failures_in_a_row + 1
    retry_at = now + _retry_delay(failures)
    in_flight = unsent[0]
    description = f"{type(error).__name__}: {error}"[:500]
    _update(
        in_flight,
        token,
        attempts=in_flight.attempts + 1,
        last_error=description,
        **({"status": RecipientStatus.FAILED} if in_flight.attempts + 1 >= MAX_ATTEMPTS else {}),
    )
    _release([recipient.pk for recipient in unsent], token, at=retry_at)
    Mailing.objects.filter(pk=mailing.pk).exclude(status=MailingStatus.SENT).update(
        status=MailingStatus.WAITING,
        retries=F("retries") + 1,
        failures_in_a_row=F("failures_in_a_row") + 1,
        last_error=description,
    )
    logger.warning(
        "Mailing %s: mail server unavailable, %s recipient(s) back to pending until %s: %s",
        mailing.pk,
        len(unsent),
        retry_at.isoformat(),
        description,
    )
    enqueue_batch(mailing.pk, run_after=retry_at)
    return "waiting"


def _finish_or_wait(mailing: Mailing) -> str:
    """Nothing claimable now: finish the mailing, or come back when something will be."""
    unsent = mailing.recipients.filter(status__in=UNSENT).aggregate(
        pending=Min("next_attempt_at", filter=Q(status=RecipientStatus.PENDING)),
        claimed=Min("claimed_until", filter=Q(status=RecipientStatus.SENDING)),
    )
    moments = [moment for moment in unsent.values() if moment is not None]
    if not moments:
        Mailing.objects.filter(
            pk=mailing.pk, status__in=[MailingStatus.SENDING, MailingStatus.WAITING]
        ).update(status=MailingStatus.SENT, finished_at=timezone.now())
        return "finished"
    enqueue_batch(mailing.pk, run_after=min(moments) + datetime.timedelta(seconds=1))
    return "later"


def send_batch(mailing_pk: int, *, size: int | None = None) -> str:
    """Send one batch of the mailing and queue the next; safe to run twice, concurrently."""
    mailing = Mailing.objects.filter(pk=mailing_pk).first()
    if mailing is None or mailing.status not in (MailingStatus.SENDING, MailingStatus.WAITING):
        return "nothing"
    token, recipients, until = claim(mailing_pk, size=size)
    if not recipients:
        return _finish_or_wait(mailing)

    left = _opted_out(mailing, [recipient.email for recipient in recipients])
    if left:
        MailingRecipient.objects.filter(
            pk__in=[recipient.pk for recipient in recipients if recipient.email in left],
            claim=token,
        ).update(status=RecipientStatus.SKIPPED, claim="", claimed_until=None)
        recipients = [recipient for recipient in recipients if recipient.email not in left]
        if not recipients:
            enqueue_batch(mailing.pk)
            return "skipped"

    drafts: dict[str, composing.Draft] = {}
    stop_at = until - datetime.timedelta(seconds=CLAIM_MARGIN)
    connection = mailers.default
    sent = 0
    current = 0
    try:
        # Opened here, the connection serves the whole batch: send_messages() would
        # otherwise open and close one per message.
        connection.open()
        for index, recipient in enumerate(recipients):
            current = index
            if timezone.now() >= stop_at:
                # Too slow a server: hand the rest back before the claim could be taken.
                _release([r.pk for r in recipients[index:]], token, at=timezone.now())
                break
            if recipient.language not in drafts:
                drafts[recipient.language] = composing.draft(mailing, language=recipient.language)
            message = drafts[recipient.language].for_recipient(recipient)
            try:
                accepted = connection.send_messages([message])
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
                _refused(recipient, token, error)
                continue
            if not accepted:
                raise smtplib.SMTPException("the mail backend accepted no message")
            # Marked at once: a crash from here on never sends this one again.
            _update(
                recipient,
                token,
                status=RecipientStatus.SENT,
                sent_at=timezone.now(),
                attempts=recipient.attempts + 1,
                claim="",
                claimed_until=None,
                last_error="",
            )
            sent += 1
    except (smtplib.SMTPException, OSError) as error:
        unsent = recipients[current:]
        return _server_down(mailing, token, unsent, error)
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    if sent:
        # The mail server works again (another batch may have seen it fail meanwhile).
        Mailing.objects.filter(
            Q(status=MailingStatus.WAITING) | Q(failures_in_a_row__gt=0),
            pk=mailing.pk,
            status__in=[MailingStatus.SENDING, MailingStatus.WAITING],
        ).update(status=MailingStatus.SENDING, failures_in_a_row=0, last_error="")
    enqueue_batch(mailing.pk)
    return "sent"


def due_mailings():
    """Mailings under way with recipients whose turn has come (a lost task, a dead worker)."""
    now = timezone.now()
    due = MailingRecipient.objects.filter(_claimable(now))
    return Mailing.objects.filter(
        status__in=[MailingStatus.SENDING, MailingStatus.WAITING],
        pk__in=due.values("mailing_id"),
    )


def progress(mailing: Mailing) -> dict[str, int]:
    """How many recipients are in each status (one query), every status present."""
    counts = dict.fromkeys(RecipientStatus.values, 0)
    rows = mailing.recipients.order_by().values_list("status").annotate(total=Count("pk"))
    counts.update(dict(rows))
    counts["total"] = sum(counts[status] for status in RecipientStatus.values)
    counts["done"] = counts["total"] - counts["pending"] - counts["sending"]
    return counts
