"""What the poster and the images show, and that any title stays on the page."""

import subprocess

import pytest

from jres.events.models import AttendanceMode
from jres.events.structured_data import absolute_url
from jres.posters import content, rendering
from tests.events.factories import EventFactory
from tests.posters.conftest import decode_qr, image, pdf_pages, pdf_text, pdf_words

pytestmark = pytest.mark.django_db

A4 = (595.3, 841.9)
A3 = (841.9, 1190.6)
LONG_TITLE = (
    "Rencontre départementale des parents d'élèves, des enseignants et des associations "
    "de quartier : comment l'école, la famille et la cité refusent ensemble l'échec "
    "scolaire, dès l'école primaire"
)


def _compact(text: str) -> str:
    """Text without spaces nor hyphens: a word broken across two lines still matches."""
    return "".join(text.split()).replace("-", "").replace("\u00ad", "")


def test_the_poster_shows_the_event_with_its_accents_and_apostrophes(event):
    a4, _a3 = rendering.posters(content.poster_texts(event))
    text = pdf_text(a4)

    for expected in (
        "L'école d'été des parents : élèves, familles et enseignants",
        "Maison de quartier Saint-Michel",
        "12 rue de l'Église",
        "33800 Bordeaux",
        "Association « Réussir ensemble »",
        "Événement labellisé JRES 2026",
        "Journée du Refus de l'Échec Scolaire",
        "18:00 – 20:00",
        "#RefusÉchecScolaire",
    ):
        assert expected in text
    day = content.poster_texts(event)["day"]
    assert day.endswith("2026") and day in text


def test_the_qr_code_of_both_sizes_opens_the_event_page(event):
    a4, a3 = rendering.posters(content.poster_texts(event))

    url = absolute_url(event.get_absolute_url())
    assert url.startswith("http") and event.slug in url
    assert decode_qr(a4) == [url]
    assert decode_qr(a3) == [url]


def test_the_posters_are_one_a4_page_and_one_a3_page(event):
    a4, a3 = rendering.posters(content.poster_texts(event))

    assert [pytest.approx(size, abs=1) for size in pdf_pages(a4)] == [A4]
    assert [pytest.approx(size, abs=1) for size in pdf_pages(a3)] == [A3]


def test_a_200_character_title_shrinks_and_wraps_within_the_page(event):
    title = (LONG_TITLE + " " + LONG_TITLE)[:200]
    texts = content.poster_texts(event) | {"title": title}

    a4, _a3 = rendering.posters(texts)

    (width, height), *more_pages = pdf_pages(a4)
    assert not more_pages
    assert _compact(title) in _compact(pdf_text(a4))  # every word drawn, none clipped
    words = pdf_words(a4)
    assert all(x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height for _w, x0, y0, x1, y1 in words)
    shown = [word for word, *_box in words]
    own_words = {word for word in title.split() if len(word) > 4 and shown.count(word) == 1}
    assert own_words
    title_bottom = max(y1 for word, _x0, _y0, _x1, y1 in words if word in own_words)
    footer_top = min(y0 for word, _x0, y0, _x1, _y1 in words if word == "Toutes")
    assert title_bottom < footer_top


def test_texts_that_fit_at_no_size_are_cut_rather_than_fail(event):
    texts = content.poster_texts(event) | {
        "title": (LONG_TITLE + " ") * 5,
        "organiser": "Association " + "des parents d'élèves " * 30,
        "place": ["Salle " + "polyvalente " * 40, "12 " + "rue de l'École " * 30, "33000 Bordeaux"],
    }

    a4, _a3 = rendering.posters(texts)
    social = rendering.image_png(texts, "social")

    (_width, _height), *more_pages = pdf_pages(a4)
    assert not more_pages
    drawn = _compact(pdf_text(a4))
    assert _compact(rendering.shortened(texts)["title"]).rstrip("…") in drawn
    assert "…" in pdf_text(a4) and "Toutes" in pdf_text(a4)  # the footer and its QR code stay
    assert decode_qr(a4) == [texts["url"]]
    assert image(social).size == (1200, 630)


