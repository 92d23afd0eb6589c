"""'Organise an event on this model': the event draft an initiative suggests.

The events' create view asks `inspiring_initiative` for the initiative named in its query
string and `event_initial` for the form's first values; the new event keeps a link to it.
"""

from django.utils.translation import gettext as _

from jres.events.models import EventKind
from jres.geo.models import PostalCode

from .defaults import EVENT_KIND_BY_THEME
from .models import Initiative

PARAMETER = "modele"
TITLE_LENGTH = 160


def inspiring_initiative(slug: str | None) -> Initiative | None:
    """The published initiative of that slug, or None (a stale or invented one is ignored)."""
    if not slug or "\x00" in slug:  # no slug holds one, and PostgreSQL refuses it
        return None
    return Initiative.objects.published().select_related("commune").filter(slug=slug).first()


def event_initial(initiative: Initiative, *, absolute_url: str) -> dict:
    """First values of the event form, in the organiser's language."""
    title = _("%(title)s, sur le modèle de « %(initiative)s »") % {
        "title": _("Notre événement"),
        "initiative": initiative.title,
    }
    description = "\n\n".join(
        [
            initiative.summary,
            _("Sur le modèle de l'initiative [%(title)s](%(url)s), portée par %(carrier)s.")
            % {
                "title": initiative.title,
                "url": absolute_url,
                "carrier": initiative.organisation,
            },  # fmt: skip
        ]
    )
    initial = {"title": title[:TITLE_LENGTH], "description": description,
               "city": initiative.commune.name}  # fmt: skip
    code = PostalCode.objects.filter(commune=initiative.commune).first()
    if code:
        initial["postal_code"] = code.code
    slugs = initiative.themes.values_list("slug", flat=True)
    kind_slug = next((EVENT_KIND_BY_THEME[s] for s in slugs if s in EVENT_KIND_BY_THEME), None)
    if kind_slug and (kind := EventKind.objects.filter(slug=kind_slug, is_active=True).first()):
        initial["kind"] = kind.pk
    return initial
