"""The demo kits: small files drawn here (a one-page PDF, a logo, a banner per size), a video.

Built with the real checks and services, so the demo shows what a coordinator's uploads do.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from jres.editions.models import Edition

from . import archive, services
from .defaults import BANNERS, BAROMETERS, LOGOS, PRESS_RELEASES, VIDEOS
from .files import check_file
from .models import Category, Resource

BANNER_SIZES = [(300, 250), (728, 90), (320, 100)]
TEAL, SUN, WHITE = (0, 98, 105), (255, 196, 0), (255, 255, 255)
# The association's presentation of the day, on PeerTube.
VIDEO_URL = "https://framatube.org/w/9c9de5e8-0a1b-484a-b099-e80766180a6d"


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A valid one-page PDF with a title and a few lines of text (Helvetica, Latin-1)."""

    def text(value: str) -> str:
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return escaped.encode("latin-1", "replace").decode("latin-1")

    commands = [f"BT /F1 20 Tf 56 770 Td ({text(title)}) Tj ET"]
    commands += [
        f"BT /F1 12 Tf 56 {730 - 20 * number} Td ({text(line)}) Tj ET"
        for number, line in enumerate(lines)
    ]
    stream = "\n".join(commands).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    output = io.BytesIO()
    output.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = output.tell()
    output.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        output.write(b"%010d 00000 n \n" % offset)
    output.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return output.getvalue()


def png_bytes(size: tuple[int, int], label: str) -> bytes:
    """A banner or logo: the day's colours and its name."""
    image = Image.new("RGB", size, TEAL)
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle([0, height - max(6, height // 12), width, height], fill=SUN)
    draw.text((max(8, width // 20), max(8, height // 5)), label, fill=WHITE)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def _add(edition, category_slug, position, title_fr, title_en, *, content=None, name="",
         description_fr="", description_en="", video_url="") -> Resource:  # fmt: skip
    resource = Resource(
        edition=edition,
        category=Category.objects.get(slug=category_slug),
        title_fr=title_fr,
        title_en=title_en,
        description_fr=description_fr,
        description_en=description_en,
        position=position,
        video_url=video_url,
    )
    checked = None
    if content is not None:
        upload = SimpleUploadedFile(name, content)
        checked = check_file(upload)
        resource.file = upload
    return services.save_resource(resource=resource, checked=checked)


def load() -> int:
    """Create the demo resources of the current edition and the previous one; build their
    ZIPs at once (no worker may be running yet); return how many resources."""
    edition = Edition.objects.current()
    if edition is None:
        return 0
    count = 0
    _add(edition, BAROMETERS, 0,
         f"Baromètre {edition.year} : les enfants des quartiers populaires et l'école",
         f"{edition.year} barometer: children of working-class neighbourhoods and school",
         content=pdf_bytes(f"Barometre {edition.year}", [
             "Enquete aupres d'enfants de quartiers prioritaires accompagnes par des",
             "etudiants benevoles : leur rapport a l'ecole, a la classe, aux devoirs.",
         ]), name="barometre.pdf",
         description_fr="Ce que disent les enfants de leur rapport à l'école.",
         description_en="What children say about how they relate to school.")  # fmt: skip
    _add(edition, PRESS_RELEASES, 0,
         f"Communiqué : la {edition.number}e Journée du Refus de l'Échec Scolaire",
         f"Press release: the {edition.number}th day against school failure",
         content=pdf_bytes("Communique de presse", [
             f"Le {edition.day:%d/%m/%Y}, debats, conferences et ateliers partout en France.",
             "Chaque annee, 100 000 a 150 000 jeunes quittent l'ecole sans diplome.",
         ]), name="communique.pdf")  # fmt: skip
    _add(edition, LOGOS, 0, "Logo de la journée", "The day's logo",
         content=png_bytes((400, 400), "JRES"), name="logo.png",
         description_fr="PNG, 400 × 400 pixels.",
         description_en="PNG, 400 × 400 pixels.")  # fmt: skip
    for position, (width, height) in enumerate(BANNER_SIZES):
        _add(edition, BANNERS, position, f"Bannière {width} × {height}",
             f"Banner {width} × {height}",
             content=png_bytes((width, height), "#RefusEchecScolaire"),
             name=f"banniere-{width}x{height}.png")  # fmt: skip
    _add(edition, VIDEOS, 0, "Présentation de la journée en vidéo", "The day in a video",
         video_url=VIDEO_URL,
         description_fr="Trois minutes pour comprendre la journée.",
         description_en="Three minutes to understand the day.")  # fmt: skip
    count += 4 + len(BANNER_SIZES)
    previous = Edition.objects.public().filter(year__lt=edition.year).first()
    if previous is not None:
        _add(previous, BAROMETERS, 0, f"Baromètre {previous.year}", f"{previous.year} barometer",
             content=pdf_bytes(f"Barometre {previous.year}", ["Les resultats de l'enquete."]),
             name="barometre.pdf")  # fmt: skip
        _add(previous, LOGOS, 0, f"Logo {previous.year}", f"Logo {previous.year}",
             content=png_bytes((200, 200), str(previous.year)), name="logo.png")  # fmt: skip
        count += 2
    for kit_edition in filter(None, (edition, previous)):
        archive.build_archive(kit_edition)
    return count
