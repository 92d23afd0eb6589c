"""What an event's page tells machines: schema.org JSON-LD, Open Graph, share links.

Search engines read the JSON-LD, social networks the Open Graph tags. Both follow the
page's own rule: an in-school event gives its town, never its address, and nothing here
carries the organiser's e-mail address.
"""

import html
import json
from urllib.parse import quote, urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from jres.core.markdown import render_markdown

from .models import AttendanceMode, Event, EventStatus

SCHEMA = "https://schema.org/"
ATTENDANCE_MODES = {
    AttendanceMode.IN_PERSON: SCHEMA + "OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: SCHEMA + "OnlineEventAttendanceMode",
    AttendanceMode.HYBRID: SCHEMA + "MixedEventAttendanceMode",
}
# Characters that could close the <script> element or open a comment inside it; the same
# escapes as django.utils.html.json_script, which only writes type="application/json".
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def plain_text(markdown: str) -> str:
    """The Markdown description as plain text: what calendars, feeds and metadata show."""
    text = html.unescape(strip_tags(render_markdown(markdown)))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def summary(event: Event, length: int = 200) -> str:
    return Truncator(" ".join(plain_text(event.description).split())).chars(length)


def organiser_name(event: Event) -> str:
    return event.organisation or event.organiser.display_name


def _place(event: Event) -> dict:
    if event.shows_address:
        address = {
            "@type": "PostalAddress",
            "streetAddress": event.address,
            "postalCode": event.postal_code,
            "addressLocality": event.city,
            "addressCountry": "FR",
        }
        place = {"@type": "Place", "name": event.venue_name or event.city, "address": address}
        if event.latitude is not None and event.longitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": round(event.latitude, 6),
                "longitude": round(event.longitude, 6),
            }
        return place
    # In-school: the town only, never the street nor the school's name.
    return {
        "@type": "Place",
        "name": event.city,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": event.city,
            "addressCountry": "FR",
        },
    }


def event_json_ld(event: Event) -> dict:
    """The schema.org Event describing the event's page."""
    url = absolute_url(event.get_absolute_url())
    virtual = {"@type": "VirtualLocation", "url": url}
    if event.attendance_mode == AttendanceMode.ONLINE:
        location = virtual
    elif event.attendance_mode == AttendanceMode.HYBRID:
        location = [_place(event), virtual]
    else:
        location = _place(event)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": plain_text(event.description),
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": SCHEMA
        + ("EventCancelled" if event.status == EventStatus.CANCELLED else "EventScheduled"),
        "eventAttendanceMode": ATTENDANCE_MODES[event.attendance_mode],
        "location": location,
        "organizer": {
            "@type": "Organization" if event.organisation else "Person",
            "name": organiser_name(event),
        },
        "url": url,
        "isAccessibleForFree": True,
        "inLanguage": "fr",
    }
    if event.image:
        data["image"] = [absolute_url(event.image.url)]
    if event.capacity:
        data["maximumAttendeeCapacity"] = event.capacity
    return data


def json_ld_script(data: dict) -> SafeString:
    """A `<script type="application/ld+json">` element that no value can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),  # noqa: S308 - escaped just above
    )


def share_links(event: Event) -> list[dict]:
    """Links to share the page, each carrying the day's hashtag."""
    url = absolute_url(event.get_absolute_url())
    hashtag = settings.HASHTAG
    text = f"{event.title} {hashtag}"
    with_url = f"{text} {url}"
    mail_body = _("Cet événement pourrait vous intéresser : %(title)s\n%(url)s\n\n%(hashtag)s") % {
        "title": event.title,
        "url": url,
        "hashtag": hashtag,
    }
    return [
        {
            "network": "email",
            "label": _("Par e-mail"),
            "url": "mailto:?"
            + urlencode({"subject": event.title, "body": mail_body}, quote_via=quote),
        },
        {
            "network": "facebook",
            "label": "Facebook",
            "url": "https://www.facebook.com/sharer/sharer.php?"
            + urlencode({"u": url, "hashtag": hashtag}, quote_via=quote),
        },
        {
            "network": "x",
            "label": "X",
            "url": "https://x.com/intent/post?"
            + urlencode({"text": text, "url": url}, quote_via=quote),
        },
        {
            "network": "linkedin",
            "label": "LinkedIn",
            "url": "https://www.linkedin.com/feed/?"
            + urlencode({"shareActive": "true", "text": with_url}, quote_via=quote),
        },
        {
            "network": "whatsapp",
            "label": "WhatsApp",
            "url": "https://wa.me/?" + urlencode({"text": with_url}, quote_via=quote),
        },
    ]
