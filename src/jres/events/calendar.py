"""Events as iCalendar (RFC 5545): one event to add to a diary, or a feed to subscribe to.

Times are written in Europe/Paris with its VTIMEZONE, so diaries show them right in any
country; UIDs never change, so a subscribed diary updates an event instead of doubling it.
"""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AttendanceMode, Event, EventStatus
from .structured_data import absolute_url, plain_text

PARIS = ZoneInfo("Europe/Paris")
PRODUCT_ID = "-//JRES//Plateforme des événements//FR"
# SEQUENCE counts seconds from this date: it grows with every change and stays small.
SEQUENCE_EPOCH = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def event_uid(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"event-{event.pk}@{host}"


def event_location(event: Event) -> str:
    """Where, as a diary shows it: no street for an in-school event."""
    if event.shows_address:
        parts = [event.venue_name, event.address, f"{event.postal_code} {event.city}"]
        return ", ".join(part.strip() for part in parts if part and part.strip())
    if event.attendance_mode == AttendanceMode.ONLINE:
        return _("En ligne")
    department = f" ({event.department_id})" if event.department_id else ""
    return f"{event.city}{department}"


def event_component(event: Event, *, stamp: datetime.datetime) -> icalendar.Event:
    url = absolute_url(event.get_absolute_url())
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", stamp)
    component.add("dtstart", event.starts_at.astimezone(PARIS))
    component.add("dtend", event.ends_at.astimezone(PARIS))
    component.add("summary", event.title)
    description = plain_text(event.description)
    if event.status == EventStatus.CANCELLED:
        reason = event.cancellation_reason or ""
        description = (
            _("ÉVÉNEMENT ANNULÉ") + (f" : {reason}" if reason else "") + "\n\n" + description
        )
    component.add("description", f"{description}\n\n{url}".strip())
    component.add("location", event_location(event))
    if event.shows_address and event.latitude is not None and event.longitude is not None:
        component.add("geo", (round(event.latitude, 6), round(event.longitude, 6)))
    component.add("url", url)
    component.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    component.add("sequence", max(int((event.updated_at - SEQUENCE_EPOCH).total_seconds()), 0))
    component.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    component.add("categories", [event.kind.localized("name")])
    return component


def build_calendar(events: Iterable[Event], *, name: str, description: str = "") -> bytes:
    """A VCALENDAR holding one VEVENT per event, with the Europe/Paris VTIMEZONE."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    if description:
        calendar.add("x-wr-caldesc", description)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    days = []
    for event in events:
        calendar.add_component(event_component(event, stamp=stamp))
        days += [event.starts_at.date(), event.ends_at.date()]
    if days:
        # The time zone's rules for the years concerned only, not half a century of them.
        calendar.add_missing_timezones(
            first_date=datetime.date(min(days).year - 1, 1, 1),
            last_date=datetime.date(max(days).year + 2, 1, 1),
        )
    return calendar.to_ical()


def edition_feed(events, *, year, selective: bool, limit: int) -> bytes:
    """A feed to subscribe to: an edition's events (a selection of them when `selective`),
    at most `limit`, its description saying so when there were more. The public list's
    feed and the open data API's both write this one."""
    selected = list(events.select_related("kind")[: limit + 1])
    name = _("Événements JRES %(year)s") % {"year": year}
    description = (
        _("Une sélection des événements de la journée %(year)s")
        if selective
        else _("Les événements de la journée %(year)s")
    ) % {"year": year}
    if len(selected) > limit:
        selected = selected[:limit]
        description += " " + _(
            "(les %(limit)s premiers seulement : affinez les filtres pour voir les autres)"
        ) % {"limit": limit}
    return build_calendar(selected, name=name, description=description)
