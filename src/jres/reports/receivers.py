"""Cache invalidation: a report shown on an event's page is part of that page.

Receivers only clear caches: any change to a report or its photos bumps the counter of
the events' public pages (see jres.events.receivers).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from jres.events.receivers import events_changed


def connect():
    from .models import EventReport, ReportPhoto

    for model in (EventReport, ReportPhoto):
        post_save.connect(events_changed, sender=model, dispatch_uid=f"reports-cache-{model}")
        post_delete.connect(events_changed, sender=model, dispatch_uid=f"reports-cache-d-{model}")
    m2m_changed.connect(
        events_changed,
        sender=EventReport.audiences.through,
        dispatch_uid="reports-cache-audiences",
    )
