import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_TEXT_LENGTH = 2000


def new_token() -> str:
    """256 random bits, URL-safe: the only key to a testimony without an account."""
    return secrets.token_urlsafe(32)


class Role(models.TextChoices):
    PUPIL = "pupil", _("Élève")
    PARENT = "parent", _("Parent")
    TEACHER = "teacher", _("Enseignant ou enseignante")
    PROFESSIONAL = "professional", _("Professionnel ou professionnelle")
    OTHER = "other", _("Autre")


class AgeBracket(models.TextChoices):
    UNDER_15 = "under_15", _("Moins de 15 ans")
    FROM_15_TO_17 = "15_17", _("15 à 17 ans")
    FROM_18_TO_25 = "18_25", _("18 à 25 ans")
    FROM_26 = "26_plus", _("26 ans et plus")


class TestimonyStatus(models.TextChoices):
    PENDING_PARENT = "pending_parent", _("En attente de l'accord d'un parent")
    SUBMITTED = "submitted", _("À modérer")
    PUBLISHED = "published", _("Publié")
    REFUSED = "refused", _("Refusé")


class TestimonyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=TestimonyStatus.PUBLISHED)

    def shown(self):
        """Published, with what their card shows: one query for any number of them."""
        return self.published().select_related("commune")

    def to_moderate(self):
        """What moderators see: never a minor's testimony before a parent has agreed."""
        return self.filter(status=TestimonyStatus.SUBMITTED)


class Testimony(models.Model):
    """A pupil's, parent's, teacher's or anyone's words (or video) about school failure.

    Nothing here identifies the author publicly: a first name or initials, a role, an age
    bracket and a commune. The e-mail addresses only carry the private links; they are
    never shown, and withdrawing the testimony deletes the row.
    """

    text = models.TextField(_("témoignage"), max_length=MAX_TEXT_LENGTH, blank=True)
    video_url = models.URLField(_("lien vers une vidéo"), max_length=500, blank=True)
    first_name = models.CharField(_("prénom ou initiales"), max_length=30)
    role = models.CharField(_("vous êtes"), max_length=20, choices=Role)
    age_bracket = models.CharField(_("âge"), max_length=10, choices=AgeBracket)
    commune = models.ForeignKey(
        "geo.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonies",
        verbose_name=_("événement"),
    )
    email = models.EmailField(_("votre adresse e-mail"), max_length=254)
    parent_email = models.EmailField(_("e-mail d'un parent"), max_length=254, blank=True)
    consent = models.BooleanField(_("accord de publication"), default=False)
    status = models.CharField(
        _("statut"), max_length=20, choices=TestimonyStatus, default=TestimonyStatus.SUBMITTED
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    parent_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modéré par"),
    )

    objects = TestimonyQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("témoignage")
        verbose_name_plural = _("témoignages")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="testimonies_public"),
            models.Index(fields=["event", "status"], name="testimonies_event"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text="", video_url=""), name="testimonies_text_or_video"
            ),
            models.CheckConstraint(condition=Q(consent=True), name="testimonies_consent"),
            # A minor's words need a parent who can be asked.
            models.CheckConstraint(
                condition=~Q(age_bracket="under_15", parent_email=""),
                name="testimonies_under_15_parent",
            ),
        ]

    def __str__(self):
        return f"{self.first_name} ({self.get_role_display()})"

    @property
    def is_published(self) -> bool:
        return self.status == TestimonyStatus.PUBLISHED

    def get_withdraw_url(self) -> str:
        return reverse("testimonies:withdraw", kwargs={"token": self.token})

    def get_parent_url(self) -> str:
        return reverse("testimonies:parent", kwargs={"token": self.parent_token})

    @property
    def video(self):
        """The video's player (toolkit.videos), or None for a written testimony."""
        from jres.toolkit.videos import parse_video_url

        if not self.video_url:
            return None
        try:
            return parse_video_url(self.video_url)
        except ValidationError:  # a host removed from the settings since: the link only
            return None
