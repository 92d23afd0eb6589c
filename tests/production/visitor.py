"""A visitor of the app servers over real HTTP, as a browser behaves: one cookie jar
whatever server answers (cookies are not bound to a port, as behind one reverse proxy),
a form's hidden fields (its CSRF token among them) sent back with what is typed, and
redirects reported rather than followed."""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class Answer:
    status: int
    body: str
    location: str


class _HiddenFields(HTMLParser):
    """The hidden inputs of each form of a page, in order."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({})
        elif tag == "input" and attributes.get("type") == "hidden" and self.forms:
            self.forms[-1][attributes.get("name") or ""] = attributes.get("value") or ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    def __init__(self, *, timeout: float = 30):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )
        self.timeout = timeout
        self.hidden: dict[str, str] = {}

    def get(self, url: str) -> Answer:
        return self._open(urllib.request.Request(url))

    def load_form(self, url: str) -> Answer:
        """GET a page and keep the hidden fields of its first form with a CSRF token, which
        the next posts send back."""
        answer = self.get(url)
        parser = _HiddenFields()
        parser.feed(answer.body)
        form = next((form for form in parser.forms if "csrfmiddlewaretoken" in form), None)
        if form is None:
            raise AssertionError(f"no form with a CSRF token at {url} ({answer.status})")
        self.hidden = form
        return answer

    def post(self, url: str, data: dict[str, str]) -> Answer:
        """POST the loaded form's hidden fields and `data`, with the Origin a browser sends."""
        parts = urllib.parse.urlsplit(url)
        body = urllib.parse.urlencode({**self.hidden, **data}).encode()
        request = urllib.request.Request(
            url, data=body, headers={"Origin": f"{parts.scheme}://{parts.netloc}"}
        )
        return self._open(request)

    def cookie(self, name: str) -> str | None:
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def _open(self, request: urllib.request.Request) -> Answer:
        try:
            response = self.opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx
            response = error
        with response:
            return Answer(
                status=response.status,
                body=response.read().decode(errors="replace"),
                location=response.headers.get("Location", ""),
            )


def with_session(session_key: str, *, name: str = "sessionid") -> Visitor:
    """A visitor presenting a given session cookie (e.g. one kept from before a log-out)."""
    visitor = Visitor()
    visitor.cookies.set_cookie(
        http.cookiejar.Cookie(
            version=0, name=name, value=session_key, port=None, port_specified=False,
            domain="127.0.0.1", domain_specified=False, domain_initial_dot=False, path="/",
            path_specified=True, secure=False, expires=None, discard=True, comment=None,
            comment_url=None, rest={}, rfc2109=False,
        )
    )  # fmt: skip
    return visitor
