import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from jres.events.models import EditableList

MAX_LINKS = 5


class Theme(EditableList):
    """What an initiative works on (tutoring, guidance, ...)."""

    class Meta(EditableList.Meta):
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")


class SchoolLevel(models.TextChoices):
    PRIMARY = "primary", _("École primaire")
    LOWER_SECONDARY = "lower_secondary", _("Collège")
    UPPER_SECONDARY = "upper_secondary", _("Lycée")
    VOCATIONAL = "vocational", _("Lycée professionnel")
    OUTSIDE_SCHOOL = "outside_school", _("Hors de l'école")


class InitiativeStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("En attente de relecture")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    PUBLISHED = "published", _("Publiée")
    REFUSED = "refused", _("Refusée")


def validate_links(value) -> None:
    if not isinstance(value, list) or len(value) > MAX_LINKS:
        raise ValidationError(_("Indiquez au plus %(count)s liens.") % {"count": MAX_LINKS})
    check = URLValidator(schemes=["http", "https"])
    for link in value:
        check(link)


class InitiativeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=InitiativeStatus.PUBLISHED)

    def featured(self):
        return self.published().filter(featured=True)


class Initiative(models.Model):
    """A local initiative against school failure that others could reproduce."""

    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="initiatives"
    )
    slug = models.SlugField(_("adresse"), unique=True, max_length=120, editable=False)
    title = models.CharField(_("titre"), max_length=160)
    summary = models.CharField(
        _("résumé"), max_length=300, help_text=_("Deux phrases, affichées dans la liste.")
    )
    description = models.TextField(
        _("description"), help_text=_("Markdown : **gras**, *italique*, listes, liens.")
    )
    themes = models.ManyToManyField(Theme, related_name="initiatives", verbose_name=_("thèmes"))
    # Several levels: stored ",primary,vocational," so that one LIKE finds a level anywhere.
    levels = models.CharField(_("niveaux"), max_length=100, blank=True)
    commune = models.ForeignKey(
        "geo.Commune",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("territoire"),
    )
    organisation = models.CharField(_("structure porteuse"), max_length=200)
    results = models.TextField(
        _("résultats et preuves"),
        blank=True,
        help_text=_("Ce qui a changé, chiffres, évaluations. Markdown."),
    )
    contact_email = models.EmailField(
        _("adresse de contact"),
        help_text=_("Jamais affichée : les visiteurs écrivent par un formulaire."),
    )
    links = models.JSONField(_("liens"), default=list, blank=True, validators=[validate_links])
    editions = models.ManyToManyField(
        "editions.Edition",
        related_name="initiatives",
        blank=True,
        verbose_name=_("éditions de la journée"),
    )
    featured = models.BooleanField(_("à la une"), default=False)

    status = models.CharField(
        _("statut"), max_length=20, choices=InitiativeStatus, default=InitiativeStatus.DRAFT
    )
    moderation_message = models.TextField(_("message de la modération"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [models.Index(fields=["status", "featured", "published_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            # A random suffix keeps addresses unique and stable when the title changes.
            base = slugify(self.title)[:100].strip("-") or "initiative"
            self.slug = f"{base}-{secrets.token_hex(3)}"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("initiatives:detail", kwargs={"slug": self.slug})

    @property
    def level_list(self) -> list[str]:
        return [level for level in self.levels.split(",") if level in SchoolLevel.values]

    @level_list.setter
    def level_list(self, levels) -> None:
        kept = [level for level in SchoolLevel.values if level in set(levels)]
        self.levels = f",{','.join(kept)}," if kept else ""

    def get_levels_display(self) -> list[str]:
        return [SchoolLevel(level).label for level in self.level_list]

    @property
    def is_published(self) -> bool:
        return self.status == InitiativeStatus.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status != InitiativeStatus.REFUSED


def _document_path(document, filename: str) -> str:
    return f"initiatives/{document.initiative_id}/{secrets.token_hex(4)}.pdf"


class InitiativeDocument(models.Model):
    """A PDF that tells more (a report, a guide), checked by its content on upload."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre du document"), max_length=160)
    file = models.FileField(_("fichier PDF"), upload_to=_document_path)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title


class InitiativeLogAction(models.TextChoices):
    CREATED = "created", _("Création")
    EDITED = "edited", _("Modification")
    SUBMITTED = "submitted", _("Soumission pour relecture")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    PUBLISHED = "published", _("Publication")
    REFUSED = "refused", _("Refus")
    BACK_TO_REVIEW = "back_to_review", _("Retour en relecture après modification")
    FEATURED = "featured", _("Mise à la une")
    UNFEATURED = "unfeatured", _("Retrait de la une")


class InitiativeLog(models.Model):
    """One line of an initiative's history: every status change and moderator action."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="log")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=InitiativeLogAction)
    status = models.CharField(max_length=20, choices=InitiativeStatus)
    message = models.TextField(blank=True)
    changes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("historique")
        verbose_name_plural = _("historique")

    def __str__(self):
        return f"{self.initiative_id} {self.action}"
