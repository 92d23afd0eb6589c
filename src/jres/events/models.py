import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from jres.core.i18n import LocalizedMixin


class EditableList(LocalizedMixin, models.Model):
    """An entry of a list the coordinator edits in the admin, named in French and English."""

    slug = models.SlugField(_("identifiant"), unique=True, max_length=40)
    name_fr = models.CharField(_("nom"), max_length=80)
    name_en = models.CharField(_("nom (anglais)"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name_fr"]

    def __str__(self):
        return self.name_fr


class EventKind(EditableList):
    """A kind of event (debate, workshop, ...)."""

    is_active = models.BooleanField(_("proposé aux organisateurs"), default=True)

    class Meta(EditableList.Meta):
        verbose_name = _("type d'événement")
        verbose_name_plural = _("types d'événements")


class Audience(EditableList):
    """Whom an event is for (parents, pupils, ...)."""

    class Meta(EditableList.Meta):
        verbose_name = _("public")
        verbose_name_plural = _("publics")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("En attente de relecture")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    LABELLED = "labelled", _("Labellisé")
    REFUSED = "refused", _("Refusé")
    CANCELLED = "cancelled", _("Annulé")


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("Sur place")
    ONLINE = "online", _("En ligne")
    HYBRID = "hybrid", _("Sur place et en ligne")


class RegistrationMode(models.TextChoices):
    NONE = "none", _("Sans inscription")
    PLATFORM = "platform", _("Inscription sur la plateforme")
    EXTERNAL = "external", _("Inscription sur un autre site")


# Fields whose change sends a labelled event back to review: what attendees rely on.
REVIEWED_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "venue_name",
    "address",
    "postal_code",
    "city",
    "online_url",
)


# Derived by Event.refresh_public_fields: saved with every save, update_fields or not.
PUBLIC_FIELDS = ("published", "map_latitude", "map_longitude")


class EventQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: labelled events, and cancelled ones that had been labelled.

        Reads the `published` column that `Event.save()` keeps, so one index serves it.
        """
        return self.filter(published=True)

    def for_moderation(self):
        return self.filter(status=EventStatus.SUBMITTED)


class Event(models.Model):
    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="events")
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="events"
    )
    organisation = models.CharField(_("au nom de (organisation)"), max_length=200, blank=True)
    kind = models.ForeignKey(
        EventKind, on_delete=models.PROTECT, related_name="events", verbose_name=_("type")
    )
    slug = models.SlugField(_("adresse"), unique=True, max_length=120, editable=False)
    title = models.CharField(_("titre"), max_length=160)
    description = models.TextField(
        _("description"), help_text=_("Markdown : **gras**, *italique*, listes, liens.")
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))

    is_public = models.BooleanField(
        _("ouvert au public"),
        default=True,
        help_text=_(
            "Décochez pour un temps d'échange en établissement scolaire : il compte dans les "
            "chiffres de la journée, mais son adresse n'est pas publiée."
        ),
    )
    attendance_mode = models.CharField(
        _("format"), max_length=10, choices=AttendanceMode, default=AttendanceMode.IN_PERSON
    )
    venue_name = models.CharField(_("lieu"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5)
    city = models.CharField(_("commune"), max_length=120)
    commune = models.ForeignKey(
        "geo.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    # Copied from the commune: the public filters read them without joins.
    department = models.ForeignKey(
        "geo.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    region = models.ForeignKey(
        "geo.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    online_url = models.URLField(_("lien de connexion"), blank=True)

    audiences = models.ManyToManyField(Audience, related_name="events", verbose_name=_("publics"))
    local_partners = models.TextField(_("partenaires locaux"), blank=True)
    step_free_access = models.BooleanField(_("accès de plain-pied"), default=False)
    sign_language = models.BooleanField(_("interprétation en langue des signes"), default=False)
    hearing_loop = models.BooleanField(_("boucle magnétique"), default=False)
    accessibility_notes = models.CharField(
        _("autres informations d'accessibilité"), max_length=300, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    registration_mode = models.CharField(
        _("inscription"), max_length=10, choices=RegistrationMode, default=RegistrationMode.NONE
    )
    registration_url = models.URLField(_("lien d'inscription"), blank=True)
    image = models.ImageField(_("image"), upload_to="events/%Y/", blank=True)

    status = models.CharField(
        _("statut"), max_length=20, choices=EventStatus, default=EventStatus.DRAFT
    )
    moderation_message = models.TextField(_("message de la modération"), blank=True)
    cancellation_reason = models.CharField(_("motif d'annulation"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    labelled_at = models.DateTimeField(null=True, blank=True)
    # What the moderator last saw, to show what changed since (see Event.changes_since_review).
    reviewed_snapshot = models.JSONField(default=dict, blank=True, editable=False)
    duplicated_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    # The initiative the organiser started from ("organise an event on this model").
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="inspired_events",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # Kept by save() from the fields above (see refresh_public_fields): the public list and
    # map filter and sort on plain indexed columns instead of an OR and a join.
    published = models.BooleanField(default=False, editable=False)
    map_latitude = models.FloatField(null=True, blank=True, editable=False)
    map_longitude = models.FloatField(null=True, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        indexes = [
            models.Index(fields=["edition", "status", "starts_at"]),
            # The public list, first page in date order, and its count.
            models.Index(fields=["edition", "published", "starts_at", "id"]),
            # Filtered by region or department: three equalities, so that the planner
            # prefers them even without statistics, and the count reads the index alone.
            models.Index(fields=["region", "edition", "published", "starts_at"]),
            models.Index(fields=["department", "edition", "published", "starts_at"]),
            # The map: a range of latitudes, then longitudes, within the edition.
            models.Index(fields=["edition", "published", "map_latitude", "map_longitude"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="events_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="events_positive_capacity",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            # A short random suffix keeps addresses unique and stable when the title changes.
            base = slugify(self.title)[:100].strip("-") or "evenement"
            self.slug = f"{base}-{secrets.token_hex(3)}"
        self.refresh_public_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *PUBLIC_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("La fin doit être postérieure au début.")
        if self.starts_at and self.edition_id:
            first, last = self.edition.event_window
            day = timezone.localtime(self.starts_at).date()
            if not first <= day <= last:
                errors["starts_at"] = _(
                    "Les événements de l'édition %(year)s ont lieu entre le %(first)s et le "
                    "%(last)s."
                ) % {
                    "year": self.edition.year,
                    "first": first.strftime("%d/%m/%Y"),
                    "last": last.strftime("%d/%m/%Y"),
                }
        if self.attendance_mode != AttendanceMode.IN_PERSON and not self.online_url:
            errors["online_url"] = _("Indiquez le lien de connexion d'un événement en ligne.")
        if self.attendance_mode != AttendanceMode.ONLINE and self.is_public and not self.address:
            errors["address"] = _("Indiquez l'adresse où se tient l'événement.")
        if self.registration_mode == RegistrationMode.EXTERNAL and not self.registration_url:
            errors["registration_url"] = _("Indiquez le lien vers l'inscription.")
        if errors:
            raise ValidationError(errors)

    # --- what the public may see ------------------------------------------------------

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.LABELLED or (
            self.status == EventStatus.CANCELLED and self.labelled_at is not None
        )

    def refresh_public_fields(self, *, commune_centre: tuple[float, float] | None = None) -> None:
        """Copy whether the public sees the event, and where, into their own columns.

        A public event is at its own point. An in-school event is at its commune's centre:
        it counts on the map of the day, but the school is never located. An online-only
        event has no point (it takes place nowhere); the list shows it. `commune_centre`
        spares a query when the caller already knows it (bulk loads).
        """
        self.published = self.is_published
        point = None
        if self.attendance_mode == AttendanceMode.ONLINE:
            point = None
        elif self.is_public:
            if self.latitude is not None and self.longitude is not None:
                point = (self.latitude, self.longitude)
        elif commune_centre is not None:
            point = commune_centre
        elif self.commune_id:
            point = (self.commune.latitude, self.commune.longitude)
        self.map_latitude, self.map_longitude = point or (None, None)

    @property
    def shows_address(self) -> bool:
        """In-school events are counted and listed, but never say where the school is."""
        return self.is_public and self.attendance_mode != AttendanceMode.ONLINE

    @property
    def is_online(self) -> bool:
        return self.attendance_mode != AttendanceMode.IN_PERSON

    @property
    def is_editable(self) -> bool:
        return self.status not in {EventStatus.CANCELLED, EventStatus.REFUSED}

    def snapshot(self) -> dict:
        """The reviewed fields as text, to compare one review with the next."""
        return {name: str(getattr(self, name) or "") for name in REVIEWED_FIELDS} | {
            "description": self.description,
            "kind": str(self.kind_id),
        }

    def changes_since_review(self) -> list[tuple[str, str, str]]:
        """(field label, before, after) for every field changed since the last review."""
        if not self.reviewed_snapshot:
            return []
        now = self.snapshot()
        labels = {field.name: field.verbose_name for field in self._meta.fields}
        return [
            (str(labels.get(name, name)), self.reviewed_snapshot.get(name, ""), value)
            for name, value in now.items()
            if self.reviewed_snapshot.get(name, "") != value
        ]


class EventLogAction(models.TextChoices):
    CREATED = "created", _("Création")
    EDITED = "edited", _("Modification")
    SUBMITTED = "submitted", _("Soumission pour relecture")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    LABELLED = "labelled", _("Label accordé")
    REFUSED = "refused", _("Refus")
    CANCELLED = "cancelled", _("Annulation")
    BACK_TO_REVIEW = "back_to_review", _("Retour en relecture après modification")


class EventLog(models.Model):
    """One line of an event's history: every status change and moderator action."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="log")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=EventLogAction)
    status = models.CharField(max_length=20, choices=EventStatus)
    message = models.TextField(blank=True)
    changes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("historique")
        verbose_name_plural = _("historique")

    def __str__(self):
        return f"{self.event_id} {self.action}"
