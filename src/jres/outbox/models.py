import base64
import datetime

from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Back-off between attempts: 1, 2, 4, ... minutes, at most 6 hours; about two days in all.
FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_RETRY = datetime.timedelta(hours=6)
MAX_ATTEMPTS = 16


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("En attente d'envoi")
    SENDING = "sending", _("En cours d'envoi")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec définitif")


class OutgoingMessage(models.Model):
    """An e-mail stored before it is sent, so that a mail server down loses nothing.

    It is written in the same transaction as the change it tells about, delivered by the
    `deliver_message` task once that transaction has committed, and retried with back-off
    until the mail server accepts it.
    """

    status = models.CharField(
        _("statut"), max_length=10, choices=MessageStatus, default=MessageStatus.PENDING
    )
    template = models.CharField(_("modèle"), max_length=120, blank=True)
    message_id = models.CharField(_("identifiant du message"), max_length=250, unique=True)
    from_email = models.CharField(_("expéditeur"), max_length=250)
    to = models.JSONField(_("destinataires"), default=list)
    reply_to = models.JSONField(_("réponse à"), default=list, blank=True)
    subject = models.CharField(_("objet"), max_length=250, blank=True)
    body_text = models.TextField(_("texte"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("en-têtes"), default=dict, blank=True)
    # [{"filename", "mimetype", "content" (base64)}]
    attachments = models.JSONField(_("pièces jointes"), default=list, blank=True)
    # A message queued unrendered (outbox.rendering): the worker renders it with the named
    # renderer and these arguments, then fills the fields above before the first attempt.
    renderer = models.CharField(_("rendu par"), max_length=80, blank=True)
    render_arguments = models.JSONField(_("arguments du rendu"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("courriel sortant")
        verbose_name_plural = _("courriels sortants")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    @classmethod
    def from_email_message(cls, message: EmailMultiAlternatives, *, template: str = ""):
        """An unsaved row holding everything needed to rebuild `message` later."""
        outgoing = cls(
            template=template[:120],
            message_id=message.extra_headers["Message-ID"],
            to=list(message.to),
        )
        outgoing.fill(message)
        return outgoing

    @property
    def is_rendered(self) -> bool:
        return not self.renderer or bool(self.body_text)

    def fill(self, message: EmailMultiAlternatives) -> None:
        """Copy the content of `message` (not its recipients nor its Message-ID)."""
        self.from_email = message.from_email
        self.reply_to = list(message.reply_to)
        self.subject = message.subject[:250]
        self.body_text = message.body
        self.body_html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        self.headers = {k: v for k, v in message.extra_headers.items() if k != "Message-ID"}
        self.attachments = []
        for filename, content, mimetype in message.attachments:
            if isinstance(content, str):
                content = content.encode()
            self.attachments.append(
                {
                    "filename": filename,
                    "mimetype": mimetype,
                    "content": base64.b64encode(content).decode("ascii"),
                }
            )

    def to_email_message(self) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.body_text,
            from_email=self.from_email,
            to=self.to,
            reply_to=self.reply_to or None,
            # The same Message-ID on every attempt: a receiving server can recognise a copy.
            headers={**self.headers, "Message-ID": self.message_id},
        )
        if self.body_html:
            message.attach_alternative(self.body_html, "text/html")
        for attachment in self.attachments:
            message.attach(
                attachment["filename"],
                base64.b64decode(attachment["content"]),
                attachment["mimetype"],
            )
        return message

    def retry_delay(self) -> datetime.timedelta:
        """How long to wait after the attempt just made: doubling, capped."""
        return min(FIRST_RETRY * 2 ** max(self.attempts - 1, 0), LONGEST_RETRY)
