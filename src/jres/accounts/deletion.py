"""An account deletes itself: what is erased, what is anonymised, what stays (the right to
erasure).

The rule, model by model, is `RULES` below; `delete_account` applies it in one transaction.
What the person did through the platform under their e-mail addresses (the account's, and
any other address it verified) goes with the account, signed in or not. What stays is what
others rely on, without the person: events that were published (the organisation's, with
their registrations, reports and figures), published initiatives and testimonies, and the
history of every moderation step (whose actor becomes the anonymous account).

The account's row itself stays, emptied (no address, no name, no password, no role, marked
`deleted_at`): events and initiatives require an organiser, and the logs keep saying that
one account did these steps. Nobody can sign in to it, and no message can reach it.

A test (tests/accounts/test_deletion_scan.py) fills every kind of object with one person's
data, deletes the account, and scans every text column of the database for their name and
addresses; another requires every model to be listed in `RULES`.
"""

import datetime
from email.utils import parseaddr

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from jres.core.caching import bump
from jres.editions.models import EditionLog
from jres.events.models import Event, EventLog, EventStatus
from jres.exports.models import ExportLog
from jres.initiatives.models import Initiative, InitiativeLog, InitiativeStatus
from jres.newsletter.models import Mailing, MailingRecipient, OptOut, Subscriber
from jres.outbox.models import MessageStatus, OutgoingMessage
from jres.pages.contact import team_address
from jres.partners.models import JoinRequest, JoinRequestStatus, Partner
from jres.registrations import retention as registration_retention
from jres.registrations.models import Registration, RegistrationStatus
from jres.registrations.services import cancel_registration
from jres.reports.models import EventReport, ReportPhoto
from jres.testimonies import retention as testimony_retention
from jres.testimonies.models import Testimony, TestimonyStatus
from jres.testimonies.services import erase_testimony
from jres.volunteers.models import Volunteer

from .models import COORDINATORS
from .scrubbing import Scrubber

DELETED_NAME = "Compte supprimé"
# The reserved `.invalid` domain (RFC 2606) can receive nothing.
DELETED_DOMAIN = "compte-supprime.invalid"

# Every model of the database and what deleting an account does to it. A model missing
# here fails the tests: whoever adds one decides what becomes of a person's data in it.
RULES = {
    "accounts.User": "the row stays, emptied: address and name replaced, no password, no "
    "role, inactive, deleted_at set",
    "account.EmailAddress": "deleted (every address of the account)",
    "account.EmailConfirmation": "deleted with the addresses",
    "mfa.Authenticator": "deleted (second factors, recovery codes)",
    "usersessions.UserSession": "deleted",
    "sessions.Session": "every session of the account deleted: signed out everywhere",
    "admin.LogEntry": "the name and addresses removed from the lines' texts",
    "auth.Group": "no personal data; the account leaves its groups",
    "auth.Permission": "no personal data; the account's own permissions removed",
    "contenttypes.ContentType": "no personal data",
    "events.Event": "never published: deleted with its history and image; published once: "
    "stays as its organisation's (the account's organisation copied when the event names "
    "none), name and addresses removed from its texts",
    "events.EventLog": "with its event; lines kept lose the name and addresses",
    "events.EventKind": "no personal data",
    "events.Audience": "no personal data",
    "registrations.Registration": "the account's addresses' registrations: cancelled when "
    "to come, then erased as the retention does (the figures stay); as a parent, the "
    "address erased, a consent still awaited deleted",
    "registrations.RegistrationSettings": "no personal data",
    "reports.EventReport": "stays with its published event; texts lose the name and addresses",
    "reports.ReportPhoto": "stays with its report (published with consent); its description "
    "loses the name and addresses",
    "reports.ReportInvitation": "no personal data",
    "initiatives.Initiative": "never published: deleted with its documents; published: stays, "
    "its contact address (if the account's) becomes the national team's, texts lose the "
    "name and addresses",
    "initiatives.InitiativeDocument": "with its initiative",
    "initiatives.InitiativeLog": "with its initiative; lines kept lose the name and addresses",
    "initiatives.Theme": "no personal data",
    "testimonies.Testimony": "by the account's addresses: published ones stay, their "
    "addresses erased as the retention does; others deleted with their e-mails",
    "volunteers.Volunteer": "by the account's addresses: deleted",
    "newsletter.Subscriber": "by the account's addresses: deleted",
    "newsletter.OptOut": "by the account's addresses: deleted (no account, no message)",
    "newsletter.MailingRecipient": "by the account's addresses: deleted (the mailing keeps "
    "its count)",
    "newsletter.Mailing": "stays; those the account wrote lose its name and addresses",
    "partners.Partner": "the account leaves its partners; a partner whose contact is the "
    "person loses the contact's name, role and address",
    "partners.JoinRequest": "by the account's addresses: pending ones deleted, decided ones "
    "keep the authority without the contact",
    "exports.ExportLog": "stays (who exported personal data): the address becomes the "
    "deleted account's, filters lose the name and addresses",
    "outbox.OutgoingMessage": "to or from the account's addresses, or naming the person: "
    "deleted; one not sent yet to someone else is sent without the name and addresses",
    "django_tasks_database.DBTaskResult": "the deliveries of the deleted e-mails, and any result "
    "naming the person, deleted",
    "editions.Edition": "no personal data",
    "editions.EditionLog": "the actor becomes the deleted account; lines lose the name and "
    "addresses",
    "editions.KeyFigure": "no personal data",
    "editions.CharterItem": "no personal data",
    "pages.Page": "no personal data (written by the coordination)",
    "pages.TeamContact": "not linked to accounts: the team's own contacts, edited in the admin",
    "toolkit.Category": "no personal data",
    "toolkit.Resource": "no personal data",
    "toolkit.KitArchive": "no personal data",
    "posters.EventKit": "rebuilt for the events that stay (their posters named the organiser)",
    "geo.Region": "no personal data",
    "geo.Department": "no personal data",
    "geo.Commune": "no personal data",
    "geo.PostalCode": "no personal data",
    "core.Generation": "no personal data",
    "api.DataLicence": "no personal data",
}


