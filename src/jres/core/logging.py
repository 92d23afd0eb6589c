"""Logs without personal data: one JSON object a line in production, plain text locally.

What a line may hold is fixed here (FIELDS): time, level, logger, message, the request's
id, and for the request log its method, path, view, status and duration. Nothing else a
record carries is written (Django's `django.request` records carry the whole request, query
string included). The path's private parts (tokens in links sent by e-mail) are masked,
and ScrubFilter removes e-mail addresses, signed values, long random tokens and IP
addresses from every message and traceback, whoever logged them: the last line of defence.
"""

import contextvars
import copy
import logging
import re
import uuid

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

# The id of the request being answered, for every line logged while answering it.
REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
# nginx's $request_id is 32 hex digits; a UUID or another proxy's id also fits. Anything
# else (too long, spaces, quotes) is replaced: a client must not write into our logs.
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

FIELDS = (
    "time",
    "level",
    "logger",
    "message",
    "request_id",
    "method",
    "path",
    "view",
    "status",
    "duration_ms",
    "exc_info",
    "stack_info",
)

# Address parts that name public things; any other part of a matched address (token, key,
# uidb36, an API id…) is masked in the request log, so a new private link is masked too.
PUBLIC_URL_PARTS = frozenset({"slug", "pk", "year", "photo_pk", "kind", "format"})
MASK = "[…]"

_EMAIL = re.compile(r"[\w.%+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# django.core.signing: value:timestamp:signature or value:signature, base64 parts.
_SIGNED = re.compile(r"[\w-]+(?::[\w-]+){0,2}:[\w-]{20,}")
# secrets.token_urlsafe and the like: URL-safe runs that mix capitals and small letters
# (32+ characters, or 20+ with a digit too), and hexadecimal digests of 24+ digits. Slugs
# (small letters, digits, hyphens) and Python's names stay readable.
_RANDOM = re.compile(
    r"(?<![\w-])(?=[\w-]*[A-Z])(?=[\w-]*[a-z])(?:[\w-]{32,}|(?=[\w-]*\d)[\w-]{20,})(?![\w-])"
    r"|\b[0-9a-f]{24,}\b"
)
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_IPV6 = re.compile(
    r"(?<![\w:])(?:[0-9a-f]{1,4}:){4,7}[0-9a-f]{1,4}(?![\w:])"
    r"|(?<![\w:])(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?(?![\w:])"
    r"|(?<![\w:])::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4}(?![\w:])",
    re.IGNORECASE,
)


def scrub(text: str) -> str:
    """`text` without e-mail addresses, signed values, random tokens or IP addresses."""
    text = _EMAIL.sub("[email]", text)
    text = _SIGNED.sub("[token]", text)
    text = _RANDOM.sub("[token]", text)
    text = _IPV6.sub("[ip]", text)
    return _IPV4.sub("[ip]", text)


def request_id_from(header: str | None) -> str:
    """The proxy's X-Request-ID when it looks like one, else a new random id."""
    if header and _VALID_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def loggable_path(request) -> str:
    """The path without query string, its private parts masked, then scrubbed."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        private = [
            str(value)
            for name, value in match.kwargs.items()
            if name not in PUBLIC_URL_PARTS and str(value)
        ]
        if private:
            path = "/".join(
                MASK if any(value in segment for value in private) else segment
                for segment in path.split("/")
            )
    return scrub(path)


class RequestIdFilter(logging.Filter):
    """Adds the id of the request being answered to every record (None outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = REQUEST_ID.get()
        return True


class ScrubFilter(logging.Filter):
    """Passes on a copy of each record with its message and traceback through `scrub()`.

    A copy (Python 3.12's filters may return one): other handlers, and whoever logged,
    keep the record as it was.
    """

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> logging.LogRecord:
        record = copy.copy(record)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the format
            message = f"{record.msg!s} {record.args!r}"
        record.msg, record.args = scrub(message), None
        if record.exc_info:
            # Formatted once here, then kept as text: formatters write exc_text as it is.
            record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return record


class JsonFormatter(BaseJsonFormatter):
    """One JSON object a line, with FIELDS only, in that order."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("json_ensure_ascii", False)  # French messages stay readable
        super().__init__("{levelname}{name}{message}", *args, style="{", **kwargs)

    def add_fields(self, log_data, record, message_dict) -> None:
        super().add_fields(log_data, record, message_dict)
        if "status_code" in log_data and "status" not in log_data:  # django.request's
            log_data["status"] = log_data["status_code"]
        if record.exc_text and "exc_info" not in log_data:
            log_data["exc_info"] = record.exc_text

    def process_log_record(self, log_data):
        return {field: log_data[field] for field in FIELDS if log_data.get(field) is not None}


def logging_settings(*, format: str, level: str) -> dict:
    """settings.LOGGING: everything to standard error, through both filters."""
    if format not in {"json", "plain"}:
        raise ValueError(f'LOG_FORMAT must be "json" or "plain", not "{format}".')
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "jres.core.logging.RequestIdFilter"},
            "scrub": {"()": "jres.core.logging.ScrubFilter"},
        },
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {"()": "jres.core.logging.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": format,
                "filters": ["request_id", "scrub"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Its 4xx warnings name the path, tokens included; the request log says it all.
            "django.request": {"level": "ERROR"},
            # WeasyPrint logs every step of every poster at INFO, and fontTools every font.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }
