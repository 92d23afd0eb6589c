import logging
import time

from django.conf import settings
from django.utils import translation

from jres.core import logging as logs


def language_middleware(get_response):
    """French unless the visitor chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; the day is a
    French one, so the interface starts in French and English is a choice (kept in a cookie).
    """
    supported = {code for code, _name in settings.LANGUAGES}

    def middleware(request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in supported:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Scoped to the request: the thread goes back to the default language afterwards.
        with translation.override(language):
            response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware


def request_log_middleware(get_response):
    """Gives each request an id and, with LOG_REQUESTS, logs one line when it is answered.

    First in MIDDLEWARE, so the duration covers the whole stack and every answer (a
    redirect to HTTPS, a 429, a 500 page) is logged. The id is the reverse proxy's
    X-Request-ID when valid, else a new one; it is echoed in the response and carried by
    every line logged meanwhile. The line holds no personal data: no address, no query
    string, no body, the path's private parts masked (jres.core.logging).
    """
    logger = logging.getLogger("jres.request")

    def middleware(request):
        request_id = logs.request_id_from(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        context = logs.REQUEST_ID.set(request_id)
        started = time.perf_counter()
        try:
            response = get_response(request)
            response["X-Request-ID"] = request_id
            if settings.LOG_REQUESTS:
                _log_request(logger, request, response, time.perf_counter() - started)
            return response
        finally:
            logs.REQUEST_ID.reset(context)

    return middleware


def _log_request(logger, request, response, seconds: float) -> None:
    path = logs.loggable_path(request)
    match = getattr(request, "resolver_match", None)
    status = response.status_code
    duration_ms = round(seconds * 1000, 1)
    # INFO whatever the status: django.request already logs each 5xx as an error.
    logger.info(
        "%s %s %s %sms",
        request.method,
        path,
        status,
        duration_ms,
        extra={
            "method": request.method,
            "path": path,
            "view": match.view_name if match else None,
            "status": status,
            "duration_ms": duration_ms,
        },
    )
