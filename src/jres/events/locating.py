"""Where an event takes place: its commune, department, region and point on the map."""

import logging

from jres.geo.geocoding import get_geocoder

from .models import AttendanceMode, Event

logger = logging.getLogger(__name__)


def locate_event(event: Event, *, commune, pin_moved: bool) -> None:
    """Set the event's commune and area, and its point unless the organiser placed the pin.

    The geocoder finds the address (the national address base when online); when it cannot,
    the commune's centre stands in and the organiser can drag the pin to the right place.
    """
    if commune is not None:
        event.commune = commune
        event.department_id = commune.department_id
        event.region_id = commune.department.region_id
    if pin_moved:
        return
    address = event.address if event.attendance_mode != AttendanceMode.ONLINE else ""
    result = get_geocoder().geocode(address=address, postal_code=event.postal_code, city=event.city)
    if result is not None:
        event.latitude, event.longitude = result.latitude, result.longitude
    elif commune is not None:
        event.latitude, event.longitude = commune.latitude, commune.longitude
