"""Queue an e-mail: store it now, deliver it once the transaction has committed."""

import datetime
import functools
import logging
import smtplib
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import rendering
from .models import MAX_ATTEMPTS, MessageStatus, OutgoingMessage

logger = logging.getLogger(__name__)

# A claim longer than a few SMTP time-outs: past it, a worker that died mid-send is
# presumed gone and the message is tried again.
CLAIM_SECONDS = 300


def queue_message(message: EmailMultiAlternatives, *, template: str = "") -> OutgoingMessage:
    """Store `message` and deliver it after the current transaction commits.

    Rolled back with the transaction, the message is never sent; committed, it is sent by
    the `deliver_message` task, and `retry_pending_mail` picks it up should that task be lost.
    """
    message.extra_headers.setdefault("Message-ID", make_msgid(domain=DNS_NAME))
    outgoing = OutgoingMessage.from_email_message(message, template=template)
    outgoing.save()
    # robust: a failed enqueue (database gone right after the commit) is logged, not raised
    # into a response whose change is already saved; retry_pending_mail sends it later.
    transaction.on_commit(functools.partial(enqueue_delivery, outgoing.pk), robust=True)
    return outgoing


def queue_unrendered(
    *, renderer: str, arguments: dict, to: list[str], template: str = ""
) -> OutgoingMessage:
    """Store a message to be rendered by the delivery task (see outbox.rendering).

    Only the recipients and the renderer's arguments are written now, in the caller's
    transaction: cheap enough for a request that holds a lock, and as durable as a
    rendered message.
    """
    outgoing = OutgoingMessage(
        template=template[:120],
        message_id=make_msgid(domain=DNS_NAME),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        renderer=renderer,
        render_arguments=arguments,
    )
    outgoing.save()
    transaction.on_commit(functools.partial(enqueue_delivery, outgoing.pk), robust=True)
    return outgoing


def render_stored(outgoing: OutgoingMessage) -> None:
    """Render an unrendered message once and keep the result for every attempt."""
    outgoing.fill(rendering.render(outgoing.renderer, outgoing.render_arguments))
    outgoing.save(
        update_fields=[
            "from_email",
            "reply_to",
            "subject",
            "body_text",
            "body_html",
            "headers",
            "attachments",
        ]
    )


def enqueue_delivery(message_pk: int, *, run_after=None) -> None:
    from .tasks import deliver_message

    task = deliver_message
    if run_after is not None:
        if not task.get_backend().supports_defer:
            # The immediate backend (tests) cannot wait: retry_pending_mail will.
            return
        task = task.using(run_after=run_after)
    task.enqueue(message_pk=message_pk)


def _claim(message_pk: int) -> OutgoingMessage | None:
    """Mark the message as being sent, unless it is sent, failed, not due or claimed.

    One UPDATE with its conditions: of two workers given the same message, only one
    changes the row, on SQLite and on PostgreSQL alike.
    """
    now = timezone.now()
    claimable = Q(status=MessageStatus.PENDING) | Q(
        status=MessageStatus.SENDING, claimed_until__lt=now
    )
    claimed = OutgoingMessage.objects.filter(
        claimable, pk=message_pk, next_attempt_at__lte=now
    ).update(
        status=MessageStatus.SENDING,
        claimed_until=now + datetime.timedelta(seconds=CLAIM_SECONDS),
    )
    if not claimed:
        return None
    return OutgoingMessage.objects.get(pk=message_pk)


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer means the server will never take it (a 4xx is worth retrying)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def deliver(message_pk: int) -> str:
    """Send one stored message at most once; a failure schedules the next attempt.

    Safe to call twice, concurrently or not: only the caller that claims the row sends.
    """
    outgoing = _claim(message_pk)
    if outgoing is None:
        return "skipped"
    outgoing.attempts += 1
    try:
        if not outgoing.is_rendered:
            render_stored(outgoing)
        sent = outgoing.to_email_message().send()
        if not sent:
            raise smtplib.SMTPException("the mail backend accepted no message")
    except (smtplib.SMTPException, OSError) as error:
        now = timezone.now()
        outgoing.last_error = f"{type(error).__name__}: {error}"[:2000]
        outgoing.claimed_until = None
        if _is_permanent(error) or outgoing.attempts >= MAX_ATTEMPTS:
            outgoing.status = MessageStatus.FAILED
            logger.error("Message %s given up: %s", outgoing.pk, outgoing.last_error)
        else:
            outgoing.status = MessageStatus.PENDING
            outgoing.next_attempt_at = now + outgoing.retry_delay()
            logger.warning(
                "Message %s not sent (attempt %s), next at %s: %s",
                outgoing.pk,
                outgoing.attempts,
                outgoing.next_attempt_at.isoformat(),
                outgoing.last_error,
            )
        outgoing.save(
            update_fields=["status", "attempts", "next_attempt_at", "claimed_until", "last_error"]
        )
        if outgoing.status == MessageStatus.PENDING:
            enqueue_delivery(outgoing.pk, run_after=outgoing.next_attempt_at)
        return "failed" if outgoing.status == MessageStatus.FAILED else "retrying"
    except Exception as error:
        # Not the mail server: a message that cannot be built or sent as it is. Retrying
        # would fail the same way; keep it, marked failed, for someone to look at.
        logger.exception("Message %s cannot be sent", outgoing.pk)
        outgoing.status = MessageStatus.FAILED
        outgoing.claimed_until = None
        outgoing.last_error = f"{type(error).__name__}: {error}"[:2000]
        outgoing.save(update_fields=["status", "attempts", "claimed_until", "last_error"])
        return "failed"
    outgoing.status = MessageStatus.SENT
    outgoing.sent_at = timezone.now()
    outgoing.claimed_until = None
    outgoing.last_error = ""
    outgoing.save(update_fields=["status", "attempts", "sent_at", "claimed_until", "last_error"])
    return "sent"


def due_messages():
    """Messages waiting for an attempt whose time has come, oldest first."""
    now = timezone.now()
    return OutgoingMessage.objects.filter(
        Q(status=MessageStatus.PENDING, next_attempt_at__lte=now)
        | Q(status=MessageStatus.SENDING, claimed_until__lt=now)
    ).order_by("next_attempt_at", "pk")
