"""Cross-site scripting payloads, each carrying a unique marker, and the reader that says
whether a rendered page lets one of them run.

A payload "got through" when its marker shows up where a browser would run it: inside an
executable <script>, in an event-handler attribute (on*), in a javascript:/vbscript:/data:
address of a link, a frame or a form, in an iframe's srcdoc, or when template syntax typed
by a visitor was evaluated. Escaped text is harmless and is what we expect to find.
"""

import itertools
import re
from html.parser import HTMLParser

# {m} becomes the marker. One list per kind of field: free text, e-mail address, web address.
TEXT = [
    '<script>alert("{m}")</script>',
    "<img src=x onerror=alert('{m}')>",
    '"><svg onload=alert("{m}")>',
    "javascript:alert('{m}')",
    "[voir](javascript:alert('{m}')) <a href=\"javascript:alert('{m}')\">lien</a>",
    '{m} {{{{ 7*7 }}}} {{% now "Y" %}}',
]
# Quoted local parts are valid addresses (RFC 5322), so these pass Django's EmailValidator.
EMAIL = [
    "\"<script>alert('{m}')</script>\"@example.org",
    "\"<img/src=x/onerror=alert('{m}')>\"@example.org",
    "\"'><svg/onload=alert('{m}')>\"@example.org",
]
# Valid http(s) addresses whose rest tries to leave the attribute, and a javascript: one.
URL = [
    "javascript:alert('{m}')",
    "https://example.org/?q=\"><script>alert('{m}')</script>",
    "https://example.org/\"onmouseover=\"alert('{m}')",
    "https://example.org/'><img/src=x/onerror=alert('{m}')>",
]
# For short fields (a first name of 30 characters): the same attacks, tersely.
SHORT = [
    "<script>{m}</script>",
    "<svg/onload={m}>",
    '"><b onclick={m}>',
    "javascript:{m}",
    "[a](javascript:{m})",
    "{m} {{{{7*7}}}}",
]
ROUNDS = max(len(TEXT), len(EMAIL), len(URL))

_counter = itertools.count(1)
MARKER = re.compile(r"XSS\d{6}Q", re.IGNORECASE)  # addresses may come back lowercased
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


def marker() -> str:
    return f"XSS{next(_counter):06d}Q"


def payload(
    kind: str,
    round_number: int,
    *,
    offset: int = 0,
    max_length: int | None = None,
    storable: bool = False,
) -> tuple[str, str]:
    """(value, marker) for a field of `kind` ("text", "email", "url") in a round; `offset`
    shifts the list so the fields of one form get different payloads in the same round.
    `storable` keeps to addresses a URL field accepts (http and https)."""
    templates = {"text": TEXT, "email": EMAIL, "url": URL[1:] if storable else URL}[kind]
    if kind == "text" and max_length is not None and max_length < 60:
        templates = SHORT
    mark = marker()
    return templates[(round_number + offset) % len(templates)].format(m=mark), mark


class _Reader(HTMLParser):
    """Collects the markers a browser would run, and the page's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()
        self.text: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        if tag == "script" and attributes.get("type", "").strip().lower() in _EXECUTABLE_TYPES:
            self._script = []
        for name, value in attributes.items():
            if name.startswith("on") or name == "srcdoc":
                self.found.update(_markers(value))
            elif name in _URL_ATTRIBUTES:
                address = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if address.startswith(_BAD_SCHEMES):
                    self.found.update(_markers(value))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._script = None

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.found.update(_markers("".join(self._script)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        else:
            self.text.append(data)


def executable_markers(html: str) -> set[str]:
    """The markers that a browser would run in this HTML."""
    if not MARKER.search(html):
        return set()
    reader = _Reader()
    reader.feed(html)
    reader.close()
    # Template syntax evaluated: "{{ 7*7 }}" became 49 or "{% now %}" a year after the marker.
    text = " ".join(reader.text)
    evaluated = re.findall(r"(XSS\d{6}Q) (?:49|\d{4})\b", text, re.IGNORECASE)
    return reader.found | {mark.upper() for mark in evaluated}


def _markers(text: str) -> set[str]:
    return {mark.upper() for mark in MARKER.findall(text)}


def shown_markers(html: str) -> set[str]:
    """Every marker present in the page, escaped or not (to prove the value was shown)."""
    return _markers(html)