class DeletionRefused(Exception):
    """The account cannot be deleted yet; `reasons` says why, for its holder."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def blockers(user, *, now: datetime.datetime | None = None) -> list[str]:
    """What must be done before the account can go, in words for its holder; [] if none."""
    now = now or timezone.now()
    reasons = []
    if user.is_coordinator:
        others = (
            get_user_model()
            .objects.filter(is_active=True, deleted_at__isnull=True)
            .filter(Q(is_superuser=True) | Q(groups__name=COORDINATORS))
            .exclude(pk=user.pk)
        )
        if not others.exists():
            reasons.append(
                _(
                    "Vous êtes le dernier compte de la coordination nationale : donnez ce rôle "
                    "à un autre compte avant de supprimer le vôtre, sinon plus personne ne "
                    "pourra gérer la plateforme."
                )
            )
    upcoming = list(
        _upcoming_events(user, now=now).order_by("starts_at").values_list("title", flat=True)
    )
    if upcoming:
        reasons.append(
            _(
                "Vos événements à venir sont publiés et des personnes peuvent s'y être "
                "inscrites : annulez-les d'abord (les inscrits sont prévenus) : %(titles)s."
            )
            % {"titles": ", ".join(f"« {title} »" for title in upcoming)}
        )
    return reasons


def _upcoming_events(user, *, now: datetime.datetime):
    """Events of the account that were published and have not ended nor been cancelled."""
    return Event.objects.filter(organiser=user, labelled_at__isnull=False, ends_at__gt=now).exclude(
        status=EventStatus.CANCELLED
    )


def account_addresses(user) -> set[str]:
    """Every address of the account, in lower case: its login and the others it verified."""
    others = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    return {user.email.lower(), *(email.lower() for email in others)}


@transaction.atomic
def delete_account(*, user, now: datetime.datetime | None = None) -> dict[str, int]:
    """Erase or anonymise everything personal of the account, following `RULES`.

    Raises DeletionRefused when `blockers` names something to do first. Returns what was
    done, by kind, for the logs and the tests. Sessions of the account end everywhere.
    """
    now = now or timezone.now()
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.is_deleted:
        return {}
    reasons = blockers(user, now=now)
    if reasons:
        raise DeletionRefused(reasons)
    addresses = account_addresses(user)
    scrub = Scrubber(name=user.display_name, addresses=addresses)
    by_address = _any_of("email", addresses)
    done: dict[str, int] = {}

    _events(user, scrub=scrub, done=done)
    _initiatives(user, scrub=scrub, done=done)
    _registrations(addresses, now=now, done=done)
    _testimonies(addresses, scrub=scrub, done=done)
    done["volunteers"] = Volunteer.objects.filter(by_address).delete()[0]
    done["newsletter"] = Subscriber.objects.filter(by_address).delete()[0]
    done["newsletter"] += OptOut.objects.filter(by_address).delete()[0]
    done["newsletter"] += MailingRecipient.objects.filter(by_address).delete()[0]
    scrub.rows(Mailing.objects.filter(created_by=user))
    _partners(user, addresses, scrub=scrub, done=done)
    _logs(user, scrub=scrub, done=done)
    _anonymise_account(user, now=now)
    ExportLog.objects.filter(Q(user=user) | _any_of("user_email", addresses)).update(
        user_email=user.email
    )
    scrub.rows(scrub.matching(ExportLog.objects.all(), ["filters"]))
    done["e-mails"] = _outbox(addresses, scrub=scrub)
    done["sessions"] = _end_sessions(user)
    # Updates made without save() (bulk) change what cached public pages show.
    for name in ("events", "partners"):
        bump(name)
    return done


def _any_of(field: str, addresses: set[str]) -> Q:
    """`field` is one of `addresses`, whatever its case."""
    return Q(*[Q(**{f"{field}__iexact": address}) for address in addresses], _connector=Q.OR)


def _delete_files(instances, field_name: str) -> None:
    """Delete the stored files of `instances` once the transaction has committed."""
    for instance in instances:
        stored = getattr(instance, field_name)
        if stored:
            storage, name = stored.storage, stored.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def _events(user, *, scrub: Scrubber, done: dict) -> None:
    events = Event.objects.filter(organiser=user)
    never_published = list(events.filter(labelled_at__isnull=True))
    _delete_files(never_published, "image")
    Event.objects.filter(pk__in=[event.pk for event in never_published]).delete()
    done["events deleted"] = len(never_published)
    kept = list(events.filter(labelled_at__isnull=False))
    # The organisation the account named, unless it names the person.
    organisation = scrub.text(user.organisation)
    for event in kept:
        changed = scrub.row(event)
        if not event.organisation and organisation:
            event.organisation = organisation
            changed.append("organisation")
        if changed:
            event.save(update_fields=changed)
    done["events kept"] = len(kept)
    scrub.rows(EventLog.objects.filter(event__in=kept))
    scrub.rows(EventReport.objects.filter(event__in=kept))
    scrub.rows(ReportPhoto.objects.filter(report__event__in=kept))


def _initiatives(user, *, scrub: Scrubber, done: dict) -> None:
    initiatives = Initiative.objects.filter(proposer=user)
    unpublished = list(initiatives.exclude(status=InitiativeStatus.PUBLISHED))
    for initiative in unpublished:
        _delete_files(initiative.documents.all(), "file")
    Initiative.objects.filter(pk__in=[initiative.pk for initiative in unpublished]).delete()
    kept = list(initiatives.filter(status=InitiativeStatus.PUBLISHED))
    if kept:
        team = parseaddr(team_address())[1]
        for initiative in kept:
            if initiative.contact_email.lower() in scrub.needles:
                initiative.contact_email = team
            changed = scrub.row(initiative)
            initiative.save(update_fields=[*changed, "contact_email"])
            scrub.rows(initiative.documents.all())
        scrub.rows(InitiativeLog.objects.filter(initiative__in=kept))
    done["initiatives deleted"] = len(unpublished)
    done["initiatives kept"] = len(kept)


def _registrations(addresses, *, now, done: dict) -> None:
    own = Registration.objects.filter(_any_of("email", addresses), erased_at__isnull=True)
    # Places held at events to come are given back (the waiting list moves up).
    upcoming = own.active().filter(event__starts_at__gt=now)
    for registration in upcoming.select_related("event"):
        cancel_registration(registration=registration)
    registrations = list(own.select_for_update())
    registration_retention.erase_registrations(registrations, now=now)
    done["registrations"] = len(registrations)
    # As a parent: the address goes; a consent still awaited will not come.
    as_parent = Registration.objects.filter(_any_of("parent_email", addresses))
    done["registrations"] += as_parent.filter(status=RegistrationStatus.PENDING_PARENT).delete()[0]
    as_parent.update(parent_email="", parent_token=None)


def _testimonies(addresses, *, scrub: Scrubber, done: dict) -> None:
    testimonies = Testimony.objects.filter(
        _any_of("email", addresses) | _any_of("parent_email", addresses)
    )
    published = testimonies.filter(status=TestimonyStatus.PUBLISHED)
    scrub.rows(published)
    done["testimonies kept"] = testimony_retention.erase_contact(published.select_for_update())
    others = list(testimonies.exclude(status=TestimonyStatus.PUBLISHED))
    for testimony in others:
        erase_testimony(testimony=testimony)
    done["testimonies deleted"] = len(others)


def _partners(user, addresses, *, scrub: Scrubber, done: dict) -> None:
    partners = Partner.objects.filter(
        Q(accounts=user) | _any_of("contact_email", addresses)
    ).distinct()
    for partner in partners:
        partner.accounts.remove(user)
        if partner.contact_email.lower() in addresses:
            partner.contact_name = partner.contact_role = partner.contact_email = ""
        partner.save()
        scrub.rows(Partner.objects.filter(pk=partner.pk))
    requests = JoinRequest.objects.filter(_any_of("contact_email", addresses))
    done["join requests"] = requests.filter(status=JoinRequestStatus.PENDING).delete()[0]
    requests.update(contact_name="", contact_role="", contact_email="")
    scrub.rows(scrub.matching(JoinRequest.objects.all(), ["contact_name", "message"]))


def _logs(user, *, scrub: Scrubber, done: dict) -> None:
    """Histories keep their steps; the person's name and addresses leave their texts."""
    scrub.rows(EventLog.objects.filter(actor=user))
    scrub.rows(InitiativeLog.objects.filter(actor=user))
    scrub.rows(EditionLog.objects.filter(actor=user))
    scrub.rows(scrub.matching(EventLog.objects.all(), ["message", "changes"]))
    scrub.rows(scrub.matching(InitiativeLog.objects.all(), ["message", "changes"]))
    scrub.rows(scrub.matching(EditionLog.objects.all(), ["message"]))
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(get_user_model()), object_id=str(user.pk)
    )
    entries.update(object_repr=DELETED_NAME)
    scrub.rows(scrub.matching(LogEntry.objects.all(), ["object_repr", "change_message"]))


