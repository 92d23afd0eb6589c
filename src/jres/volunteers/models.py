from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Availability(models.TextChoices):
    WEEKLY = "weekly", _("Une à deux heures par semaine")
    MONTHLY = "monthly", _("Quelques heures par mois")
    EVENT_DAY = "event_day", _("Le jour de la journée seulement")


class HeardFrom(models.TextChoices):
    SCHOOL = "school", _("Par mon école ou mon université")
    FRIEND = "friend", _("Par une connaissance")
    SOCIAL = "social", _("Par les réseaux sociaux")
    EVENT = "event", _("Lors d'un événement")
    PRESS = "press", _("Par la presse")
    OTHER = "other", _("Autrement")


class Volunteer(models.Model):
    """Someone who offers to mentor a pupil, kept for the coordinator a set time only
    (`VOLUNTEER_RETENTION_DAYS`, see retention.py)."""

    name = models.CharField(_("nom"), max_length=120)
    email = models.EmailField(_("adresse e-mail"), max_length=254)
    commune = models.ForeignKey(
        "geo.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    is_student = models.BooleanField(_("étudiant ou étudiante"), default=False)
    availability = models.CharField(_("disponibilité"), max_length=20, choices=Availability)
    heard_from = models.CharField(
        _("comment nous avez-vous connus ?"), max_length=20, choices=HeardFrom
    )
    language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("inscrit le"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bénévole")
        verbose_name_plural = _("bénévoles")

    def __str__(self):
        return self.name
