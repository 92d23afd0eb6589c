"""The kit's files drawn from HTML templates: WeasyPrint lays out, pdfium rasterises.

Every layout is one page of fixed size whose text block grows downwards: a title or a
place too long for the page pushes the footer onto a second page, which is how an
overflow is detected. The text is then set one size smaller until everything fits, so a
long title shrinks and wraps (anywhere, if need be) and never runs off the page.
"""

import base64
import functools
import io
import logging

import pypdfium2
import segno
import weasyprint
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# (title, text) sizes tried in turn: points on the posters, CSS pixels on the images.
POSTER_SIZES = ((56, 20), (48, 19), (42, 18), (36, 17), (31, 16), (27, 15), (23, 14),
                (20, 13), (17, 12), (15, 11), (13, 10), (11, 9))  # fmt: skip
IMAGE_SIZES = ((76, 30), (66, 28), (58, 26), (50, 24), (44, 22), (38, 20), (33, 18),
               (28, 16), (24, 15), (20, 14), (17, 13), (14, 12))  # fmt: skip
# Where to start for a title of this many characters or more: fewer layouts to try.
_START_BY_LENGTH = ((150, 4), (110, 3), (75, 2), (45, 1), (0, 0))

# A3 is A4 scaled by the square root of two: the same layout, printed larger.
A3_ZOOM = 420 / 297
# (template variant, width, height) in CSS pixels; rasterised at 96 dpi, one pixel each.
IMAGES = {"social": (1200, 630), "square": (1080, 1080)}
_PIXELS_PER_POINT = 96 / 72


@functools.cache
def _logo_uri() -> str:
    with open(finders.find("img/logo.svg"), "rb") as logo:
        return "data:image/svg+xml;base64," + base64.b64encode(logo.read()).decode()


def _qr_uri(url: str) -> str:
    # Level M survives a crease or a smudge on a printed poster.
    return segno.make(url, error="m", micro=False).svg_data_uri(
        border=4, dark="#1d1b3a", light="#ffffff"
    )


@functools.cache
def _data_only_fetcher():
    """Templates embed everything as data: URIs; nothing is fetched from anywhere else."""
    return weasyprint.urls.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def _start(title: str) -> int:
    return next(index for length, index in _START_BY_LENGTH if len(title) >= length)


# Past the smallest size, the long texts are cut to these lengths (an ellipsis ends them).
SHORTENED = {"title": 120, "organiser": 90, "place_line": 90}


def _layout(template: str, texts: dict, title_size, text_size, context) -> weasyprint.Document:
    html = render_to_string(
        template, {"t": texts, "title_size": title_size, "text_size": text_size, **context}
    )
    return weasyprint.HTML(string=html, url_fetcher=_data_only_fetcher()).render()


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def shortened(texts: dict) -> dict:
    """The texts with the long ones cut: what a poster shows when nothing else fits."""
    return {
        **texts,
        "title": _cut(texts["title"], SHORTENED["title"]),
        "organiser": _cut(texts["organiser"], SHORTENED["organiser"]),
        "place": [_cut(line, SHORTENED["place_line"]) for line in texts["place"]],
    }


def _fitted(template: str, texts: dict, sizes, **context) -> weasyprint.Document:
    """The first layout, from the title's starting size down, that holds on one page.

    When even the smallest does not, the long texts are cut; should that still overflow,
    the first page alone is kept, so that every event gets its poster.
    """
    for title_size, text_size in sizes[_start(texts["title"]) :]:
        document = _layout(template, texts, title_size, text_size, context)
        if len(document.pages) == 1:
            return document
    document = _layout(template, shortened(texts), *sizes[-1], context)
    if len(document.pages) == 1:
        return document
    logger.warning("Poster text overflows even when shortened: %s", texts["title"][:60])
    return document.copy(document.pages[:1])


def poster_document(texts: dict) -> weasyprint.Document:
    """The A4 poster laid out; write it at zoom 1 for A4, at A3_ZOOM for A3."""
    return _fitted(
        "posters/poster.html", texts, POSTER_SIZES, logo=_logo_uri(), qr=_qr_uri(texts["url"])
    )


def posters(texts: dict) -> tuple[bytes, bytes]:
    """The poster as PDF, A4 then A3."""
    document = poster_document(texts)
    return document.write_pdf(), document.write_pdf(zoom=A3_ZOOM)


def image_pdf(texts: dict, variant: str) -> bytes:
    """A social image as a one-page PDF of its size in CSS pixels (what is rasterised)."""
    width, height = IMAGES[variant]
    document = _fitted(
        "posters/image.html",
        texts,
        IMAGE_SIZES,
        logo=_logo_uri(),
        variant=variant,
        width=width,
        height=height,
    )
    return document.write_pdf()


def image_png(texts: dict, variant: str) -> bytes:
    """A social image as PNG, exactly IMAGES[variant] pixels."""
    width, height = IMAGES[variant]
    pdf = pypdfium2.PdfDocument(image_pdf(texts, variant))
    try:
        page = pdf[0]
        image = page.render(scale=_PIXELS_PER_POINT).to_pil().convert("RGB")
    finally:
        pdf.close()
    if image.size != (width, height):  # a rounding of the page's size in points
        image = image.resize((width, height))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def render_kit(texts: dict) -> dict[str, bytes]:
    """Every file of the kit, by EventKit field name."""
    a4, a3 = posters(texts)
    return {
        "poster_a4": a4,
        "poster_a3": a3,
        "social_image": image_png(texts, "social"),
        "square_image": image_png(texts, "square"),
    }
