"""The day's mix of visitors, for bench/peak.py: who asks for what, and the tally per page.

A closed loop of `clients` concurrent clients (bench/load.py's client: asyncio, one
connection per request). Each client, when its last request has returned, draws its next
visit so that of the requests sent, about SHARES of them go to each kind of visitor:

- anonymous visitors (90 %): the home page, the list (first page or one region), the map's
  data at the zooms and bounding boxes the map's script sends, and event pages. Event
  pages are drawn from a sample of labelled events with Zipf weights (the k-th most
  visited event gets 1/k of the first's visits): on the day a few events, shared by a
  newspaper or a school, draw most visitors, and the long tail still misses every cache;
- people registering (8 %): the registration form of one of the events open for it (the
  GET sets the CSRF cookie and token), the form sent with a new name and address each
  time, then the registration's page that the answer redirects to, with the cookies the
  answer set (its message), as a browser follows it: three requests;
- organisers and moderators (2 %), each signed in once at the start through the login
  form (and the code of its authenticator app, which the moderators' accounts have) with
  its own session: an organiser's list of events, one of its events, its edit
  form, its registrants; the moderation queue, filtered by region, and a submitted
  event's review page.

Every answer is checked: its status (200, or the registration's redirect to its page) and
for pages that a stale or wrong answer could pass for, a piece of their content.
"""

import asyncio
import base64
import bisect
import hashlib
import hmac
import itertools
import random
import re
import struct
import sys
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load as bench  # noqa: E402  (bench/load.py: the HTTP client, percentiles)

SHARES = {"anonymous": 0.90, "registering": 0.08, "staff": 0.02}
REGISTRATION_REQUESTS = 3
# Among anonymous requests.
ANONYMOUS = {"home": 0.20, "list": 0.25, "map": 0.20, "event": 0.35}
ZIPF_EXPONENT = 1.0


def bbox(west: float, south: float, east: float, north: float) -> str:
    """As the map's script writes it: three decimals, URLSearchParams' %2C."""
    return "%2C".join(f"{value:.3f}" for value in (west, south, east, north))


LISTS = ["/evenements/", "/evenements/?region=11"]
MAPS = [
    # mainland France on a ~1,200 × 800 pixel map (zoom 6), Bordeaux (9), central Paris (14)
    f"/evenements/carte.geojson?zoom=6&bbox={bbox(-5.5, 41, 10, 51.5)}",
    f"/evenements/carte.geojson?zoom=9&bbox={bbox(-2.23, 44.06, 1.07, 45.62)}",
    f"/evenements/carte.geojson?zoom=14&bbox={bbox(2.297, 48.831, 2.400, 48.876)}",
]
MAP_NATIONAL = MAPS[0]
TIMEOUT = 30
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- the tally --------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    cache: Counter = field(default_factory=Counter)
    bytes: int = 0


class Recorder:
    """Latencies, errors and the proxy's X-Cache-Status, per kind of page."""

    def __init__(self):
        self.kinds: dict[str, Tally] = {}

    def tally(self, kind: str) -> Tally:
        return self.kinds.setdefault(kind, Tally())

    def error(self, kind: str, what: str) -> None:
        self.tally(kind).errors[what] += 1


def header(head: bytes, name: str) -> str:
    """The first value of a response header ('' when absent)."""
    match = re.search(rb"\r\n" + name.encode() + rb": *([^\r\n]*)", head, re.IGNORECASE)
    return match.group(1).decode("latin-1") if match else ""


def set_cookies(head: bytes) -> dict[str, str]:
    """name → value of the answer's Set-Cookie headers."""
    cookies = {}
    for match in re.finditer(rb"\r\nSet-Cookie: *([^=\r\n]+)=([^;\r\n]*)", head, re.IGNORECASE):
        cookies[match.group(1).decode()] = match.group(2).decode("latin-1")
    return cookies


def cookie_header(cookies: dict[str, str]) -> str:
    if not cookies:
        return ""
    return "Cookie: " + "; ".join(f"{name}={value}" for name, value in cookies.items()) + "\r\n"


def totp(secret: str, period: int = 30, digits: int = 6) -> str:
    """The authenticator app's current code (RFC 6238, as allauth.mfa checks it)."""
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // period), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}}"


