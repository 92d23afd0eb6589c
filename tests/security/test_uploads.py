"""Malicious uploads in every upload field: the event image, the report photos, the partner
logo, the initiative's PDF and the kit's files.

Each file is either refused with a message in the form and nothing saved (no row, no file
on disk), or kept neutralised: images come back as a re-encoded JPEG without the payload,
a PDF or kit file keeps a name and a Content-Type that no browser runs (with nosniff).
Anything else got through: a file kept as it came, a refusal without a message, a
half-saved row, an error page.
"""

import html
import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jres.events.images import MAX_BYTES
from jres.events.models import Event
from jres.initiatives.models import InitiativeDocument
from jres.reports.models import ReportPhoto
from jres.toolkit.models import Resource

from . import tally
from ._forms_cases import CASES, PDF, base_values, build_world, client_of

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert('upload')</script>"


def _image(format: str, size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=format)
    return buffer.getvalue()


def _png_bomb(width=60_000, height=60_000) -> bytes:
    """A PNG of 3.6 gigapixels in a few hundred bytes: the header promises what the data
    would expand into, and a reader that trusts it runs out of memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width * 3 + 1) * 4, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)
            + chunk(b"IEND", b""))  # fmt: skip


SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
SVG_ONLOAD = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
SVG_FOREIGN = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body xmlns="http://www.w3.org/'
    b'1999/xhtml"><iframe src="javascript:alert(1)"/></body></foreignObject></svg>'
)
SVG_EXTERNAL = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<image xlink:href="https://evil.example/track.png"/></svg>'
)

# name, file name, bytes, the content type the browser claims
MALICIOUS = [
    ("GIF/JS polyglot", "photo.gif", b"GIF89a/*" + _image("GIF")[8:] + b"*/=alert(1);" + SCRIPT),
    ("JPEG/HTML polyglot", "photo.jpg", _image("JPEG") + b"<html>" + SCRIPT + b"</html>"),
    ("PDF/HTML polyglot", "document.pdf", PDF + b"<html>" + SCRIPT + b"</html>"),
    ("SVG with <script>", "logo.svg", SVG_SCRIPT),
    ("SVG with onload", "logo.svg", SVG_ONLOAD),
    ("SVG with foreignObject", "logo.svg", SVG_FOREIGN),
    ("SVG with an external reference", "logo.svg", SVG_EXTERNAL),
    ("PNG decompression bomb", "photo.png", _png_bomb()),
    ("HTML named .png", "photo.png", b"<!doctype html><html>" + SCRIPT + b"</html>"),
    ("PNG named .pdf", "document.pdf", _image("PNG")),
    ("oversized", "photo.png", _image("PNG") + b"\x00" * MAX_BYTES),
]
CLAIMED = {"gif": "image/gif", "jpg": "image/jpeg", "pdf": "application/pdf",
           "svg": "image/svg+xml", "png": "image/png"}  # fmt: skip


@dataclass
class Field:
    """An upload field: the form whose case sends it, the file field's name, and where
    a kept file is found (None: nothing kept)."""

    form_name: str
    name: str
    kept: Callable
    inert_types: tuple = ("image/jpeg",)
    more: Callable = lambda world: {}
    reencoded: bool = True  # False: kept byte for byte, so its type must keep it inert


def _file_of(instance, attribute):
    stored = getattr(instance, attribute) if instance else None
    return stored if stored else None


FIELDS = [
    Field("EventForm", "image", lambda world, before: _file_of(
        Event.objects.exclude(pk__in=before).order_by("-pk").first(), "image")),
    Field("PhotoForm", "image", lambda world, before: _file_of(
        ReportPhoto.objects.exclude(pk__in=before).order_by("-pk").first(), "image")),
    Field("PartnerPageForm", "logo", lambda world, before: _file_of(
        type(world.partner).objects.get(pk=world.partner.pk), "logo")),
    Field("InitiativeForm", "document", lambda world, before: _file_of(
        InitiativeDocument.objects.exclude(pk__in=before).order_by("-pk").first(), "file"),
        inert_types=("application/pdf",), reencoded=False),
    Field("ResourceForm", "file", lambda world, before: _file_of(
        Resource.objects.exclude(pk__in=before).order_by("-pk").first(), "file"),
        inert_types=("application/pdf", "image/png", "image/jpeg", "image/webp"),
        more=lambda world: {"video_url": ""}, reencoded=False),
]  # fmt: skip
_ROWS = {"EventForm": Event, "PhotoForm": ReportPhoto, "InitiativeForm": InitiativeDocument,
         "ResourceForm": Resource, "PartnerPageForm": None}  # fmt: skip


def _files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


def _form_errors(response) -> list[str]:
    """The messages of the bound form the page shows (the admin's, or the photo form beside
    the report's)."""
    context = response.context or {}
    admin = context.get("adminform")
    form = admin.form if admin else context.get("photo_form") or context.get("form")
    return [str(error) for errors in form.errors.values() for error in errors] if form else []


def _verdict(world, field, response, before_rows, before_files, media: Path, data: bytes):
    """None when refused cleanly or kept inert, else why it got through."""
    model = _ROWS[field.form_name]
    new_files = _files(media) - before_files
    if response.status_code >= 500:
        return f"error {response.status_code}"
    if response.status_code != 302:
        errors = _form_errors(response)
        page = html.unescape(response.content.decode())
        if not errors or not any(error in page for error in errors):
            return "refused without a message shown in the form"
        if model and model.objects.exclude(pk__in=before_rows).exists():
            return "refused but a row was saved"
        if new_files:
            return f"refused but files were written: {sorted(map(str, new_files))}"
        return None
    kept = field.kept(world, before_rows)
    if kept is None:
        return "accepted but no file kept"
    with kept.open("rb") as stored:
        content = stored.read()
    if field.reencoded and (content == data or b"<script" in content or b"alert(" in content):
        return "kept with its payload"
    extension = Path(kept.name).suffix.lower().lstrip(".")
    served_as = CLAIMED.get(extension, {"jpeg": "image/jpeg", "webp": "image/webp"}.get(extension))
    if served_as not in field.inert_types:
        return f"kept as .{extension}, which a server would send as {served_as}"
    return None


@pytest.mark.parametrize("field", FIELDS, ids=lambda field: f"{field.form_name}.{field.name}")
def test_malicious_files_are_refused_or_neutralised(field, current_edition, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TOOLKIT_MAX_UPLOAD_MB = MAX_BYTES // (1024 * 1024)  # the same limit everywhere
    world = build_world(current_edition)
    case = next(case for case in CASES if case.form.__name__ == field.form_name)
    through = {}
    for label, name, data in MALICIOUS:
        if case.prepare:
            case.prepare(world)
        model = _ROWS[field.form_name]
        before_rows = list(model.objects.values_list("pk", flat=True)) if model else []
        before_files = _files(tmp_path)
        values = {**base_values(world, case), **field.more(world)}
        values[field.name] = SimpleUploadedFile(
            name, data, content_type=CLAIMED[name.rsplit(".", 1)[1]]
        )
        response = client_of(world, case.who).post(case.url(world), values)
        verdict = _verdict(world, field, response, before_rows, before_files, tmp_path, data)
        if verdict:
            through[label] = verdict
        if field.form_name == "PartnerPageForm":
            type(world.partner).objects.filter(pk=world.partner.pk).update(logo="")
    tally.record("upload", tried=len(MALICIOUS), through=len(through))
    assert through == {}, f"files that got through: {through}"


def test_a_kit_file_is_served_with_its_own_type_and_nosniff(current_edition, settings, tmp_path):
    """A PDF that carries HTML after its header is kept, as PDF readers accept it, and
    served as application/pdf that browsers are told not to second-guess."""
    settings.MEDIA_ROOT = tmp_path
    world = build_world(current_edition)
    case = next(case for case in CASES if case.form.__name__ == "ResourceForm")
    values = {**base_values(world, case), "video_url": ""}
    values["file"] = SimpleUploadedFile("guide.pdf", PDF + b"<html>" + SCRIPT, "text/html")
    response = client_of(world, "admin").post(case.url(world), values)
    assert response.status_code == 302, _form_errors(response)
    resource = Resource.objects.order_by("-pk").first()

    download = client_of(world, None).get(f"/kit/telecharger/{resource.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    tally.record("upload", tried=1, through=0)
