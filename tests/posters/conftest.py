"""Fixtures and readers of the posters tests: PDF text and word boxes, QR codes, images."""

import io
import re
import subprocess
import tempfile
from html import unescape
from pathlib import Path

import pytest
from PIL import Image

from tests.events import conftest as events_conftest
from tests.events.factories import EventFactory

bordeaux = events_conftest.bordeaux  # the events tests' commune, with its real codes


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def event(current_edition, organiser, bordeaux):
    return EventFactory(
        edition=current_edition,
        organiser=organiser,
        commune=bordeaux,
        organisation="Association « Réussir ensemble »",
        title="L'école d'été des parents : élèves, familles et enseignants",
        venue_name="Maison de quartier Saint-Michel",
        address="12 rue de l'Église",
        postal_code="33800",
    )


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run what is queued after commit (the kit's build, old files' removal) as the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _run(*command: str, data: bytes, to_stdout: bool = True) -> str:
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "in"
        source.write_bytes(data)
        result = subprocess.run(  # noqa: S603 - fixed commands on a file of ours
            [*command, str(source), *(["-"] if to_stdout else [])],
            capture_output=True,
            check=True,
            timeout=60,
        )
    # poppler writes characters beyond the BMP (emoji) as UTF-16 surrogates: join them.
    text = result.stdout.decode("utf-8", "surrogatepass")
    return text.encode("utf-16", "surrogatepass").decode("utf-16")


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as poppler reads it, whitespace collapsed."""
    return " ".join(_run("pdftotext", "-enc", "UTF-8", data=pdf).split())


def pdf_words(pdf: bytes) -> list[tuple[str, float, float, float, float]]:
    """Every word with its box (x min, y min, x max, y max) in points, per pdftotext."""
    html = _run("pdftotext", "-bbox", "-enc", "UTF-8", data=pdf)
    pattern = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    )
    return [
        (unescape(word), float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, word in pattern.findall(html)
    ]


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's (width, height) in points."""
    info = _run("pdfinfo", "-l", "99", data=pdf, to_stdout=False)
    return [
        (float(w), float(h)) for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+)", info)
    ]


def decode_qr(pdf: bytes) -> list[str]:
    """The QR codes that zbar reads on the PDF's first page rasterised at 100 dpi."""
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "poster.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603
            ["pdftoppm", "-r", "100", "-png", "-singlefile", str(source), f"{directory}/page"],
            check=True,
            timeout=60,
        )
        result = subprocess.run(  # noqa: S603
            [
                "zbarimg",
                "--quiet",
                "--raw",
                "-Sdisable",
                "-Sqrcode.enable",
                f"{directory}/page.png",
            ],
            capture_output=True,
            timeout=60,
        )
    return result.stdout.decode().split()


def image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))
