"""The general limit on requests that write, over the narrower limits of single forms.

Every POST, PUT, PATCH or DELETE, whatever its address, is counted by allauth's limiter
under the action "write" of ACCOUNT_RATE_LIMITS: in the shared cache (Redis in
production), so every app server sees the same count. A signed-in request is counted
against its account (the rates ending in /user), an anonymous one against its address (the
rates ending in /ip), read as allauth reads it: X-Forwarded-For is trusted for
TRUSTED_PROXY_COUNT hops only, so a header the client wrote itself changes nothing.

Forms with a limit of their own (log-in, sign-up, password reset, the contact forms,
registration, the partners' and the newsletter's sign-ups) keep it: it is narrower, so it
answers first, re-rendering the form with what was typed. Past this general limit, the
answer is the 429 page (templates/429.html) with Retry-After; the browser's Back button
finds the form as it was left.
"""

import math
import time
from http import HTTPStatus

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

ACTION = "write"
APP = "allauth.account"  # the app whose RATE_LIMITS allauth reads: ACCOUNT_RATE_LIMITS
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _rates(request) -> str:
    """The parts of the "write" limit that count this request: per account once signed in,
    per address otherwise (an empty string: no limit)."""
    per = "user" if request.user.is_authenticated else "ip"
    configured = settings.ACCOUNT_RATE_LIMITS.get(ACTION) or ""
    parts = [part.strip() for part in configured.split(",") if part.strip()]
    return ",".join(part for part in parts if ratelimit.parse_rate(part).per == per)


def consume_write(request) -> int | None:
    """Count one writing request; None while allowed, else the seconds to wait."""
    rates = _rates(request)
    if not rates:
        return None
    config = {ACTION: rates}
    if ratelimit.consume(request, app=APP, action=ACTION, config=config):
        return None
    return _seconds_to_wait(request, rates)


def _seconds_to_wait(request, rates: str) -> int:
    """Until the oldest counted request of a full window leaves it (allauth keeps each
    window's times in the cache, newest first)."""
    now = time.time()
    wait = 1.0
    for rate in ratelimit.parse_rates(rates):
        key = ratelimit.get_cache_key(request, app=APP, action=ACTION, rate=rate)
        history = cache.get(key) or []
        if len(history) >= rate.amount:
            wait = max(wait, history[-1] + rate.duration - now)
    return max(1, math.ceil(wait))


def too_many_requests(request, retry_after: int):
    """The 429 page: wait, then go back (the form keeps what was typed)."""
    response = render(
        request,
        "429.html",
        {"retry_after": retry_after},
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(retry_after)
    return response


def write_limit_middleware(get_response):
    """Answer 429 past the "write" limit, before the view runs.

    Last in MIDDLEWARE: the user is known, and the page can render in the site's layout
    (language, nonce). It runs before URL resolution, so an unknown address or a view
    added tomorrow is counted the same.
    """

    def middleware(request):
        if request.method in WRITE_METHODS:
            retry_after = consume_write(request)
            if retry_after is not None:
                return too_many_requests(request, retry_after)
        return get_response(request)

    return middleware
