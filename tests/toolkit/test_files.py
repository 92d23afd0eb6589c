"""Uploaded files are known by their content; what could harm is refused with a reason."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from jres.toolkit.files import FileKind, check_file

from .conftest import docx, pdf, png, upload, zip_bytes


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (pdf(), "communique.pdf", FileKind.PDF),
        (png(), "logo.png", FileKind.PNG),
        (docx(), "contribution.docx", FileKind.DOCX),
        (zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text"}), "t.odt",
         FileKind.ODT),
        (zip_bytes({"a.txt": b"hello"}), "dossier.zip", FileKind.ZIP),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>', "l.svg",
         FileKind.SVG),
    ],
)  # fmt: skip
def test_kind_is_read_from_content(content, name, kind):
    assert check_file(upload(content, name)).kind == kind


def test_image_dimensions_are_read():
    checked = check_file(upload(png((728, 90)), "banniere.png"))
    assert (checked.width, checked.height) == (728, 90)


def _refusal(content, name) -> str:
    with pytest.raises(ValidationError) as error:
        check_file(upload(content, name))
    return " ".join(error.value.messages)


def test_text_named_pdf_is_refused():
    assert "type de fichier n'est pas accepté" in _refusal(b"just some text", "communique.pdf")


def test_content_that_contradicts_its_extension_is_refused():
    message = _refusal(png(), "communique.pdf")
    assert "ne correspond pas à son extension" in message and "PNG" in message


def test_truncated_png_is_refused():
    assert "n'est pas lisible" in _refusal(png()[:60], "logo.png")


def test_zip_without_the_parts_of_a_word_document_is_not_taken_for_one():
    assert "ne correspond pas" in _refusal(zip_bytes({"a.txt": b"x"}), "faux.docx")


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        b'<a x:href="javascript:alert(1)"><text>x</text></a></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/p.png"/></svg>',
    ],
)
def test_svg_that_could_run_code_or_fetch_is_refused(svg):
    assert "SVG contient du script" in _refusal(svg, "logo.svg")


def test_oversized_file_is_refused(settings):
    settings.TOOLKIT_MAX_UPLOAD_MB = 1
    assert "taille maximale de 1 Mo" in _refusal(b"%PDF-" + b"0" * (1024 * 1024), "gros.pdf")


def test_zip_bomb_is_refused():
    bomb = zip_bytes({"zeros.bin": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000
    assert "bombe de décompression" in _refusal(bomb, "kit.zip")


def test_zip_with_too_many_entries_is_refused(monkeypatch):
    monkeypatch.setattr("jres.toolkit.files.ZIP_MAX_ENTRIES", 5)
    content = zip_bytes({f"f{number}.txt": b"x" for number in range(6)})
    assert "trop d'éléments" in _refusal(content, "kit.zip")


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "dossier/../../x", "C:/x"])
def test_zip_escaping_its_folder_is_refused(path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(path), b"x")
    assert "chemin dangereux" in _refusal(buffer.getvalue(), "kit.zip")


def test_refusals_are_in_english_for_an_english_reader():
    with translation.override("en"):
        assert "file type is not accepted" in _refusal(b"just text", "x.pdf")
