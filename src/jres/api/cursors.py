"""Opaque, signed page cursors: the position after the last item of a page.

Keyset pagination: the next page starts after (sort value, id), so it costs one indexed
range query however deep the client goes, and an item added meanwhile shifts nothing.
The signature makes a cursor that was edited by hand a clear 400, not a strange page.
"""

from django.core import signing

from .errors import ApiError

_SALT = "jres.api.cursor"


def encode(order: str, values: list) -> str:
    return signing.dumps([order, values], salt=_SALT, compress=True)


def decode(cursor: str, order: str) -> list:
    """The values of `encode`; an ApiError for a cursor forged, damaged or of another list."""
    try:
        saved_order, values = signing.loads(cursor, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise ApiError(
            "This cursor is not one the API gave: use the `next` address of the previous page.",
            parameter="cursor",
        ) from None
    if saved_order != order or not isinstance(values, list):
        raise ApiError(
            "This cursor belongs to another list or sort order: start again without it.",
            parameter="cursor",
        )
    return values
