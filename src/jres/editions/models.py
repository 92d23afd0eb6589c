import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jres.core.i18n import LocalizedMixin


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
        _("numéro"), unique=True, validators=[MinValueValidator(1)]
    )
    year = models.PositiveSmallIntegerField(_("année"), unique=True)
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
        if self.window_start and self.window_end and self.window_start > self.window_end:
            raise ValidationError({"window_end": _("La fin de la période doit suivre son début.")})
        if self.day and self.year and self.day.year != self.year:
            raise ValidationError(
                {"day": _("La date de la journée doit tomber en %(year)s.") % {"year": self.year}}
            )

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
