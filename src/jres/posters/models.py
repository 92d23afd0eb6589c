from django.db import models
from django.utils.translation import gettext_lazy as _

# The files of a kit, in the order they are built: field name, file name, content type.
KIT_FILES = (
    ("poster_a4", "affiche-a4.pdf", "application/pdf"),
    ("poster_a3", "affiche-a3.pdf", "application/pdf"),
    ("social_image", "image-partage.png", "image/png"),
    ("square_image", "image-carree.png", "image/png"),
)


class EventKit(models.Model):
    """The communication kit of a published event: two posters and two social images.

    Built in the background from what the poster says (see posters.content); `fingerprint`
    is the hash of that text, so the kit is rebuilt when, and only when, it would differ.
    """

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, primary_key=True, related_name="kit"
    )
    fingerprint = models.CharField(max_length=64)
    poster_a4 = models.FileField(_("affiche A4"), max_length=200)
    poster_a3 = models.FileField(_("affiche A3"), max_length=200)
    social_image = models.FileField(_("image de partage"), max_length=200)
    square_image = models.FileField(_("image carrée"), max_length=200)
    generated_at = models.DateTimeField(_("générée le"))

    class Meta:
        verbose_name = _("kit de communication")
        verbose_name_plural = _("kits de communication")

    def __str__(self):
        return str(self.event)

    def file_names(self) -> list[str]:
        return [getattr(self, field).name for field, _name, _type in KIT_FILES]
