from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """What was exported: the staff datasets, and the exports of other pages."""

    EVENTS = "evenements", _("Événements")
    REGISTRATIONS = "inscriptions", _("Inscriptions")
    PARTNERS = "collectivites", _("Collectivités partenaires")
    INITIATIVES = "initiatives", _("Initiatives")
    VOLUNTEERS = "benevoles", _("Bénévoles")
    REPORTS = "bilans", _("Bilans des événements")
    EVENT_REGISTRATIONS = "inscrits-evenement", _("Inscrits d'un événement (son organisateur)")
    TERRITORY_EVENTS = "evenements-territoire", _("Événements d'un territoire (collectivité)")


class Format(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportLog(models.Model):
    """One export: who took which data, when, with which filters, and how many rows.

    Written before the file is sent. The e-mail is copied so that the line still says who
    it was once the account is deleted.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("compte"),
    )
    user_email = models.EmailField(_("adresse e-mail"), max_length=254)
    created_at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    dataset = models.CharField(_("données"), max_length=40, choices=Source)
    format = models.CharField(_("format"), max_length=4, choices=Format)
    filters = models.JSONField(_("filtres"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("lignes"))
    personal = models.BooleanField(_("données personnelles"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("journal des exports")
        indexes = [
            models.Index(fields=["dataset", "created_at"]),
            models.Index(fields=["user_email", "created_at"]),
        ]

    def __str__(self):
        return f"{self.user_email} {self.dataset}.{self.format} ({self.rows})"
