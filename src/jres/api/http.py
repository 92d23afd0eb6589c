"""HTTP around every answer: rate limits, validators, conditional requests, cached bodies.

An answer's `ETag` is a digest of the counters of the data it shows (`core.caching`, and
the licence's), its address and its language: it changes when, and only when, the data may
have changed. A client that sends it back gets `304` after one small query and no
rendering; any other client shares the body computed for the same address, kept in the
cache under that ETag (and in the process's memory for the most recent ones).
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from email.utils import formatdate
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language
from ninja.throttling import BaseThrottle

from jres.core.caching import generations

from . import models
from .errors import ApiError
from .models import DataLicence

BODY_CACHE_SECONDS = 300
# Bodies larger than this are computed each time rather than kept: a national CSV would
# fill the cache for the few clients who ask for it.
MAX_CACHED_BYTES = 2_000_000
# Characters a query string cannot carry to the database (PostgreSQL refuses NUL).
_FORBIDDEN = ("\x00",)


# --- rate limit -------------------------------------------------------------------------


def rate_limit() -> tuple[int, int] | None:
    """(requests, seconds) from API_RATE_LIMIT ("600/60"); None when empty."""
    value = settings.API_RATE_LIMIT
    if not value:
        return None
    requests, seconds = value.split("/")
    return int(requests), int(seconds)


def _client_address(request) -> str:
    """The client's address as allauth reads it (the same proxies trusted); requests whose
    address cannot be read (a WSGI server on a Unix socket may give none) share one count,
    rather than being refused with allauth's HTML 403."""
    try:
        return get_adapter().get_client_ip(request)
    except PermissionDenied:
        return "unknown"


class ClientRateThrottle(BaseThrottle):
    """A fixed window per client address, counted in the shared cache (Redis in production).

    One atomic increment a request; every app server sees the same count.
    """

    def allow_request(self, request) -> bool:
        rate = rate_limit()
        if rate is None:
            return True
        limit, seconds = rate
        window = int(time.time() // seconds)
        key = f"api:rate:{_client_address(request)}:{window}"
        if cache.add(key, 1, seconds + 1):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between the two calls
                cache.add(key, 1, seconds + 1)
                count = 1
        request.api_rate = (limit, max(limit - count, 0))
        return count <= limit

    def wait(self) -> float | None:
        rate = rate_limit()
        if rate is None:
            return None
        seconds = rate[1]
        return seconds - time.time() % seconds


# --- parameters -------------------------------------------------------------------------


def check_parameters(request, allowed: Iterable[str]) -> None:
    """Refuse a parameter the operation does not know: a typo must not widen the answer."""
    allowed = set(allowed)
    for name in request.GET:
        if name not in allowed:
            raise ApiError(
                f"Unknown parameter “{name[:40]}”. This address accepts: "
                + ", ".join(sorted(allowed))
                + ".",
                parameter=name[:40],
                code="unknown_parameter",
            )
        for value in request.GET.getlist(name):
            if any(character in value for character in _FORBIDDEN):
                raise ApiError(
                    f"Parameter “{name}”: control characters are not allowed.", parameter=name
                )


# --- answers ----------------------------------------------------------------------------


@dataclass
class Body:
    content: bytes | Iterator[bytes]
    content_type: str
    filename: str = ""


class _Memo:
    """A process's own copy of recent entries whose key names the data's state (an ETag, a
    counter's value): such an entry is never stale, so the popular answers skip the shared
    cache's round trip and its copy of a 150 KB body. Bounded by count and by bytes."""

    def __init__(self, *, entries: int, size: int):
        self.entries, self.size = entries, size
        self._items: OrderedDict[str, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def set(self, key: str, value, size: int = 0) -> None:
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (value, size)
            self._bytes += size
            while len(self._items) > self.entries or self._bytes > self.size:
                _key, (_value, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped


_bodies = _Memo(entries=128, size=32_000_000)
_seen = _Memo(entries=64, size=0)


def forget() -> None:
    """Empty this process's copies (the tests' fresh cache, whose counters start again)."""
    global _bodies, _seen
    _bodies = _Memo(entries=_bodies.entries, size=_bodies.size)
    _seen = _Memo(entries=_seen.entries, size=_seen.size)


def _last_modified(scope: tuple[str, ...], versions: tuple[int, ...]) -> float:
    """When the data last changed, as far as the caches know: the first time a counter's
    value was seen (the shared cache makes it the same for every app server)."""
    moments = []
    for name, version in zip(scope, versions, strict=True):
        key = f"api:seen:{name}:{version}"
        moment = _seen.get(key)
        if moment is None:
            moment = cache.get_or_set(key, time.time(), 86400)
            _seen.set(key, moment)
        moments.append(moment)
    return max(moments)


def _licence(version: int) -> DataLicence:
    """The licence as of its counter's value: read from the shared cache once a process."""
    key = f"api:licence:{version}"
    licence = _seen.get(key)
    if licence is None:
        licence = DataLicence.current()
        _seen.set(key, licence)
    return licence


def _etag(request, versions: tuple[int, ...]) -> str:
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    source = f"v1|{versions}|{get_language()}|{request.path}|{query}"
    return '"' + hashlib.sha256(source.encode()).hexdigest()[:32] + '"'


def _decorate(response, request, *, etag: str, modified: float, max_age: int,
              licence: DataLicence) -> HttpResponse:  # fmt: skip
    response["ETag"] = etag
    response["Last-Modified"] = formatdate(modified, usegmt=True)
    patch_cache_control(response, public=True, max_age=max_age)
    response["Link"] = f'<{licence.url}>; rel="license"'
    if rate := getattr(request, "api_rate", None):
        response["X-RateLimit-Limit"], response["X-RateLimit-Remaining"] = map(str, rate)
    return response


def _cached_body(key: str) -> Body | None:
    body = _bodies.get(key)
    if body is None:
        body = cache.get(key)
        if body is not None:
            _bodies.set(key, body, len(body.content))
    return body


def serve(
    request,
    *,
    scope: tuple[str, ...],
    build: Callable[[], Body],
    max_age: int = 60,
    cached: bool = True,
) -> HttpResponse:
    """The answer for this address: 304, the shared cached body, or `build()`'s.

    `scope` names the counters of the data shown. `build` runs only when needed; a body
    whose content is an iterator is streamed and never cached.
    """
    # The licence's counter too: every answer names it (Link header, and the index).
    scope = (*scope, models.GENERATION)
    versions = generations(*scope)
    licence = _licence(versions[-1])
    etag = _etag(request, versions)
    modified = _last_modified(scope, versions)
    headers = {"etag": etag, "modified": modified, "max_age": max_age, "licence": licence}
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(modified))
    if not_modified is not None:
        return _decorate(not_modified, request, **headers)

    key = f"api:body:{etag}"
    body = _cached_body(key) if cached else None
    if body is None:
        body = build()
        if isinstance(body.content, bytes) and cached and len(body.content) <= MAX_CACHED_BYTES:
            cache.set(key, body, BODY_CACHE_SECONDS)
            _bodies.set(key, body, len(body.content))
    if isinstance(body.content, bytes):
        response = HttpResponse(body.content, content_type=body.content_type)
    else:
        response = StreamingHttpResponse(body.content, content_type=body.content_type)
    if body.filename:
        response["Content-Disposition"] = f'inline; filename="{body.filename}"'
    return _decorate(response, request, **headers)
