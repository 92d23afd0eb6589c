"""Reading filters from GET parameters, the same way on every list (public or staff)."""

from collections.abc import Mapping

# A value quoted back in a note ("filtre ignoré : …") is cut past this length.
MAX_SHOWN = 40


def values(params: Mapping, name: str) -> list[str]:
    """Every value given for `name`, stripped; a plain dict gives at most one."""
    getlist = getattr(params, "getlist", None)
    found = getlist(name) if getlist else [params[name]] if name in params else []
    # NUL characters cannot reach PostgreSQL; nobody types them.
    return [str(value).replace("\x00", "").strip() for value in found]


def value(params: Mapping, name: str) -> str:
    """The last value given for `name`, or an empty string."""
    found = values(params, name)
    return found[-1] if found else ""


def shown(text: str) -> str:
    """A value quoted back in a note, short enough for a page."""
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"