def test_a_word_longer_than_a_line_is_broken_rather_than_cut(event):
    texts = content.poster_texts(event) | {"title": "Anticonstitutionnellement" * 4}

    a4, _a3 = rendering.posters(texts)

    (width, _height), *more_pages = pdf_pages(a4)
    assert not more_pages
    assert all(x1 <= width for _word, _x0, _y0, x1, _y1 in pdf_words(a4))
    assert "Anticonstitutionnellement" * 4 in _compact(pdf_text(a4))


def test_emoji_are_drawn_with_a_colour_font_and_the_text_stays_whole(event):
    title = "Fête de l'école 🎉📚 : on lit ensemble, petits et grands 👩‍👧‍👦"
    texts = content.poster_texts(event) | {"title": title}

    a4, _a3 = rendering.posters(texts)

    assert len(pdf_pages(a4)) == 1
    assert "Fête de l'école" in pdf_text(a4) and "petits et grands" in pdf_text(a4)
    fonts = subprocess.run(["pdffonts", "-"], input=a4, capture_output=True, check=True).stdout
    assert b"Noto-Color-Emoji" in fonts  # not a missing-glyph box of the text font
    images = subprocess.run(["pdfimages", "-list", "-"], input=a4, capture_output=True, check=True)
    assert len(images.stdout.splitlines()) > 2  # its colour glyphs are drawn as images


def test_an_in_school_event_gives_its_commune_never_its_address(current_edition, bordeaux):
    event = EventFactory(
        edition=current_edition,
        commune=bordeaux,
        is_public=False,
        venue_name="Collège Jean-Moulin",
        address="3 avenue des Lilas",
        title="Les élèves prennent la parole",
    )
    texts = content.poster_texts(event)
    a4, _a3 = rendering.posters(texts)
    social = rendering.image_pdf(texts, "social")

    for shown in (pdf_text(a4), pdf_text(social)):
        assert "Bordeaux" in shown
        assert "Lilas" not in shown and "Jean-Moulin" not in shown
    assert "établissement scolaire" in pdf_text(a4)


def test_an_online_event_says_online(current_edition, bordeaux):
    event = EventFactory(
        edition=current_edition,
        commune=bordeaux,
        attendance_mode=AttendanceMode.ONLINE,
        online_url="https://visio.example.org/jres",
        address="",
        venue_name="",
    )

    a4, _a3 = rendering.posters(content.poster_texts(event))

    assert "En ligne" in pdf_text(a4)
    assert "visio.example.org" not in pdf_text(a4)


@pytest.mark.parametrize(("variant", "size"), [("social", (1200, 630)), ("square", (1080, 1080))])
def test_the_images_have_their_exact_size_and_the_day_s_colours(event, variant, size):
    png = image(rendering.image_png(content.poster_texts(event), variant))

    assert png.format == "PNG" and png.size == size
    assert png.convert("RGB").getpixel((4, 4)) == (0x29, 0x1F, 0x6B)  # the dark band
    assert png.convert("RGB").getpixel((4, size[1] - 4)) == (0xF7, 0xB2, 0x3B)  # the footer


@pytest.mark.parametrize("variant", ["social", "square"])
def test_a_long_title_with_emoji_stays_within_the_images(event, variant):
    title = (LONG_TITLE + " 🎓📚 " + LONG_TITLE)[:200]
    texts = content.poster_texts(event) | {"title": title}

    pdf = rendering.image_pdf(texts, variant)

    (width, height), *more_pages = pdf_pages(pdf)
    assert not more_pages
    words = pdf_words(pdf)
    assert all(x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height for _w, x0, y0, x1, y1 in words)
    assert _compact(title) in _compact(pdf_text(pdf))  # emoji included
    assert image(rendering.image_png(texts, variant)).size == rendering.IMAGES[variant]


def test_a_cancelled_event_says_so(event, organiser):
    from jres.events.services import cancel_event

    cancel_event(event=event, by=organiser, reason="Salle indisponible")
    event.refresh_from_db()

    a4, _a3 = rendering.posters(content.poster_texts(event))

    assert "Événement annulé" in pdf_text(a4)
