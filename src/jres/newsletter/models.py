"""The newsletter's subscribers, the coordinator's messages and each message's recipients."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jres.core.markdown import render_markdown
from jres.events.models import EventStatus

# A confirmation link older than this is refused: the address may have changed hands, and
# consent given a month ago to a form nobody confirmed is no consent. The pending row is
# then deleted by `purge_newsletter_pending`.
CONFIRMATION_DAYS = 7


def new_token() -> str:
    """256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("En attente de confirmation")
    CONFIRMED = "confirmed", _("Abonné·e")
    UNSUBSCRIBED = "unsubscribed", _("Désabonné·e")


class Subscriber(models.Model):
    """An address that asked for the newsletter, confirmed (double opt-in) or not.

    Two separate tokens: the confirmation link proves the address is read by whoever signed
    up; the unsubscribe link, in every newsletter, must keep working after confirmation
    without letting anyone who saw the first e-mail undo the second action.
    """

    email = models.EmailField(_("adresse e-mail"))
    name = models.CharField(_("nom"), max_length=120, blank=True)
    language = models.CharField(
        _("langue"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=SubscriberStatus, default=SubscriberStatus.PENDING
    )
    confirmation_token = models.CharField(max_length=64, unique=True, default=new_token)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token)
    # What the person agreed to, when and where: the proof of consent the GDPR asks for.
    consent_at = models.DateTimeField(_("consentement le"), default=timezone.now)
    consent_source = models.CharField(_("origine du consentement"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("désabonné le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("abonné·e")
        verbose_name_plural = _("abonné·e·s")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_ci_unique")
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.email

    @property
    def confirmation_lapsed(self) -> bool:
        return self.status == SubscriberStatus.PENDING and self.consent_at < timezone.now() - (
            datetime.timedelta(days=CONFIRMATION_DAYS)
        )


class OptOut(models.Model):
    """An address that asked for no more coordination messages (every segment but the
    newsletter, whose own subscription says who receives it)."""

    email = models.EmailField(_("adresse e-mail"), unique=True)  # stored lower-case
    created_at = models.DateTimeField(_("le"), default=timezone.now)
    mailing = models.ForeignKey(
        "Mailing", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("refus des messages")
        verbose_name_plural = _("refus des messages")

    def __str__(self):
        return self.email


class Segment(models.TextChoices):
    NEWSLETTER = "newsletter", _("Abonné·e·s à la lettre d'information")
    ORGANISERS = "organisers", _("Organisateurs de l'édition en cours")
    PARTNERS = "partners", _("Collectivités partenaires")
    RETURNING = "returning", _("Organisateurs de l'an dernier pas encore revenus")


class MailingStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SENDING = "sending", _("Envoi en cours")
    WAITING = "waiting", _("En attente du serveur de courriel")
    SENT = "sent", _("Envoyé")


class Mailing(models.Model):
    """A message the coordination writes once and sends to every address of a segment."""

    subject = models.CharField(_("objet"), max_length=150)
    body = models.TextField(
        _("message"),
        max_length=20000,
        help_text=_("Markdown : **gras**, *italique*, listes, [liens](https://…), titres ##."),
    )
    segment = models.CharField(_("destinataires"), max_length=12, choices=Segment)
    # The organisers segment's optional filters.
    region = models.ForeignKey(
        "geo.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("région"),
    )
    event_status = models.CharField(_("statut des événements"), max_length=20, blank=True)
    # The edition the segment was computed against, kept when the sending starts.
    edition = models.ForeignKey(
        "editions.Edition", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=MailingStatus, default=MailingStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    test_sent_at = models.DateTimeField(_("test envoyé le"), null=True, blank=True)
    started_at = models.DateTimeField(_("envoi commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("envoi terminé le"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("destinataires"), default=0)
    # Times the mail server failed a batch; the back-off grows with the failures in a row.
    retries = models.PositiveIntegerField(_("reprises"), default=0)
    failures_in_a_row = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return self.subject

    @property
    def is_draft(self) -> bool:
        return self.status == MailingStatus.DRAFT

    @property
    def event_status_label(self) -> str:
        return EventStatus(self.event_status).label if self.event_status else ""

    @property
    def body_html(self) -> str:
        return render_markdown(self.body)


class RecipientStatus(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    SENDING = "sending", _("En cours")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec")
    SKIPPED = "skipped", _("Écarté (désabonné entre-temps)")


class MailingRecipient(models.Model):
    """One address of a mailing's segment, as it was when the sending started.

    The row is the ledger that makes the sending resumable: it is claimed by one worker
    (`claim`, `claimed_until`), marked sent right after the mail server accepted its message,
    and never sent again once marked.
    """

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="recipients")
    email = models.EmailField(_("adresse e-mail"))
    name = models.CharField(_("nom"), max_length=120, blank=True)
    language = models.CharField(_("langue"), max_length=5, default=settings.LANGUAGE_CODE)
    status = models.CharField(
        _("statut"), max_length=10, choices=RecipientStatus, default=RecipientStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    last_error = models.CharField(_("dernière erreur"), max_length=500, blank=True)
    # The same Message-ID on every attempt: a receiving server can recognise the copy of a
    # message that was in flight when a worker died.
    message_id = models.CharField(max_length=250, unique=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("destinataire")
        verbose_name_plural = _("destinataires")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "email"], name="newsletter_recipient_once_per_mailing"
            )
        ]
        indexes = [
            models.Index(fields=["mailing", "status", "next_attempt_at"]),
            models.Index(fields=["mailing", "claim"], condition=~Q(claim=""), name="nl_claim"),
        ]

    def __str__(self):
        return self.email
