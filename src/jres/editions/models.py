import datetime

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jres.core.i18n import LocalizedMixin


def _long_date(date: datetime.date) -> str:
    return date_format(date, "j F Y")


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    OPEN = "open", _("Ouverte")
    CLOSED = "closed", _("Clôturée")
    ARCHIVED = "archived", _("Archivée")


class EditionQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=EditionStatus.DRAFT)

    def current(self):
        return self.filter(is_current=True).first()


class Edition(LocalizedMixin, models.Model):
    """One year's day. Exactly one edition is current: the one the home page presents."""

    number = models.PositiveSmallIntegerField(
        _("numéro"),
        unique=True,
        validators=[MinValueValidator(1)],
        error_messages={"unique": _("Une autre édition porte déjà ce numéro.")},
    )
    year = models.PositiveSmallIntegerField(
        _("année"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2200)],
        error_messages={"unique": _("Une édition existe déjà pour cette année.")},
    )
    day = models.DateField(_("date de la journée"))
    theme_fr = models.CharField(_("thème"), max_length=200, blank=True)
    theme_en = models.CharField(_("thème (anglais)"), max_length=200, blank=True)
    framing_fr = models.TextField(_("texte de cadrage (Markdown)"), blank=True)
    framing_en = models.TextField(_("texte de cadrage en anglais (Markdown)"), blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=EditionStatus, default=EditionStatus.DRAFT
    )
    is_current = models.BooleanField(_("édition en cours"), default=False)
    # Events belong to the day but may take place around it (a week of debates, say).
    window_start = models.DateField(_("événements possibles à partir du"), null=True, blank=True)
    window_end = models.DateField(_("événements possibles jusqu'au"), null=True, blank=True)
    # Organisers may save drafts at any time; sending one to the moderators waits for this
    # period (either side may stay open-ended) and for the edition's "open" status.
    submissions_open_on = models.DateField(
        _("soumissions ouvertes à partir du"), null=True, blank=True
    )
    submissions_close_on = models.DateField(
        _("soumissions ouvertes jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Dernier jour où un organisateur peut soumettre un événement."),
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="editions_one_current_edition",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2200), name="editions_plausible_year"
            ),
        ]

    def __str__(self):
        return f"{self.number}e édition ({self.year})"

    def clean(self):
        errors = {}
        if self.window_start and self.window_end and self.window_start > self.window_end:
            errors["window_end"] = _("La fin de la période doit suivre son début.")
        if self.day and self.year and self.day.year != self.year:
            errors["day"] = _("La date de la journée doit tomber en %(year)s.") % {
                "year": self.year
            }
        if self.day and self.window_start and self.window_start > self.day:
            errors.setdefault(
                "window_start",
                _("La période des événements doit commencer au plus tard le jour J."),
            )
        if self.day and self.window_end and self.window_end < self.day:
            errors.setdefault(
                "window_end", _("La période des événements doit finir au plus tôt le jour J.")
            )
        opens, closes = self.submissions_open_on, self.submissions_close_on
        if opens and closes and opens > closes:
            errors["submissions_close_on"] = _(
                "La clôture des soumissions doit suivre leur ouverture."
            )
        if self.day and "window_end" not in errors and "window_start" not in errors:
            last_day = self.event_window[1]
            for field, date in (("submissions_open_on", opens), ("submissions_close_on", closes)):
                if date and date > last_day and field not in errors:
                    errors[field] = _(
                        "Les soumissions doivent se faire avant la fin de la période des "
                        "événements (le %(date)s)."
                    ) % {"date": _long_date(last_day)}
            overlap = self._overlapping_edition()
            if overlap is not None:
                start, end = overlap.event_window
                errors[NON_FIELD_ERRORS] = _(
                    "La période des événements (du %(start)s au %(end)s) chevauche celle de "
                    "l'édition %(year)s (du %(other_start)s au %(other_end)s). Choisissez "
                    "d'autres dates."
                ) % {
                    "start": _long_date(self.event_window[0]),
                    "end": _long_date(self.event_window[1]),
                    "year": overlap.year,
                    "other_start": _long_date(start),
                    "other_end": _long_date(end),
                }
        if errors:
            raise ValidationError(errors)

    def _overlapping_edition(self) -> "Edition | None":
        """Another edition whose event window shares a day with this one's, if any.

        An event's date decides nothing about its edition, but two windows that overlap
        would let one evening belong to two days: the windows stay apart.
        """
        start, end = self.event_window
        for other in Edition.objects.exclude(pk=self.pk).only(
            "year", "day", "window_start", "window_end"
        ):
            other_start, other_end = other.event_window
            if other_start <= end and start <= other_end:
                return other
        return None

    @property
    def event_window(self) -> tuple[datetime.date, datetime.date]:
        """The dates events of this edition may take place on: a month either side by default."""
        return (
            self.window_start or self.day - datetime.timedelta(days=30),
            self.window_end or self.day + datetime.timedelta(days=30),
        )

    @transaction.atomic
    def make_current(self) -> None:
        """Present this edition on the home page; the previous current one steps down."""
        Edition.objects.filter(is_current=True).exclude(pk=self.pk).update(is_current=False)
        self.is_current = True
        self.save(update_fields=["is_current"])

    def accepts_submissions(self, today: datetime.date | None = None) -> bool:
        """Whether an organiser may send an event of this edition to the moderators today:
        the edition is open and today falls within its submission period."""
        return self.submissions_state(today) == "open"

    def submissions_state(self, today: datetime.date | None = None) -> str:
        """ "upcoming", "open" or "over": where today stands in the submission period."""
        today = today or timezone.localdate()
        opens, closes = self.submissions_open_on, self.submissions_close_on
        if self.status in {EditionStatus.CLOSED, EditionStatus.ARCHIVED}:
            return "over"
        if closes is not None and today > closes:
            return "over"
        if self.status == EditionStatus.DRAFT or (opens is not None and today < opens):
            return "upcoming"
        return "open"

    def submissions_refusal(self, today: datetime.date | None = None) -> str | None:
        """Why submissions are not accepted today, in words an organiser understands;
        None when they are."""
        today = today or timezone.localdate()
        state = self.submissions_state(today)
        opens, closes = self.submissions_open_on, self.submissions_close_on
        if state == "over":
            if closes is not None and closes < today:
                return gettext(
                    "Les soumissions pour l'édition %(year)s ont pris fin le %(date)s."
                ) % {"year": self.year, "date": _long_date(closes)}
            return gettext("Les soumissions pour l'édition %(year)s sont closes.") % {
                "year": self.year
            }
        if state == "upcoming":
            if opens is not None and today < opens:
                return gettext(
                    "Les soumissions pour l'édition %(year)s ouvriront le %(date)s : "
                    "votre brouillon reste enregistré d'ici là."
                ) % {"year": self.year, "date": _long_date(opens)}
            return gettext(
                "Les soumissions pour l'édition %(year)s ne sont pas encore ouvertes : "
                "votre brouillon reste enregistré d'ici là."
            ) % {"year": self.year}
        return None

    def days_until(self, today: datetime.date | None = None) -> int:
        """Days from today to the day: positive before, 0 on the day, negative after."""
        today = today or timezone.localdate()
        return (self.day - today).days


