"""What an uploaded resource file really is, read from its bytes, never from its name.

The browser's content type and the file name are the uploader's say-so; the first bytes,
and for ZIP-based formats the entries inside, are what a program opening the file sees.
Anything that is not one of the accepted kinds is refused with a message saying why.
"""

import re
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # as for event images: refuse decompression bombs before decoding
# ZIP archives (and office documents, which are ZIPs) are refused past these: what the
# archive would take once extracted, how much one entry inflates, how many entries.
ZIP_MAX_UNCOMPRESSED = 500 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_MAX_ENTRIES = 2000
SVG_MAX_BYTES = 2 * 1024 * 1024


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"
    WEBP = "webp", "WebP"
    SVG = "svg", "SVG"
    DOCX = "docx", gettext_lazy("Word (docx)")
    XLSX = "xlsx", gettext_lazy("Excel (xlsx)")
    PPTX = "pptx", gettext_lazy("PowerPoint (pptx)")
    ODT = "odt", gettext_lazy("texte OpenDocument (odt)")
    ODS = "ods", gettext_lazy("tableur OpenDocument (ods)")
    ODP = "odp", gettext_lazy("présentation OpenDocument (odp)")
    ZIP = "zip", "ZIP"


EXTENSIONS = {
    FileKind.PDF: "pdf", FileKind.PNG: "png", FileKind.JPEG: "jpg", FileKind.WEBP: "webp",
    FileKind.SVG: "svg", FileKind.DOCX: "docx", FileKind.XLSX: "xlsx", FileKind.PPTX: "pptx",
    FileKind.ODT: "odt", FileKind.ODS: "ods", FileKind.ODP: "odp", FileKind.ZIP: "zip",
}  # fmt: skip
CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
    FileKind.WEBP: "image/webp",
    FileKind.SVG: "image/svg+xml",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
    FileKind.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileKind.ODP: "application/vnd.oasis.opendocument.presentation",
    FileKind.ZIP: "application/zip",
}
IMAGE_KINDS = {FileKind.PNG, FileKind.JPEG, FileKind.WEBP, FileKind.SVG}
# Office Open XML: the entry that only a document of that kind has.
_OOXML_PARTS = {
    "word/document.xml": FileKind.DOCX,
    "xl/workbook.xml": FileKind.XLSX,
    "ppt/presentation.xml": FileKind.PPTX,
}
# OpenDocument: the first entry, "mimetype", holds the document's type.
_ODF_TYPES = {
    CONTENT_TYPES[kind].encode(): kind for kind in (FileKind.ODT, FileKind.ODS, FileKind.ODP)
}
_NAME_ALIASES = {"jpeg": "jpg", "jpe": "jpg"}

_SVG_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler"}
_SVG_LINK_ATTRIBUTES = {"href", "src"}
_CSS_DANGER = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\(|javascript:", re.I)


@dataclass(frozen=True)
class CheckedFile:
    kind: FileKind
    size: int
    width: int | None = None
    height: int | None = None

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]


def max_upload_bytes() -> int:
    return settings.TOOLKIT_MAX_UPLOAD_MB * 1024 * 1024


def check_file(upload) -> CheckedFile:
    """The kind of an uploaded file read from its content, or ValidationError saying why not.

    The file is read in place (a temporary file for large uploads), never whole into memory
    except an SVG, which is small by rule.
    """
    if upload.size > max_upload_bytes():
        raise ValidationError(
            _("Le fichier dépasse la taille maximale de %(size)s Mo.")
            % {"size": settings.TOOLKIT_MAX_UPLOAD_MB}
        )
    if upload.size == 0:
        raise ValidationError(_("Le fichier est vide."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = _kind_from_head(head) or _svg_or_none(upload)
    if kind is None:
        raise ValidationError(
            _(
                "Ce type de fichier n'est pas accepté. Formats acceptés : PDF, PNG, JPEG, WebP, "
                "SVG sans script, documents Word, Excel, PowerPoint ou OpenDocument, ZIP."
            )
        )
    if kind == FileKind.ZIP:
        kind = _check_zip(upload)
    width = height = None
    if kind in {FileKind.PNG, FileKind.JPEG, FileKind.WEBP}:
        width, height = _check_image(upload, kind)
    elif kind == FileKind.SVG:
        _check_svg(upload)
    _check_name(upload.name, kind)
    upload.seek(0)
    return CheckedFile(kind=kind, size=upload.size, width=width, height=height)


def _kind_from_head(head: bytes) -> FileKind | None:
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileKind.WEBP
    if head.startswith(b"PK\x03\x04"):
        return FileKind.ZIP
    return None


def _svg_or_none(upload) -> FileKind | None:
    start = upload.read(1024)
    upload.seek(0)
    text = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in start.lower():
        return FileKind.SVG
    return None


def _check_name(name: str, kind: FileKind) -> None:
    """Refuse a name that says another kind: a PNG called "communique.pdf" is a mistake."""
    suffix = PurePosixPath(name or "").suffix.lower().lstrip(".")
    suffix = _NAME_ALIASES.get(suffix, suffix)
    if suffix in EXTENSIONS.values() and suffix != EXTENSIONS[kind]:
        raise ValidationError(
            _(
                "Le contenu du fichier (%(kind)s) ne correspond pas à son extension "
                "(.%(extension)s). Vérifiez que c'est le bon fichier."
            )
            % {"kind": kind.label, "extension": suffix}
        )


def _check_image(upload, kind: FileKind) -> tuple[int, int]:
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("L'image est trop grande (plus de 40 mégapixels)."))
            image.verify()
            return image.width, image.height
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("Ce fichier se présente comme une image %(kind)s mais n'est pas lisible.")
            % {"kind": kind.label}
        ) from error
    finally:
        upload.seek(0)


