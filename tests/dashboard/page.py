"""Readers of the dashboard's HTML: the cards, the data tables and the SVG charts."""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

SVG = "{http://www.w3.org/2000/svg}"


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cards: dict[str, tuple[str, str]] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self._card: tuple[str, str] | None = None
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._text: list[str] = []
        self._svg = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg":
            self._svg += 1
        if tag == "a" and "data-figure" in attrs:
            self._card = (attrs["data-figure"], attrs["href"])
            self._text = []
        if tag == "table" and "data-table" in attrs:
            self._table = attrs["data-table"]
            self.tables[self._table] = []
        if self._table and tag == "tr":
            self._row = []
        if self._row is not None and tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg -= 1
        if tag == "a" and self._card:
            key, href = self._card
            self.cards[key] = ("".join(self._text).strip(), href)
            self._card = None
        if tag in {"td", "th"} and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        if tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._svg:
            return
        if self._card:
            self._text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def number(text: str) -> int:
    """A figure as the page prints it ("1 234", "1,234", "12")."""
    return int(re.sub(r"[^\d]", "", text))


def svg(html: str, chart_id: str) -> ET.Element:
    """The chart `chart_id`, parsed as XML (it fails if the markup is not well-formed)."""
    match = re.search(rf'<svg [^>]*id="{re.escape(chart_id)}".*?</svg>', html, re.S)
    assert match, f"no chart {chart_id}"
    return ET.fromstring(match.group())  # noqa: S314 (markup of our own rendering)
