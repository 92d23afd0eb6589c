"""Path converters shared by the apps' URL patterns."""

from django.urls import register_converter


class TokenConverter:
    """A private link's token, as `secrets.token_urlsafe` writes them (URL-safe base64, at
    most 64 characters, the columns' length).

    Anything else is a 404 before the view: a `str` parameter let through characters that
    no token holds and PostgreSQL refuses in a text comparison (a NUL byte), a 500.
    """

    regex = r"[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "token")
