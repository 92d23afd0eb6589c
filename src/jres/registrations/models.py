import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_PLACES = 4
HIGHEST_MAX_PLACES = 20
# A parent's consent is asked for this long; past it the request lapses, holds nothing, and
# the pupil may ask again.
PARENT_CONSENT_PERIOD = datetime.timedelta(days=7)


def new_token() -> str:
    """256 random bits, URL-safe: the only key to a registration without an account."""
    return secrets.token_urlsafe(32)


class Role(models.TextChoices):
    PARENT = "parent", _("Parent")
    PUPIL = "pupil", _("Élève")
    TEACHER = "teacher", _("Enseignant ou enseignante")
    PROFESSIONAL = "professional", _("Professionnel ou professionnelle")
    OTHER = "other", _("Autre")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmée")
    WAITING = "waiting", _("Sur liste d'attente")
    PENDING_PARENT = "pending_parent", _("En attente de l'accord d'un parent")
    CANCELLED = "cancelled", _("Annulée")


class RegistrationSettings(models.Model):
    """What the organiser decides about registrations on the platform for one event.

    Kept beside the event rather than on it: an event without a row takes the defaults.
    """

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="registration_settings"
    )
    is_open = models.BooleanField(_("inscriptions ouvertes"), default=True)
    max_places = models.PositiveSmallIntegerField(
        _("places par inscription, au plus"),
        default=DEFAULT_MAX_PLACES,
        validators=[MinValueValidator(1), MaxValueValidator(HIGHEST_MAX_PLACES)],
    )

    class Meta:
        verbose_name = _("réglages des inscriptions")
        verbose_name_plural = _("réglages des inscriptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_places__gte=1, max_places__lte=HIGHEST_MAX_PLACES),
                name="registrations_settings_max_places_range",
            )
        ]

    def __str__(self):
        return str(self.event_id)

    @classmethod
    def for_event(cls, event) -> "RegistrationSettings":
        """The event's settings, or unsaved defaults; no query when the event was loaded
        with `select_related("registration_settings")`."""
        try:
            return event.registration_settings
        except cls.DoesNotExist:
            return cls(event=event)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def held_by(self, *, event, email: str):
        """The active registration of `email` to `event`, through the unique partial index
        (its conditions repeated, or the database would not use it)."""
        return self.active().filter(event=event, email=email, erased_at__isnull=True)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self):
        return self.filter(status=RegistrationStatus.WAITING).order_by("queued_at", "pk")

    def places(self) -> int:
        return self.aggregate(total=Sum("places"))["total"] or 0


class Registration(models.Model):
    """One person's registration (for themselves and those coming with them) to an event."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("nom"), max_length=120)
    email = models.EmailField(_("adresse e-mail"), max_length=254)
    role = models.CharField(_("vous êtes"), max_length=20, choices=Role)
    is_under_15 = models.BooleanField(_("moins de 15 ans"), default=False)
    parent_email = models.EmailField(_("e-mail d'un parent"), max_length=254, blank=True)
    places = models.PositiveSmallIntegerField(
        _("nombre de places"), default=1, validators=[MinValueValidator(1)]
    )
    status = models.CharField(_("statut"), max_length=20, choices=RegistrationStatus, db_index=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    parent_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    attended = models.BooleanField(_("présent le jour même"), default=False)
    wants_news = models.BooleanField(_("accepte les rappels et messages"), default=True)
    # Order on the waiting list: when the person joined it.
    queued_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    parent_confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Set when the retention period has passed and the personal data were blanked
    # (jres.registrations.retention); the row stays for the event's figures.
    erased_at = models.DateTimeField(_("données effacées le"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        indexes = [models.Index(fields=["event", "status", "queued_at"])]
        constraints = [
            # Double clicks, second tabs and a second try with the same address all end here.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled") & Q(erased_at__isnull=True),
                name="registrations_one_active_per_email",
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="registrations_places_gte_1"),
            models.CheckConstraint(
                condition=~Q(status="pending_parent") | ~Q(parent_email=""),
                name="registrations_pending_parent_has_parent_email",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.event_id})"

    def get_absolute_url(self):
        return reverse("registrations:manage", kwargs={"token": self.token})

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED

    @property
    def consent_deadline(self) -> datetime.datetime:
        return self.created_at + PARENT_CONSENT_PERIOD

    @property
    def consent_has_lapsed(self) -> bool:
        """A request for a parent's consent left unanswered past its deadline."""
        return (
            self.status == RegistrationStatus.PENDING_PARENT
            and timezone.now() >= self.consent_deadline
        )
