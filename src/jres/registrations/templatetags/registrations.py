from django import template

from jres.events.calendar import event_location

register = template.Library()


@register.filter
def registration_place(event) -> str:
    """Where the event is, as its .ics says it (no street for an in-school event)."""
    return event_location(event)
