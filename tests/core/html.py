"""Small readers of rendered HTML, so tests assert on elements rather than on substrings."""

import re
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in {"script", "style", "title"}:
            self._hidden += 1

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in {"script", "style", "title"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


def _collect(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def elements(html: str, tag: str | None = None) -> list[dict[str, str | None]]:
    """The attributes of every element (of one tag, if given), in document order."""
    return [attrs for name, attrs in _collect(html).elements if tag is None or name == tag]


def tags(html: str) -> list[str]:
    return [name for name, _attrs in _collect(html).elements]


def text(html: str) -> str:
    """The visible text, entities decoded, whitespace collapsed to single spaces."""
    return re.sub(r"\s+", " ", "".join(_collect(html).text)).strip()


def local_links(html: str) -> set[str]:
    """Every href that points inside the site (starts with a single "/")."""
    return {
        attrs["href"]
        for attrs in elements(html, "a")
        if attrs.get("href", "").startswith("/") and not attrs["href"].startswith("//")
    }
