import sys

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def healthz(request):
    """Public: the state of the database and the cache, for load balancers and monitoring."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error"}
    body.update({name: "ok" if ok else "unavailable" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not usable", whatever the driver raises
        return False


def _cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", timeout=10)
        return cache.get("healthz") == "ok"
    except Exception:
        return False


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


# While the database restarts: the request's transaction was rolled back, so nothing it sent
# was saved. Saying so, with Retry-After, beats a generic error; connections then recover by
# themselves (conn_health_checks).
DATABASE_RETRY_SECONDS = 10


def server_error(request):
    # Called inside Django's `except` block, so the exception being handled is at hand.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return _database_unavailable(request)
    # The error page must not fail in turn: fall back to plain text if the layout cannot render.
    try:
        return render(request, "500.html", status=500)
    except Exception:
        return HttpResponseServerError(
            "Erreur du serveur / Server error", content_type="text/plain"
        )


def _database_unavailable(request):
    try:
        response = render(request, "503.html", status=503)
    except Exception:  # the layout may need the database too
        response = HttpResponse(
            "Service momentanément indisponible : rien n'a été enregistré, réessayez dans "
            "quelques instants. / Service unavailable for a moment: nothing was saved, try "
            "again shortly.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
    return response
