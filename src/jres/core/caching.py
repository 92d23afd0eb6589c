"""Whole public pages kept in the cache for anonymous visitors, and their invalidation.

A visitor without a session sees the same page as every other one: the page is rendered
once per address, language and state of the data (a `Generation` counter), then served
from the cache. Signed-in users, and visitors with a message waiting or a form in
progress, always get a freshly rendered page.

The same anonymous answers tell the reverse proxy it may keep them a few seconds
(`X-Accel-Expires`, the micro-cache of deploy/nginx/), and browsers too (`Cache-Control:
public`); every answer to a signed-in user is `private`, so no shared cache ever keeps it.
"""

import functools
import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from .models import Generation

PAGE_CACHE_SECONDS = 300
# Headers a view sets itself (Vary, Cache-Control, ...); middleware adds the rest each time.
_SKIPPED_HEADERS = {"set-cookie", "content-length"}
_GENERATION_SQL = f"SELECT value FROM {Generation._meta.db_table} WHERE name = %s"  # noqa: S608


def generation(name: str) -> int:
    """The current value of a counter (0 before its first change)."""
    # Plain SQL: every cached answer pays this query, and the ORM's query building costs
    # more than the query itself.
    with connection.cursor() as cursor:
        cursor.execute(_GENERATION_SQL, [name])
        row = cursor.fetchone()
    return row[0] if row else 0


def generations(*names: str) -> tuple[int, ...]:
    """The current values of several counters, in one query."""
    placeholders = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name, value FROM {Generation._meta.db_table} "  # noqa: S608
            f"WHERE name IN ({placeholders})",
            list(names),
        )
        values = dict(cursor.fetchall())
    return tuple(values.get(name, 0) for name in names)


def bump(name: str) -> None:
    """Make every cached answer keyed on this counter obsolete.

    Called inside the transaction that changes the data: the new value commits with the
    change, so nobody can cache the old data under the new value.
    """
    if not Generation.objects.filter(name=name).update(value=F("value") + 1):
        Generation.objects.get_or_create(name=name, defaults={"value": 1})


def _is_anonymous_visit(request) -> bool:
    return (
        request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _shareable(request, response) -> bool:
    """An answer every anonymous visitor may be given: no cookie set, no form token in it."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _mark_public(response) -> None:
    """Let the micro-cache keep an anonymous page, and browsers as long unless the view says."""
    seconds = settings.MICRO_CACHE_SECONDS
    response.headers["X-Accel-Expires"] = str(seconds)
    if "Cache-Control" not in response.headers:
        patch_cache_control(response, public=True, max_age=seconds)


def _page_key(request, *, name: str, with_query: bool) -> str:
    address = request.get_full_path() if with_query else request.path
    variant = "|".join(
        (
            getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-History-Restore-Request", ""),
            address,
        )
    )
    digest = hashlib.sha256(variant.encode()).hexdigest()
    return f"page:{name}:{generation(name)}:{digest}"


def cache_public_page(*, generation_name: str, with_query: bool = True):
    """Serve anonymous visitors a copy of the page, rendered again when the data changes.

    `generation_name` is the counter that the page's data bumps; `with_query` is False for
    pages that ignore their query string (an event's page), so stray parameters cannot
    multiply the copies.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _is_anonymous_visit(request):
                return view(request, *args, **kwargs)
            key = _page_key(request, name=generation_name, with_query=with_query)
            cached = cache.get(key)
            if cached is not None:
                content, headers = cached
                return HttpResponse(content, headers=headers)
            response = view(request, *args, **kwargs)
            if _shareable(request, response):
                _mark_public(response)
                headers = {
                    name: value
                    for name, value in response.headers.items()
                    if name.lower() not in _SKIPPED_HEADERS
                }
                cache.set(key, (response.content, headers), PAGE_CACHE_SECONDS)
            return response

        return wrapper

    return decorator


def micro_cached(view):
    """Let the reverse proxy and browsers keep the page a few seconds for anonymous visitors.

    For public pages cheap enough to render (the home page, editions, the site's pages) that
    have no counter of their own: at the day's peak the micro-cache absorbs the repeats.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if _is_anonymous_visit(request) and _shareable(request, response):
            _mark_public(response)
        return response

    return wrapper


def private_answers_middleware(get_response):
    """Answers to a signed-in user are for that user alone: `Cache-Control: private`.

    The reverse proxy never stores them anyway (it bypasses its cache on the session
    cookie); this tells every other cache on the way, and the browser to check again.
    """

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers.pop("X-Accel-Expires", None)
            if "Cache-Control" not in response.headers or "public" in response["Cache-Control"]:
                response.headers.pop("Cache-Control", None)
                patch_cache_control(response, private=True, no_cache=True)
        return response

    return middleware