# --- the visitors -----------------------------------------------------------------------


@dataclass
class Plan:
    """What the visitors ask for (peak_setup.prepare's answer) and where."""

    port: int
    event_pages: list[str]
    register: list[str]
    organisers: list[dict]
    moderators: list[dict]
    reviews: list[int]
    password: str
    totp_secret: str = ""  # the moderators' authenticator app, when the code asks for one
    sessions: dict[str, str] = field(default_factory=dict)  # e-mail → session cookie

    def __post_init__(self):
        weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, len(self.event_pages) + 1)]
        self._cumulative = list(itertools.accumulate(weights))

    def event_page(self, rng: random.Random) -> str:
        index = bisect.bisect(self._cumulative, rng.random() * self._cumulative[-1])
        return f"/evenements/{self.event_pages[min(index, len(self.event_pages) - 1)]}/"


class Visitors:
    def __init__(self, plan: Plan, recorder: Recorder):
        self.plan, self.recorder = plan, recorder
        staff = SHARES["staff"]
        registering = SHARES["registering"] / REGISTRATION_REQUESTS
        total = SHARES["anonymous"] + registering + staff
        # Thresholds on one draw in [0, 1): anonymous, then registering, then staff.
        self.thresholds = (SHARES["anonymous"] / total, (SHARES["anonymous"] + registering) / total)
        self.sent = 0

    async def request(
        self,
        kind: str,
        path: str,
        *,
        headers: str = "",
        method: str = "GET",
        body: bytes = b"",
        expect: int = 200,
        contains: bytes = b"",
    ) -> tuple[bytes, bytes] | None:
        """One timed request; (head, body), or None when it failed (counted)."""
        tally = self.recorder.tally(kind)
        if body:
            headers += "Content-Type: application/x-www-form-urlencoded\r\n"
        begin = time.perf_counter()
        try:
            status, head, content = await asyncio.wait_for(
                bench.roundtrip(self.plan.port, path, headers, method=method, body=body),
                TIMEOUT,
            )
        except TimeoutError:
            tally.errors["timeout"] += 1
            return None
        except OSError as error:
            tally.errors[type(error).__name__] += 1
            await asyncio.sleep(0.05)
            return None
        finally:
            self.sent += 1
        tally.latencies.append(time.perf_counter() - begin)
        tally.bytes += len(content)
        if cache := header(head, "X-Cache-Status"):
            tally.cache[cache] += 1
        if status != expect:
            tally.errors[f"HTTP {status}"] += 1
            return None
        if contains and contains not in content:
            tally.errors["unexpected content"] += 1
            return None
        return head, content

    async def visit(self, rng: random.Random) -> None:
        draw = rng.random()
        if draw < self.thresholds[0]:
            await self.anonymous(rng)
        elif draw < self.thresholds[1]:
            await self.registration(rng)
        else:
            await self.staff(rng)

    async def anonymous(self, rng: random.Random) -> None:
        kind = rng.choices(list(ANONYMOUS), weights=list(ANONYMOUS.values()))[0]
        if kind == "home":
            await self.request("home", "/")
        elif kind == "list":
            await self.request("list", rng.choice(LISTS), contains=b"/evenements/")
        elif kind == "map":
            await self.request("map", rng.choice(MAPS), contains=b'"FeatureCollection"')
        else:
            await self.request("event", self.plan.event_page(rng))

    async def registration(self, rng: random.Random) -> None:
        path = f"/evenements/{rng.choice(self.plan.register)}/inscription/"
        answer = await self.request("register: form", path, contains=b"csrfmiddlewaretoken")
        if answer is None:
            return
        cookies = set_cookies(answer[0])
        token = _TOKEN.search(answer[1])
        if not token or "csrftoken" not in cookies:
            self.recorder.error("register: form", "no CSRF token")
            return
        number = rng.getrandbits(48)
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "name": f"Visiteur {number}",
                "email": f"v{number}@example.net",
                "role": "parent",
                "places": "1",
                "consent": "on",
            }
        ).encode()
        answer = await self.request(
            "register: send",
            path,
            headers=cookie_header(cookies),
            method="POST",
            body=body,
            expect=302,
        )
        if answer is None:
            return
        location = header(answer[0], "Location")
        if not location.startswith("/inscription/"):
            self.recorder.error("register: send", f"redirected to {location[:40]!r}")
            return
        cookies |= set_cookies(answer[0])
        await self.request(
            "register: done", location, headers=cookie_header(cookies), contains=b"Visiteur"
        )

    async def staff(self, rng: random.Random) -> None:
        plan = self.plan
        if rng.random() < 0.75 or not plan.moderators:
            user = rng.choice(plan.organisers)
            pk = rng.choice(user["events"])
            kind, path = rng.choice(
                [
                    ("organiser: my events", "/mes-evenements/"),
                    ("organiser: event", f"/mes-evenements/{pk}/"),
                    ("organiser: edit form", f"/mes-evenements/{pk}/modifier/"),
                    ("organiser: registrants", f"/mes-evenements/{pk}/inscriptions/"),
                ]
            )
        else:
            user = rng.choice(plan.moderators)
            kind, path = rng.choice(
                [
                    ("moderator: queue", "/moderation/"),
                    ("moderator: queue", "/moderation/?statut=submitted&region=11"),
                    ("moderator: review", f"/moderation/{rng.choice(plan.reviews)}/"),
                ]
            )
        session = plan.sessions[user["email"]]
        # A signed-in page has the menu's sign-out form: a lost session would show the
        # login page instead.
        await self.request(
            kind, path, headers=cookie_header({"sessionid": session}), contains=b"/compte/logout/"
        )

    async def send_form(self, path: str, fields: dict, cookies: dict) -> str:
        """GET a form, POST it with its CSRF token: where the answer redirects to. The
        cookies the answers set are added to `cookies`."""
        answer = await self.request("sign in", path, headers=cookie_header(cookies))
        if answer is None:
            raise RuntimeError(f"GET {path}: {dict(self.recorder.tally('sign in').errors)}")
        cookies |= set_cookies(answer[0])
        token = _TOKEN.search(answer[1])
        if not token or "csrftoken" not in cookies:
            raise RuntimeError(f"the form of {path} has no CSRF token")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1).decode()} | fields
        ).encode()
        answer = await self.request(
            "sign in",
            path,
            headers=cookie_header(cookies),
            method="POST",
            body=body,
            expect=302,
        )
        if answer is None:
            raise RuntimeError(f"POST {path}: {dict(self.recorder.tally('sign in').errors)}")
        cookies |= set_cookies(answer[0])
        return header(answer[0], "Location")

    async def sign_in(self, email: str) -> str:
        """Through the login form, as a browser, and the authenticator app's code when
        the account has one: the session cookie."""
        cookies: dict[str, str] = {}
        fields = {"login": email, "password": self.plan.password}
        location = await self.send_form("/compte/login/", fields, cookies)
        if "/2fa/authenticate/" in location:
            if not self.plan.totp_secret:
                raise RuntimeError(f"{email} is asked for a second factor it does not have")
            code = totp(self.plan.totp_secret)
            location = await self.send_form(location, {"code": code}, cookies)
        if not cookies.get("sessionid") or "/compte/login/" in location:
            raise RuntimeError(f"{email} could not sign in (sent to {location!r})")
        return cookies["sessionid"]


async def sign_in_all(plan: Plan) -> None:
    """Every organiser and moderator, once, four at a time."""
    visitors = Visitors(plan, Recorder())
    users = [user["email"] for user in plan.organisers + plan.moderators]

    async def sign_in_next() -> None:
        while users:
            email = users.pop()
            plan.sessions[email] = await visitors.sign_in(email)

    await asyncio.gather(*(sign_in_next() for _ in range(4)))


async def run(plan: Plan, *, clients: int, duration: float, seed: int = 1):
    """The closed loop for `duration` seconds: (recorder, elapsed seconds, requests sent)."""
    recorder = Recorder()
    visitors = Visitors(plan, recorder)
    loop = asyncio.get_running_loop()
    started = loop.time()
    deadline = started + duration

    async def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        while loop.time() < deadline:
            await visitors.visit(rng)

    tasks = [asyncio.create_task(client(number)) for number in range(clients)]
    await asyncio.wait(tasks, timeout=duration + TIMEOUT * REGISTRATION_REQUESTS + 5)
    for task in tasks:
        task.cancel()
    return recorder, loop.time() - started, visitors.sent