class KeyFigure(LocalizedMixin, models.Model):
    """A figure that says why the day exists ("150,000 young people leave school ...")."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="key_figures")
    value = models.CharField(_("valeur"), max_length=30)
    label_fr = models.CharField(_("libellé"), max_length=200)
    label_en = models.CharField(_("libellé (anglais)"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("chiffre clé")
        verbose_name_plural = _("chiffres clés")

    def __str__(self):
        return f"{self.value} {self.label_fr}"


class CharterItem(LocalizedMixin, models.Model):
    """A commitment of the label's charter that moderators check before labelling an event."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="charter_items")
    text_fr = models.CharField(_("engagement"), max_length=200)
    text_en = models.CharField(_("engagement (anglais)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("engagement de la charte")
        verbose_name_plural = _("charte du label")

    def __str__(self):
        return self.text_fr


class EditionLogAction(models.TextChoices):
    CREATED = "created", _("Préparée à partir de l'édition précédente")
    EDITED = "edited", _("Modifiée")
    MADE_CURRENT = "made_current", _("Présentée sur la page d'accueil")
    OPENED = "opened", _("Soumissions ouvertes")
    CLOSED = "closed", _("Soumissions closes")
    ARCHIVED = "archived", _("Archivée")
    REPORT_PUBLISHED = "report_published", _("Rapport national publié dans le kit")


class EditionLog(models.Model):
    """One step of an edition's life, by whom (nobody: the daily command) and when."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="log")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("par"),
    )  # fmt: skip
    action = models.CharField(_("action"), max_length=20, choices=EditionLogAction)
    message = models.CharField(_("précision"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("historique de l'édition")
        verbose_name_plural = _("historique des éditions")

    def __str__(self):
        return f"{self.edition.year} {self.action}"
