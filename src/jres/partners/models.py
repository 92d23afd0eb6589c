import secrets

from django.conf import settings
from django.db import models
from django.db.models import Avg, Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    INTERCOMMUNALITY = "intercommunality", _("Intercommunalité")
    DEPARTMENT = "department", _("Département")
    REGION = "region", _("Région")
    OVERSEAS = "overseas", _("Collectivité d'outre-mer")


# The territory each kind names: a commune (an intercommunality by its seat, plus its
# member communes), a department or a region; overseas, either of the last two.
TERRITORY_LEVELS = {
    PartnerKind.COMMUNE: {"commune"},
    PartnerKind.INTERCOMMUNALITY: {"commune"},
    PartnerKind.DEPARTMENT: {"department"},
    PartnerKind.REGION: {"region"},
    PartnerKind.OVERSEAS: {"department", "region"},
}


# Addresses under /collectivites/ that are not partners' pages.
RESERVED_SLUGS = {"rejoindre", "carte-geojson"}


class Territory(models.Model):
    """A commune, a department or a region, as a partner or a join request names it.

    `department` and `region` are filled from the commune (and `region` from the
    department) so that the filters read one column; the territory is the most precise
    level set (see `level`).
    """

    commune = models.ForeignKey(
        "geo.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("commune"),
    )  # fmt: skip
    department = models.ForeignKey(
        "geo.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("département"),
    )  # fmt: skip
    region = models.ForeignKey(
        "geo.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("région"),
    )  # fmt: skip

    class Meta:
        abstract = True

    @property
    def level(self) -> str:
        if self.commune_id:
            return "commune"
        return "department" if self.department_id else "region"

    @property
    def territory(self):
        return self.commune or self.department or self.region

    def fill_territory(self) -> None:
        """Copy the wider levels from the narrower one."""
        if self.commune_id:
            self.department = self.commune.department
        if self.department_id:
            self.region = self.department.region


class PartnerQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Partner(Territory):
    """A local authority of the partner network, with its page in the directory."""

    kind = models.CharField(_("type de collectivité"), max_length=20, choices=PartnerKind)
    name = models.CharField(_("nom"), max_length=160)
    slug = models.SlugField(_("adresse"), unique=True, max_length=120)
    # Re-encoded on upload (jres.events.images): a JPEG, whatever was sent.
    logo = models.ImageField(_("logo"), upload_to="partners/", blank=True)
    commitment = models.TextField(
        _("notre engagement"),
        blank=True,
        help_text=_("Markdown : **gras**, *italique*, listes, liens. 5 000 caractères au plus."),
        max_length=5000,
    )
    contact_name = models.CharField(_("personne à contacter"), max_length=120)
    contact_role = models.CharField(_("fonction"), max_length=160, blank=True)
    # Never shown: the national team writes to it; the public page shows name and role.
    contact_email = models.EmailField(
        _("e-mail de contact (non publié)"),
        help_text=_("Visible seulement par l'équipe nationale : il n'est jamais affiché."),
    )
    # An intercommunality's communes besides its seat (the territory's `commune`).
    member_communes = models.ManyToManyField(
        "geo.Commune", blank=True, related_name="partner_groupings",
        verbose_name=_("communes membres"),
    )  # fmt: skip
    accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="partner_authorities",
        verbose_name=_("comptes de la collectivité"),
    )  # fmt: skip
    is_public = models.BooleanField(_("dans l'annuaire"), default=True)
    # The territory's centre, kept by save(): what the map shows.
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    joined_at = models.DateField(_("partenaire depuis"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("collectivité partenaire")
        verbose_name_plural = _("collectivités partenaires")
        indexes = [models.Index(fields=["is_public", "region", "kind", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(commune__isnull=False)
                | Q(department__isnull=False)
                | Q(region__isnull=False),
                name="partners_partner_has_territory",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.name)[:100].strip("-") or "collectivite"
            taken = (
                base in RESERVED_SLUGS
                or Partner.objects.filter(slug=base).exclude(pk=self.pk).exists()
            )
            self.slug = f"{base}-{secrets.token_hex(2)}" if taken else base
        self.fill_territory()
        self.latitude, self.longitude = self.centre()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})

    def centre(self) -> tuple[float | None, float | None]:
        """The commune's point, the department's centre, or the mean of a region's."""
        if self.commune_id:
            return self.commune.latitude, self.commune.longitude
        if self.department_id:
            return self.department.latitude, self.department.longitude
        if self.region_id:
            mean = self.region.departments.aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
            return mean["lat"], mean["lon"]
        return None, None

    def territory_q(self) -> Q:
        """Events (or anything with commune/department/region) within the territory."""
        if self.commune_id:
            # Read once per instance: a page asks for the territory several times.
            if "_communes" not in self.__dict__:
                members = self.member_communes.values_list("pk", flat=True)
                self.__dict__["_communes"] = [self.commune_id, *members]
            return Q(commune__in=self.__dict__["_communes"])
        if self.department_id:
            return Q(department=self.department_id)
        return Q(region=self.region_id)

    def events_list_query(self) -> str:
        """The events list's filter for the territory (an intercommunality: its department)."""
        if self.kind == PartnerKind.COMMUNE and self.commune_id:
            return f"commune={self.commune_id}"
        if self.department_id:
            return f"departement={self.department_id}"
        return f"region={self.region_id}"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Déclinée")


class JoinRequest(Territory):
    """An authority's request to join the network, until the coordinator decides."""

    authority_name = models.CharField(_("nom de la collectivité"), max_length=160)
    kind = models.CharField(_("type de collectivité"), max_length=20, choices=PartnerKind)
    contact_name = models.CharField(_("personne à contacter"), max_length=120)
    contact_role = models.CharField(_("fonction"), max_length=160)
    contact_email = models.EmailField(_("adresse e-mail"))
    message = models.TextField(_("message"), max_length=3000, blank=True)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="fr")
    status = models.CharField(
        _("statut"), max_length=10, choices=JoinRequestStatus, default=JoinRequestStatus.PENDING
    )
    decline_reason = models.TextField(_("motif"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("décidée par"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    partner = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="join_requests"
    )
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demande d'adhésion")
        verbose_name_plural = _("demandes d'adhésion")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.authority_name

    def save(self, *args, **kwargs):
        self.fill_territory()
        super().save(*args, **kwargs)
