"""What the API answers when it cannot: JSON a developer understands, never a stack trace.

Every error has the same shape, `{"error": code, "parameter": name or null, "message":
text}`: a script can branch on `error`, a person reads `message`, and `parameter` names
what to fix.
"""

import functools
import math

from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from ninja.errors import HttpError, Throttled, ValidationError


class ApiError(Exception):
    """A request the API refuses: `status` 400 unless said otherwise."""

    def __init__(self, message: str, *, parameter: str | None = None, code: str = "invalid",
                 status: int = 400):  # fmt: skip
        super().__init__(message)
        self.message, self.parameter, self.code, self.status = message, parameter, code, status


def error_response(status: int, code: str, message: str, parameter: str | None = None):
    return JsonResponse(
        {"error": code, "parameter": parameter, "message": message},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def unknown_address(request, rest: str = "") -> HttpResponse:
    """Public: any other address under /api/, answered in JSON rather than the site's page."""
    return error_response(
        404, "not_found", "No such address in the API: its paths are in /api/v1/openapi.json."
    )


def json_not_allowed(view):
    """ninja answers another method than GET or HEAD with a 405 in plain text: say it in
    JSON like every other error, keeping the `Allow` header."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = error_response(
                405,
                "method_not_allowed",
                f"{request.method[:20]} is not allowed: this API is read-only ({allowed}).",
            )
            response["Allow"] = allowed
        return response

    return wrapper


def _api_error(request, exc: ApiError) -> HttpResponse:
    return error_response(exc.status, exc.code, exc.message, exc.parameter)


def _validation_error(request, exc: ValidationError) -> HttpResponse:
    """ninja's type checks of the parameters: the first problem, with its parameter's name."""
    first = exc.errors[0] if exc.errors else {}
    location = [part for part in first.get("loc", ()) if part not in {"query", "path"}]
    parameter = str(location[0]) if location else None
    detail = first.get("msg", "invalid value")
    return error_response(400, "invalid", f"Parameter “{parameter}”: {detail}.", parameter)


def _not_found(request, exc) -> HttpResponse:
    return error_response(404, "not_found", "Nothing is published at this address.")


def _throttled(request, exc: Throttled) -> HttpResponse:
    wait = max(math.ceil(exc.wait or 1), 1)
    response = error_response(
        429,
        "rate_limited",
        f"Too many requests from this address: try again in {wait} seconds.",
    )
    response["Retry-After"] = str(wait)
    return response


def _http_error(request, exc: HttpError) -> HttpResponse:
    return error_response(exc.status_code, "error", str(exc))


def install(api) -> None:
    api.add_exception_handler(ApiError, _api_error)
    api.add_exception_handler(ValidationError, _validation_error)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(Throttled, _throttled)
    api.add_exception_handler(HttpError, _http_error)
