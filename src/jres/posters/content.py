"""What a poster and the social images say about an event, as plain texts.

The same texts are rendered and hashed: the kit's fingerprint changes when, and only when,
a poster would read differently. An in-school event gives its commune, never its address
nor the school's name, as on the event's page.
"""

import hashlib
import json

from django.conf import settings
from django.template.defaultfilters import date as format_date
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jres.events.models import AttendanceMode, Event, EventStatus
from jres.events.structured_data import absolute_url, organiser_name

# Bumped when the templates change what they draw: every kit is then rebuilt.
LAYOUT_VERSION = 1


def _place(event: Event) -> list[str]:
    if event.attendance_mode == AttendanceMode.ONLINE:
        return [_("En ligne")]
    if not event.shows_address:
        commune = event.city + (f" ({event.department_id})" if event.department_id else "")
        return [commune, _("Temps d'échange en établissement scolaire")]
    lines = [event.venue_name, event.address, f"{event.postal_code} {event.city}"]
    if event.attendance_mode == AttendanceMode.HYBRID:
        lines.append(_("Aussi en ligne"))
    return [line for line in lines if line.strip()]


def _city_line(event: Event) -> str:
    """The place in a few words, for the social images."""
    if event.attendance_mode == AttendanceMode.ONLINE:
        return _("En ligne")
    return event.city


def _when(event: Event) -> tuple[str, str]:
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    day = format_date(starts, "l j F Y")
    if starts.date() == ends.date():
        hours = _("%(start)s – %(end)s") % {
            "start": format_date(starts, "H:i"),
            "end": format_date(ends, "H:i"),
        }
    else:
        hours = _("%(start)s, jusqu'au %(end)s") % {
            "start": format_date(starts, "H:i"),
            "end": format_date(ends, "j F Y, H:i"),
        }
    return day[:1].upper() + day[1:], hours


def poster_texts(event: Event) -> dict:
    """Every text of the kit, in the site's first language (posters are put up in France)."""
    with translation.override(settings.LANGUAGE_CODE):
        day, hours = _when(event)
        url = absolute_url(event.get_absolute_url())
        return {
            "title": event.title,
            "day": day,
            "hours": hours,
            "place": _place(event),
            "city_line": _city_line(event),
            "site": settings.SITE_URL.split("://", 1)[-1],
            "organiser": organiser_name(event),
            "label": _("Événement labellisé JRES %(year)s") % {"year": event.edition.year},
            "cancelled": _("Événement annulé") if event.status == EventStatus.CANCELLED else "",
            "day_name": _("Journée du Refus de l'Échec Scolaire"),
            "year": str(event.edition.year),
            "hashtag": settings.HASHTAG,
            "url": url,
            "short_url": url.split("://", 1)[-1],
            "qr_caption": _("Toutes les informations et l'inscription :"),
            "when_label": _("Quand"),
            "where_label": _("Où"),
            "organised_by": _("Organisé par"),
        }


def fingerprint(texts: dict) -> str:
    """The hash of what the kit shows, with the layout's version."""
    payload = json.dumps([LAYOUT_VERSION, texts], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()