def _anonymise_account(user, *, now) -> None:
    EmailAddress.objects.filter(user=user).delete()  # their confirmations cascade
    for label in ("mfa.Authenticator", "usersessions.UserSession"):
        app_label, model_name = label.split(".")
        if apps.is_installed(f"allauth.{app_label}"):
            apps.get_model(app_label, model_name).objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"compte-supprime-{user.pk}@{DELETED_DOMAIN}"
    user.display_name = DELETED_NAME
    user.organisation = ""
    user.organiser_kind = get_user_model()._meta.get_field("organiser_kind").default
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.deleted_at = now
    user.set_unusable_password()
    # save(), not update(): the posters of the events it held rebuild without its name.
    user.save()


def _outbox(addresses: set[str], *, scrub: Scrubber) -> int:
    """Delete the e-mails to, from or about the person; scrub those still to be sent to
    others. Their delivery tasks' rows go too."""
    recipients = Cast("to", TextField())
    replies = Cast("reply_to", TextField())
    mentions = scrub.matching(
        OutgoingMessage.objects.all(),
        ["subject", "body_text", "body_html", "headers", "render_arguments", "last_error"],
    )
    candidates = OutgoingMessage.objects.annotate(_to=recipients, _reply=replies).filter(
        Q(pk__in=mentions.values("pk"))
        | Q(*[Q(_to__icontains=a) | Q(_reply__icontains=a) for a in addresses], _connector=Q.OR)
    )
    doomed = []
    for message in candidates:
        own = {a.lower() for a in [*message.to, *message.reply_to]} & addresses
        unsent = message.status in (MessageStatus.PENDING, MessageStatus.SENDING)
        if own or not unsent:
            doomed.append(message.pk)
        else:
            changed = scrub.row(message)
            if changed:
                message.save(update_fields=changed)
    OutgoingMessage.objects.filter(pk__in=doomed).delete()
    _delete_task_results(doomed, scrub=scrub)
    return len(doomed)


def _delete_task_results(message_pks: list[int], *, scrub: Scrubber) -> None:
    if not apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult

    stale = list(
        DBTaskResult.objects.filter(
            task_path__endswith=".deliver_message",
            args_kwargs__kwargs__message_pk__in=message_pks,
        ).values_list("pk", flat=True)
    )
    stale += scrub.matching(
        DBTaskResult.objects.all(), ["args_kwargs", "return_value", "traceback"]
    ).values_list("pk", flat=True)
    DBTaskResult.objects.filter(pk__in=stale).delete()


def _end_sessions(user) -> int:
    """Delete every session of the account, in the database and in the cache.

    A session names its user only inside its encoded data: each one is decoded (a rare
    action; about 20 µs a session).
    """
    from importlib import import_module

    from django.conf import settings

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    sessions = Session.objects.only("session_key", "session_data", "expire_date")
    for session in sessions.iterator(chunk_size=2000):
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended
