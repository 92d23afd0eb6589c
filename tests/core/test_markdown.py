"""Markdown from staff and organisers is rendered, and nothing in it can run."""

import re

import pytest

from jres.core.markdown import render_markdown
from tests.core.html import elements, tags, text
from tests.factories import PageFactory

PAYLOADS = "\n\n".join(
    [
        "<script>alert('xss')</script>",
        "[piège](javascript:alert(1))",
        '<img src=x onerror="alert(2)">',
        '<a href="javascript:alert(3)">lien brut</a>',
        "<b>gras brut</b> <iframe src=https://evil.example></iframe>",
        '[autre](JAVASCRIPT:alert(4) "titre")',
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)",
    ]
)


def _assert_nothing_active(html: str) -> None:
    assert "script" not in tags(html)
    assert "iframe" not in tags(html)
    assert "img" not in tags(html)
    for attrs in elements(html):
        assert not [name for name in attrs if name.startswith("on")], attrs
    for attrs in elements(html, "a"):
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:")), attrs


def test_script_tag_is_escaped_not_rendered():
    html = render_markdown("Avant <script>alert('xss')</script> après")

    assert "script" not in tags(html)
    assert "&lt;script&gt;" in html
    assert text(html) == "Avant <script>alert('xss')</script> après"


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x]( javascript:alert(1) )",
        "[x](<javascript:alert(1)>)",
        "[x](data:text/html,<script>alert(1)</script>)",
        "<javascript:alert(1)>",
    ],
)
def test_links_never_carry_a_script_url(source):
    html = render_markdown(source)

    for attrs in elements(html, "a"):
        assert not (attrs.get("href") or "").lower().strip().startswith(("javascript:", "data:"))
    assert "javascript:" not in " ".join(
        (attrs.get("href") or "").lower() for attrs in elements(html)
    )


def test_image_with_event_handler_produces_no_handler():
    html = render_markdown("<img src=x onerror=alert(1)>")

    assert "img" not in tags(html)
    assert all(not any(name.startswith("on") for name in attrs) for attrs in elements(html))
    assert "onerror" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")


def test_raw_html_is_shown_as_text_not_markup():
    html = render_markdown('<b>gras</b> <div class="x">bloc</div> <a href="/admin/">admin</a>')

    assert set(tags(html)) == {"p"}
    assert text(html) == '<b>gras</b> <div class="x">bloc</div> <a href="/admin/">admin</a>'


def test_markdown_headings_emphasis_lists_and_links_are_rendered():
    html = render_markdown(
        "## Un enjeu national\n\n"
        "### Détail\n\n"
        "Du *texte* et du **gras**.\n\n"
        "- premier\n- second\n\n"
        "1. un\n2. deux\n\n"
        "[Le site](https://example.org/page) et [écrire](mailto:contact@example.org)"
    )

    assert "<h2>Un enjeu national</h2>" in html
    assert "<h3>Détail</h3>" in html
    assert "<em>texte</em>" in html
    assert "<strong>gras</strong>" in html
    assert "<ul>\n<li>premier</li>\n<li>second</li>\n</ul>" in html
    assert "<ol>\n<li>un</li>\n<li>deux</li>\n</ol>" in html
    links = elements(html, "a")
    assert [link["href"] for link in links] == [
        "https://example.org/page",
        "mailto:contact@example.org",
    ]
    for link in links:
        assert set(link["rel"].split()) == {"noopener", "noreferrer", "nofollow"}


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_all_payloads_together_leave_nothing_active():
    html = render_markdown(PAYLOADS)

    _assert_nothing_active(html)
    assert "alert('xss')" in text(html)


@pytest.mark.django_db
def test_page_with_hostile_markdown_is_shown_inert(client):
    page = PageFactory(
        slug="page-piegee", title_fr="Page piégée", body_fr="## Intertitre\n\n" + PAYLOADS
    )

    response = client.get(f"/{page.slug}/")

    assert response.status_code == 200
    html = response.content.decode()
    article = re.search(r"<article.*?</article>", html, re.DOTALL).group(0)
    _assert_nothing_active(article)
    assert "<h2>Intertitre</h2>" in article
    # Nowhere on the page (layout included) does a payload become markup.
    assert "<script>alert" not in html
    assert "<iframe" not in html
    for attrs in elements(html):
        assert not [name for name in attrs if name.startswith("on")], attrs
        assert "javascript:" not in (attrs.get("href") or "").lower()
    body = text(html)
    assert "<script>alert('xss')</script>" in body
    assert "<b>gras brut</b>" in body
    assert "Page piégée" in body
