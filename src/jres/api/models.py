from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jres.core.caching import bump

DEFAULT_NAME = "Licence Ouverte / Open Licence 2.0 (Etalab)"
DEFAULT_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
_CACHE_KEY = "api:licence"
# The counter of the licence: every answer of the API names it (see api.http).
GENERATION = "licence"


class DataLicence(models.Model):
    """The licence of the published data: one row, set by the coordinator in the admin.

    Every answer of the API names it (a `Link: rel="license"` header), and the re-users'
    page shows it. Without a row, the Etalab Open Licence 2.0 applies.
    """

    name = models.CharField(_("nom de la licence"), max_length=120, default=DEFAULT_NAME)
    url = models.URLField(_("adresse du texte de la licence"), default=DEFAULT_URL)
    attribution = models.CharField(
        _("mention de la source demandée"),
        max_length=200,
        default="Journée du Refus de l'Échec Scolaire",
        help_text=_("Ce que les réutilisateurs écrivent pour citer la source."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("licence des données")
        verbose_name_plural = _("licence des données")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="api_single_licence")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        bump(GENERATION)
        cache.delete(_CACHE_KEY)

    @classmethod
    def current(cls) -> "DataLicence":
        """The coordinator's licence, else the default one (unsaved); cached."""
        licence = cache.get(_CACHE_KEY)
        if licence is None:
            licence = cls.objects.filter(pk=1).first() or cls()
            cache.set(_CACHE_KEY, licence, 300)
        return licence