def _check_zip(upload) -> FileKind:
    """An office document or a plain ZIP, refused when it is a bomb or escapes its folder."""
    unreadable = ValidationError(_("Ce fichier ZIP est endommagé ou illisible."))
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise unreadable from error
    with archive:
        entries = archive.infolist()
        if len(entries) > ZIP_MAX_ENTRIES:
            raise ValidationError(
                _("Le fichier ZIP contient trop d'éléments (plus de %(count)s).")
                % {"count": ZIP_MAX_ENTRIES}
            )
        total = 0
        for entry in entries:
            path = entry.filename.replace("\\", "/")
            if path.startswith("/") or re.match(r"^[A-Za-z]:", path) or ".." in path.split("/"):
                raise ValidationError(
                    _("Le fichier ZIP contient un chemin dangereux (%(path)s).")
                    % {"path": entry.filename[:80]}
                )
            total += entry.file_size
            ratio = entry.file_size / max(entry.compress_size, 1)
            if total > ZIP_MAX_UNCOMPRESSED or (
                entry.file_size > 1024 * 1024 and ratio > ZIP_MAX_RATIO
            ):
                raise ValidationError(
                    _(
                        "Le fichier ZIP décompressé serait anormalement gros (bombe de "
                        "décompression) : il est refusé."
                    )
                )
        names = {entry.filename for entry in entries}
        try:
            if entries and entries[0].filename == "mimetype":
                kind = _ODF_TYPES.get(archive.read(entries[0])[:100].strip())
                if kind:
                    return kind
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as error:
            raise unreadable from error
        if "[Content_Types].xml" in names:
            for part, kind in _OOXML_PARTS.items():
                if part in names:
                    return kind
    return FileKind.ZIP


def _check_svg(upload) -> None:
    """Refuse an SVG that could run code or fetch anything when a browser opens it."""
    if upload.size > SVG_MAX_BYTES:
        raise ValidationError(_("Un fichier SVG ne peut dépasser 2 Mo."))
    content = upload.read()
    upload.seek(0)
    refused = ValidationError(
        _(
            "Ce fichier SVG contient du script, des liens externes ou des déclarations non "
            "autorisées : il est refusé. Exportez-le sans script, ou envoyez un PNG."
        )
    )
    # Entities are how XML bombs and external-file reads work; an SVG logo needs none.
    if b"<!doctype" in content.lower() or b"<!entity" in content.lower():
        raise refused
    try:
        root = ElementTree.fromstring(content)  # noqa: S314 (no DOCTYPE, so no entities)
    except ElementTree.ParseError as error:
        raise ValidationError(_("Ce fichier SVG n'est pas un XML valide.")) from error
    if _local_name(root.tag) != "svg":
        raise ValidationError(_("Ce fichier n'est pas une image SVG."))
    for element in root.iter():
        name = _local_name(element.tag)
        if name in _SVG_FORBIDDEN_ELEMENTS:
            raise refused
        if name == "style" and _CSS_DANGER.search(element.text or ""):
            raise refused
        for attribute, value in element.attrib.items():
            attribute = _local_name(attribute)
            if attribute.startswith("on"):
                raise refused
            if attribute in _SVG_LINK_ATTRIBUTES and not value.strip().startswith("#"):
                raise refused
            if attribute == "style" and _CSS_DANGER.search(value):
                raise refused
            if "javascript:" in value.lower().replace(" ", ""):
                raise refused


def _local_name(tag) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()
