"""The life of a testimony: shared, agreed by a parent under 15, moderated, withdrawn.

Withdrawal (by the author or the parent) and a parent's refusal erase: the row goes, and
so do the e-mails about it in the outbox. Nothing of the words or the addresses stays.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jres.core.mail import send_templated_mail
from jres.events.structured_data import absolute_url
from jres.outbox.models import OutgoingMessage

from .models import AgeBracket, Testimony, TestimonyStatus, new_token

TEMPLATES = "testimonies/email/"


class TestimonyError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def submit_testimony(*, testimony: Testimony) -> Testimony:
    """Save a new testimony and tell its author; under 15, ask a parent first."""
    if testimony.age_bracket == AgeBracket.UNDER_15:
        testimony.status = TestimonyStatus.PENDING_PARENT
        testimony.parent_token = new_token()
    else:
        testimony.status = TestimonyStatus.SUBMITTED
        testimony.parent_email = ""
    testimony.full_clean()
    testimony.save()
    _mail(testimony, "received", to=testimony.email, language=testimony.language)
    if testimony.parent_token:
        _mail(testimony, "parent", to=testimony.parent_email, language=testimony.language,
              for_parent=True)  # fmt: skip
    return testimony


@transaction.atomic
def confirm_by_parent(*, testimony: Testimony) -> Testimony:
    """A parent agrees: the testimony joins the moderators' queue. Safe to run twice."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status == TestimonyStatus.PENDING_PARENT:
        testimony.status = TestimonyStatus.SUBMITTED
        testimony.save(update_fields=["status"])
    return testimony


@transaction.atomic
def publish(*, testimony: Testimony, by) -> Testimony:
    """A moderator publishes; the author (and the parent) get the withdrawal link again."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status == TestimonyStatus.PENDING_PARENT:
        raise TestimonyError("A parent has not agreed yet.")
    testimony.status = TestimonyStatus.PUBLISHED
    testimony.published_at = timezone.now()
    testimony.moderated_by = by
    testimony.save(update_fields=["status", "published_at", "moderated_by"])
    _mail(testimony, "published", to=testimony.email, language=testimony.language)
    if testimony.parent_email:
        _mail(testimony, "published", to=testimony.parent_email, language=testimony.language,
              for_parent=True)  # fmt: skip
    return testimony


@transaction.atomic
def refuse(*, testimony: Testimony, by) -> Testimony:
    """A moderator refuses: nothing is shown; the author may still erase it by the link."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status == TestimonyStatus.PENDING_PARENT:
        raise TestimonyError("A parent has not agreed yet.")
    testimony.status = TestimonyStatus.REFUSED
    testimony.published_at = None
    testimony.moderated_by = by
    testimony.save(update_fields=["status", "published_at", "moderated_by"])
    _mail(testimony, "refused", to=testimony.email, language=testimony.language)
    return testimony


@transaction.atomic
def erase_testimony(*, testimony: Testimony) -> None:
    """Delete the testimony and every e-mail about it: its words and addresses are gone.

    Used for the author's or the parent's withdrawal and for a parent's refusal.
    """
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    _delete_messages(testimony)
    testimony.delete()


def _mail(
    testimony: Testimony, name: str, *, to: str, language: str, for_parent: bool = False
) -> None:
    """One e-mail about the testimony; a parent's carries the parent's own private link."""
    send_templated_mail(
        template=f"{TEMPLATES}{name}",
        to=[to],
        language=language,
        context={
            "testimony": testimony,
            "for_parent": for_parent,
            "private_url": absolute_url(
                testimony.get_parent_url() if for_parent else testimony.get_withdraw_url()
            ),
        },
    )


def _delete_messages(testimony: Testimony) -> None:
    """Delete the outbox's e-mails about this testimony.

    Each one carries the testimony's private link (the author's or the parent's), which no
    other message holds; one not rendered yet names the testimony in its arguments.
    """
    condition = Q(body_text__contains=testimony.token) | Q(render_arguments__testimony=testimony.pk)
    if testimony.parent_token:
        condition |= Q(body_text__contains=testimony.parent_token)
    OutgoingMessage.objects.filter(condition, template__startswith=TEMPLATES).delete()
