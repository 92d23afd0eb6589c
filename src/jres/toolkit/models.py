from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from jres.core.i18n import LocalizedMixin
from jres.events.models import EditableList

from . import videos
from .files import CONTENT_TYPES, EXTENSIONS, IMAGE_KINDS, FileKind


class Category(EditableList):
    """A heading of the kit (barometers, posters, press releases, ...)."""

    class Meta(EditableList.Meta):
        verbose_name = _("catégorie du kit")
        verbose_name_plural = _("catégories du kit")


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


def resource_path(resource, filename: str) -> str:
    # The name comes from the title and the kind read from the content, not from the upload.
    name = slugify(resource.title_fr)[:60] or "ressource"
    return f"toolkit/{resource.edition.year}/{name}.{EXTENSIONS[resource.file_kind]}"


class Resource(LocalizedMixin, models.Model):
    """One item of an edition's kit: a file to download or a link to a video.

    Retiring a resource unpublishes it: its file stays, so it can come back, and it leaves
    the kit's ZIP at the next build.
    """

    edition = models.ForeignKey(
        "editions.Edition", on_delete=models.PROTECT, related_name="resources",
        verbose_name=_("édition"),
    )  # fmt: skip
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="resources", verbose_name=_("catégorie")
    )
    title_fr = models.CharField(_("titre"), max_length=160)
    title_en = models.CharField(_("titre (anglais)"), max_length=160, blank=True)
    description_fr = models.CharField(_("description courte"), max_length=300, blank=True)
    description_en = models.CharField(_("description courte (anglais)"), max_length=300, blank=True)
    file = models.FileField(_("fichier"), upload_to=resource_path, max_length=200, blank=True)
    # Read from the file's content when it is uploaded (jres.toolkit.files.check_file).
    file_kind = models.CharField(
        _("type de fichier"), max_length=10, choices=FileKind, blank=True, editable=False
    )
    file_size = models.PositiveBigIntegerField(_("taille"), default=0, editable=False)
    width = models.PositiveIntegerField(
        _("largeur (pixels)"), null=True, blank=True, editable=False
    )
    height = models.PositiveIntegerField(
        _("hauteur (pixels)"), null=True, blank=True, editable=False
    )
    video_url = models.URLField(
        _("lien de la vidéo"),
        blank=True,
        help_text=_("Une vidéo sur PeerTube, YouTube ou Vimeo, à la place d'un fichier."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_published = models.BooleanField(_("publié"), default=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True, editable=False)
    download_count = models.PositiveIntegerField(_("téléchargements"), default=0, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["category__order", "category__name_fr", "position", "pk"]
        verbose_name = _("ressource du kit")
        verbose_name_plural = _("ressources du kit")
        indexes = [models.Index(fields=["edition", "is_published", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(video_url="")) | (~Q(file="") & Q(video_url="")),
                name="toolkit_resource_file_or_video",
            )
        ]

    def __str__(self):
        return self.title_fr

    def save(self, *args, **kwargs):
        # "New" badges and the feed date a resource from when the public could first see it.
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.is_video:
            return self.video_url
        return reverse("toolkit:download", kwargs={"pk": self.pk})

    def clean(self):
        if bool(self.file) == bool(self.video_url):
            raise ValidationError(
                _("Joignez un fichier ou donnez le lien d'une vidéo, l'un des deux seulement.")
            )
        if self.video_url:
            try:
                videos.parse_video_url(self.video_url)
            except ValidationError as error:
                raise ValidationError({"video_url": error.messages}) from error

    @property
    def is_video(self) -> bool:
        return bool(self.video_url)

    @property
    def is_image(self) -> bool:
        return self.file_kind in IMAGE_KINDS

    @property
    def video(self) -> videos.Video | None:
        return videos.parse_video_url(self.video_url) if self.video_url else None

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.file_kind, "application/octet-stream")

    @property
    def download_name(self) -> str:
        return f"{slugify(self.title_fr)[:60] or 'ressource'}.{EXTENSIONS[self.file_kind]}"


class KitArchive(models.Model):
    """The ZIP of an edition's published files, built by a task (jres.toolkit.archive).

    `fingerprint` says which resources, in which versions, the file holds: the download
    serves it only while it still matches the kit.
    """

    edition = models.OneToOneField(
        "editions.Edition", on_delete=models.CASCADE, related_name="kit_archive"
    )
    fingerprint = models.CharField(max_length=64)
    path = models.CharField(max_length=200)  # in the default storage's location
    size = models.PositiveBigIntegerField(default=0)
    files = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField()

    class Meta:
        verbose_name = _("archive du kit")
        verbose_name_plural = _("archives du kit")

    def __str__(self):
        return self.path
