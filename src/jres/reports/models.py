from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jres.events.models import EventStatus

MAX_PHOTOS = 5
MAX_PARTICIPANTS = 100_000  # beyond it, a typing slip rather than a real count


class EventReportQuerySet(models.QuerySet):
    def on_event_page(self):
        """Reports the organiser chose to show, of events that still stand."""
        return self.filter(show_on_event_page=True, event__status=EventStatus.LABELLED)


class EventReport(models.Model):
    """What the organiser tells of the event after the day: one report per event.

    The row exists only once the organiser has saved the form, so "has a report" means
    "was reported on" (the invitation lives in ReportInvitation).
    """

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="report")
    participants = models.PositiveIntegerField(
        _("nombre de participants"),
        validators=[MaxValueValidator(MAX_PARTICIPANTS)],
        help_text=_("Combien de personnes sont venues, organisateurs compris."),
    )
    audiences = models.ManyToManyField(
        "events.Audience", related_name="reports", verbose_name=_("publics touchés"), blank=True
    )
    what_worked = models.CharField(
        _("ce qui a marché"),
        max_length=2000,
        blank=True,
        help_text=_("Ce qu'un autre organisateur pourrait reprendre : 2 000 caractères au plus."),
    )
    testimony = models.CharField(
        _("un court témoignage"),
        max_length=1000,
        blank=True,
        help_text=_("Quelques phrases d'un participant ou de vous : 1 000 caractères au plus."),
    )
    show_on_event_page = models.BooleanField(
        _("afficher le bilan sur la page de l'événement"), default=False
    )
    submitted_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = EventReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("bilan")
        verbose_name_plural = _("bilans")
        constraints = [
            models.CheckConstraint(
                condition=Q(participants__lte=MAX_PARTICIPANTS),
                name="reports_participants_plausible",
            )
        ]

    def __str__(self):
        return str(self.event)


class ReportPhoto(models.Model):
    """A photo of the event; never stored without the organiser's confirmation of consent."""

    report = models.ForeignKey(EventReport, on_delete=models.CASCADE, related_name="photos")
    # Re-encoded on upload (jres.events.images): no EXIF, so no GPS position of a school.
    image = models.ImageField(_("photo"), upload_to="reports/%Y/")
    alt_text = models.CharField(
        _("description de la photo"),
        max_length=250,
        help_text=_("Ce que montre la photo, lu à ceux qui ne la voient pas."),
    )
    image_rights_confirmed = models.BooleanField(
        _("les personnes reconnaissables ont accepté d'être photographiées et publiées"),
        default=False,
    )
    shows_pupils = models.BooleanField(_("des élèves sont reconnaissables"), default=False)
    parental_consent_confirmed = models.BooleanField(
        _("j'ai l'accord écrit des parents de chaque élève reconnaissable"), default=False
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo du bilan")
        verbose_name_plural = _("photos du bilan")
        constraints = [
            models.CheckConstraint(
                condition=Q(image_rights_confirmed=True), name="reports_photo_image_rights"
            ),
            models.CheckConstraint(
                condition=Q(shows_pupils=False) | Q(parental_consent_confirmed=True),
                name="reports_photo_parental_consent",
            ),
        ]

    def __str__(self):
        return self.alt_text

    def clean(self):
        errors = {}
        if not self.image_rights_confirmed:
            errors["image_rights_confirmed"] = _(
                "Confirmez que les droits à l'image ont été accordés : sans cela, la photo "
                "ne peut pas être publiée."
            )
        if self.shows_pupils and not self.parental_consent_confirmed:
            errors["parental_consent_confirmed"] = _(
                "Des élèves sont reconnaissables : confirmez que vous avez l'accord écrit de "
                "leurs parents, ou choisissez une autre photo."
            )
        if errors:
            raise ValidationError(errors)


class ReportInvitation(models.Model):
    """The e-mail inviting the organiser to report has been sent: once per event.

    A row of its own rather than a date on EventReport, which exists only once the
    organiser has written; its primary key is the event, so two runs of the command at
    once cannot both insert it (see services.send_report_invitations).
    """

    event = models.OneToOneField(
        "events.Event",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="report_invitation",
    )
    sent_at = models.DateTimeField(_("envoyée le"))

    class Meta:
        verbose_name = _("invitation à faire le bilan")
        verbose_name_plural = _("invitations à faire le bilan")

    def __str__(self):
        return str(self.event_id)
