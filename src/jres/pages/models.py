from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jres.core.i18n import LocalizedMixin


class Page(LocalizedMixin, models.Model):
    """A page whose text the coordinator edits in the admin (why the day, legal notice, ...)."""

    slug = models.SlugField(_("adresse (URL)"), unique=True, max_length=80)
    title_fr = models.CharField(_("titre"), max_length=200)
    title_en = models.CharField(_("titre (anglais)"), max_length=200, blank=True)
    body_fr = models.TextField(_("texte (Markdown)"))
    body_en = models.TextField(_("texte en anglais (Markdown)"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title_fr

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"slug": self.slug})


class TeamContact(LocalizedMixin, models.Model):
    """A member of the national team shown on the contact page."""

    name = models.CharField(_("nom"), max_length=120)
    role_fr = models.CharField(_("fonction"), max_length=200)
    role_en = models.CharField(_("fonction (anglais)"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("contact de l'équipe")
        verbose_name_plural = _("contacts de l'équipe")

    def __str__(self):
        return self.name

    @property
    def phone_uri(self) -> str:
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        if digits.startswith("0"):
            digits = "+33" + digits[1:]
        return f"tel:{digits}"
