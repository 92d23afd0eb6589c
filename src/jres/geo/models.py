from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """An administrative region; `code` is INSEE's ("75" Nouvelle-Aquitaine, "04" La Réunion)."""

    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self):
        return self.name


class Department(models.Model):
    """A department; `code` is INSEE's ("33", "2A", "974")."""

    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name=_("région")
    )
    # The population-weighted centre of its communes: where an address known only by its
    # department is put on the map.
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Commune(models.Model):
    """A current commune (INSEE's "commune actuelle").

    Its point is a GeoNames place of that name; where GeoNames has none, it is the
    department's centre and `approximate` is set (see geo/data/SOURCES.md).
    """

    insee_code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="communes",
        verbose_name=_("département"),
    )
    population = models.PositiveIntegerField(_("population"), default=0)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    approximate = models.BooleanField(
        _("position approximative"),
        default=False,
        help_text=_("Centre du département : la commune n'a pas de position connue."),
    )
    # The name as normalise() gives it, so that a prefix search ignores accents, case,
    # hyphens and "St" abbreviations with an indexed LIKE 'prefix%'.
    search_name = models.CharField(_("nom normalisé"), max_length=100, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return f"{self.name} ({self.department_id})"


class PostalCode(models.Model):
    """One postal code of one commune.

    A table rather than a space-separated column: a commune has several codes (Paris 21,
    Bordeaux 6) and a code several communes (up to some 50 villages), and a lookup by exact
    code must use an index on every database, which "codes LIKE '%33000%'" cannot.
    """

    code = models.CharField(_("code postal"), max_length=5, db_index=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="postal_codes", verbose_name=_("commune")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("code postal")
        verbose_name_plural = _("codes postaux")
        constraints = [
            models.UniqueConstraint(fields=["code", "commune"], name="geo_postal_code_once"),
        ]

    def __str__(self):
        return f"{self.code} {self.commune.name}"
