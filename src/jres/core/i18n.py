"""Content written by staff in French and English, stored side by side."""

from django.utils import translation


class LocalizedMixin:
    """For models with `<name>_fr` and `<name>_en` fields.

    French is the reference text; an English field left empty falls back to it, so a page
    is never blank for an English reader.
    """

    def localized(self, field: str) -> str:
        language = (translation.get_language() or "fr")[:2]
        value = getattr(self, f"{field}_{language}", "") if language != "fr" else ""
        return value or getattr(self, f"{field}_fr")


def ordinal(number: int) -> str:
    """The ordinal of an edition's number in the active language: "1re", "19e"; "1st", "19th"."""
    language = (translation.get_language() or "fr")[:2]
    if language == "en":
        suffix = (
            "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        )
        return f"{number}{suffix}"
    return f"{number}re" if number == 1 else f"{number}e"
