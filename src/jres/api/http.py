"""HTTP around every answer: rate limits, validators, conditional requests, cached bodies.

An answer's `ETag` is a digest of the counters of the data it shows (`core.caching`), its
address and its language: it changes when, and only when, the data may have changed. A
client that sends it back gets `304` after one small query and no rendering; any other
client shares the body computed for the same address, kept in the cache under that ETag.
"""

import hashlib
import time
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

from jres.core.caching import generation

from .errors import ApiError
from .models import DataLicence

BODY_CACHE_SECONDS = 300
# Bodies larger than this are computed each time rather than kept: a national CSV would
# fill the cache for the few clients who ask for it.
MAX_CACHED_BYTES = 2_000_000
# Characters a query string cannot carry to the database (PostgreSQL refuses NUL).
_FORBIDDEN = ("\x00",)


# --- rate limit -------------------------------------------------------------------------


def _rate() -> tuple[int, int] | None:
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
        rate = _rate()
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
        rate = _rate()
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


def _versions(scope: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(generation(name) for name in scope)


def _last_modified(scope: tuple[str, ...], versions: tuple[int, ...]) -> float:
    """When the data last changed, as far as this cache knows: the first time a counter's
    value was seen (the shared cache makes it the same for every app server)."""
    now = time.time()
    return max(
        cache.get_or_set(f"api:seen:{name}:{version}", now, 86400)
        for name, version in zip(scope, versions, strict=True)
    )


def _etag(request, versions: tuple[int, ...]) -> str:
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    licence = DataLicence.current()  # named by every answer's Link header, and the index
    licence = f"{licence.url}|{licence.name}|{licence.attribution}"
    source = f"v1|{versions}|{licence}|{get_language()}|{request.path}|{query}"
    return '"' + hashlib.sha256(source.encode()).hexdigest()[:32] + '"'


def _decorate(response, request, *, etag: str, modified: float, max_age: int) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = formatdate(modified, usegmt=True)
    patch_cache_control(response, public=True, max_age=max_age)
    licence = DataLicence.current()
    response["Link"] = f'<{licence.url}>; rel="license"'
    if rate := getattr(request, "api_rate", None):
        response["X-RateLimit-Limit"], response["X-RateLimit-Remaining"] = map(str, rate)
    return response


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
    versions = _versions(scope)
    etag = _etag(request, versions)
    modified = _last_modified(scope, versions)
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(modified))
    if not_modified is not None:
        return _decorate(not_modified, request, etag=etag, modified=modified, max_age=max_age)

    key = f"api:body:{etag}"
    stored = cache.get(key) if cached else None
    if stored is None:
        body = build()
        if isinstance(body.content, bytes) and cached and len(body.content) <= MAX_CACHED_BYTES:
            cache.set(key, body, BODY_CACHE_SECONDS)
    else:
        body = stored
    if isinstance(body.content, bytes):
        response = HttpResponse(body.content, content_type=body.content_type)
    else:
        response = StreamingHttpResponse(body.content, content_type=body.content_type)
    if body.filename:
        response["Content-Disposition"] = f'inline; filename="{body.filename}"'
    return _decorate(response, request, etag=etag, modified=modified, max_age=max_age)
