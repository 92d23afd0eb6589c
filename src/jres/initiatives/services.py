"""The life of an initiative: proposal, moderation, publication, featuring.

The same workflow as events (see jres.events.services): every change of status writes a
line of history; every moderator decision e-mails the proposer once the transaction has
committed. Nobody moderates an initiative they proposed.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jres.core.mail import send_templated_mail
from jres.events.services import WorkflowError

from .models import Initiative, InitiativeLog, InitiativeLogAction, InitiativeStatus

__all__ = ["WorkflowError"]


def _log(initiative: Initiative, *, actor, action: str, message: str = "", changes=()):
    return InitiativeLog.objects.create(
        initiative=initiative,
        actor=actor,
        action=action,
        status=initiative.status,
        message=message,
        changes=list(changes),
    )


def _require_status(initiative: Initiative, allowed: Iterable[str]) -> None:
    if initiative.status not in allowed:
        raise WorkflowError(
            _("Cette action n'est pas possible pour une initiative au statut « %(status)s ».")
            % {"status": initiative.get_status_display()}
        )


def _require_moderator(initiative: Initiative, moderator) -> None:
    if not moderator.is_moderator:
        raise WorkflowError(_("Seule l'équipe de modération peut relire une initiative."))
    if initiative.proposer_id == moderator.pk:
        raise WorkflowError(_("Vous ne pouvez pas modérer une initiative que vous proposez."))


def _notify_proposer(initiative: Initiative, template: str) -> None:
    proposer = initiative.proposer
    transaction.on_commit(
        lambda: send_templated_mail(
            template=f"initiatives/email/{template}",
            to=[proposer.email],
            language=proposer.language,
            context={"initiative": initiative, "proposer": proposer},
        )
    )


@transaction.atomic
def record_creation(*, initiative: Initiative, by) -> None:
    _log(initiative, actor=by, action=InitiativeLogAction.CREATED)


@transaction.atomic
def record_edit(*, initiative: Initiative, by, changed_fields: Iterable[str]) -> None:
    """Log the proposer's edit; a published initiative goes back to review, as what the
    public reads must have been read by a moderator first."""
    changed = sorted(set(changed_fields))
    if not changed:
        return
    if initiative.status == InitiativeStatus.PUBLISHED:
        initiative.status = InitiativeStatus.SUBMITTED
        initiative.submitted_at = timezone.now()
        initiative.save(update_fields=["status", "submitted_at", "updated_at"])
        _log(initiative, actor=by, action=InitiativeLogAction.BACK_TO_REVIEW, changes=changed)
    else:
        _log(initiative, actor=by, action=InitiativeLogAction.EDITED, changes=changed)


@transaction.atomic
def submit_initiative(*, initiative: Initiative, by) -> None:
    """The proposer sends a draft, or a corrected initiative, to the moderators."""
    _require_status(initiative, {InitiativeStatus.DRAFT, InitiativeStatus.CHANGES_REQUESTED})
    initiative.full_clean()
    initiative.status = InitiativeStatus.SUBMITTED
    initiative.submitted_at = timezone.now()
    initiative.save(update_fields=["status", "submitted_at", "updated_at"])
    _log(initiative, actor=by, action=InitiativeLogAction.SUBMITTED)


@transaction.atomic
def request_changes(*, initiative: Initiative, by, message: str) -> None:
    _require_moderator(initiative, by)
    _require_status(initiative, {InitiativeStatus.SUBMITTED})
    if not message.strip():
        raise WorkflowError(_("Dites à la personne qui la propose ce qu'il faut modifier."))
    initiative.status = InitiativeStatus.CHANGES_REQUESTED
    initiative.moderation_message = message.strip()
    initiative.save(update_fields=["status", "moderation_message", "updated_at"])
    _log(
        initiative, actor=by, action=InitiativeLogAction.CHANGES_REQUESTED, message=message.strip()
    )
    _notify_proposer(initiative, "changes_requested")


@transaction.atomic
def publish_initiative(*, initiative: Initiative, by, featured: bool = False) -> None:
    _require_moderator(initiative, by)
    _require_status(initiative, {InitiativeStatus.SUBMITTED})
    initiative.status = InitiativeStatus.PUBLISHED
    initiative.published_at = initiative.published_at or timezone.now()
    initiative.moderation_message = ""
    initiative.featured = featured
    initiative.save(
        update_fields=["status", "published_at", "moderation_message", "featured", "updated_at"]
    )
    _log(initiative, actor=by, action=InitiativeLogAction.PUBLISHED)
    _notify_proposer(initiative, "published")


@transaction.atomic
def refuse_initiative(*, initiative: Initiative, by, reason: str) -> None:
    _require_moderator(initiative, by)
    _require_status(initiative, {InitiativeStatus.SUBMITTED, InitiativeStatus.CHANGES_REQUESTED})
    if not reason.strip():
        raise WorkflowError(_("Donnez à la personne qui la propose la raison du refus."))
    initiative.status = InitiativeStatus.REFUSED
    initiative.moderation_message = reason.strip()
    initiative.featured = False
    initiative.save(update_fields=["status", "moderation_message", "featured", "updated_at"])
    _log(initiative, actor=by, action=InitiativeLogAction.REFUSED, message=reason.strip())
    _notify_proposer(initiative, "refused")


@transaction.atomic
def set_featured(*, initiative: Initiative, by, featured: bool) -> None:
    """Show a published initiative on the home page, or stop showing it."""
    _require_moderator(initiative, by)
    _require_status(initiative, {InitiativeStatus.PUBLISHED})
    if initiative.featured == featured:
        return
    initiative.featured = featured
    initiative.save(update_fields=["featured", "updated_at"])
    action = InitiativeLogAction.FEATURED if featured else InitiativeLogAction.UNFEATURED
    _log(initiative, actor=by, action=action)
