from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

MODERATORS = "moderators"
COORDINATORS = "coordinators"
PARTNERS = "partners"  # accounts of partner local authorities (jres.partners)


class OrganiserKind(models.TextChoices):
    PARENT = "parent", _("Parent")
    TEACHER = "teacher", _("Enseignant·e")
    ASSOCIATION = "association", _("Membre d'une association")
    SOCIAL_WORKER = "social_worker", _("Travailleur·se social·e")
    ELECTED_OFFICIAL = "elected_official", _("Élu·e")
    LOCAL_AUTHORITY = "local_authority", _("Agent·e d'une collectivité")
    SCHOOL_STAFF = "school_staff", _("Personnel d'établissement scolaire")
    OTHER = "other", _("Autre")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account; its e-mail address is the login. Every verified account may organise."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    display_name = models.CharField(_("nom affiché"), max_length=120)
    organiser_kind = models.CharField(
        _("type de profil"), max_length=20, choices=OrganiserKind, default=OrganiserKind.OTHER
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(
        _("langue des e-mails"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # Set when the holder deleted the account (jres.accounts.deletion): the row stays, with
    # nothing personal left, so that the events it held keep their organiser and the logs
    # their actor.
    deleted_at = models.DateTimeField(_("supprimé le"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def _in_group(self, name: str) -> bool:
        # Cached per instance: templates ask several times per page.
        cache = self.__dict__.setdefault("_group_names", None)
        if cache is None:
            cache = set(self.groups.values_list("name", flat=True))
            self.__dict__["_group_names"] = cache
        return name in cache

    @property
    def is_coordinator(self) -> bool:
        return self.is_superuser or self._in_group(COORDINATORS)

    @property
    def is_moderator(self) -> bool:
        """Coordinators moderate too: they run the edition."""
        return self.is_coordinator or self._in_group(MODERATORS)

    @property
    def is_partner(self) -> bool:
        return self._in_group(PARTNERS)

    @property
    def role_label(self) -> str:
        if self.is_coordinator:
            return _("Coordination nationale")
        if self.is_moderator:
            return _("Modération")
        if self.is_partner:
            return _("Collectivité partenaire")
        return _("Organisateur·rice")
