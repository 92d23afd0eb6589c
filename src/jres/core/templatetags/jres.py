from django import template
from django.utils.safestring import mark_safe

from jres.core.i18n import ordinal
from jres.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Render Markdown through the sanitiser; the only way templates show rich text."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3


@register.filter
def localized(obj, field: str) -> str:
    """`{{ page|localized:"title" }}`: the field in the active language, French as fallback."""
    return obj.localized(field)


@register.filter(name="ordinal")
def ordinal_filter(number: int) -> str:
    """`{{ edition.number|ordinal }}`: "19e" in French, "19th" in English."""
    return ordinal(number)
