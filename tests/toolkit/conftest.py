"""Fixtures of the toolkit tests: files of each kind, made here, and resources."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jres.toolkit import services
from jres.toolkit.demo import pdf_bytes, png_bytes
from jres.toolkit.files import check_file
from jres.toolkit.models import Category, Resource


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(text="Communiqué") -> bytes:
    return pdf_bytes(text, ["Une ligne."])


def png(size=(300, 250)) -> bytes:
    return png_bytes(size, "JRES")


def zip_bytes(entries: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx() -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def category(slug: str) -> Category:
    return Category.objects.get(slug=slug)


def make_resource(edition, *, slug="affiches", content=None, name="affiche.pdf", **fields):
    """A resource stored through the service, as the admin stores it."""
    resource = Resource(
        edition=edition, category=category(slug), **{"title_fr": "Affiche", **fields}
    )
    checked = None
    if not resource.video_url:
        file = upload(content if content is not None else pdf(), name)
        checked = check_file(file)
        resource.file = file
    return services.save_resource(resource=resource, checked=checked)


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the ZIP's build, file removal) as the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
