"""Cache invalidation: a testimony linked to an event is shown on that event's page.

Receivers only clear caches: publishing, changing or erasing such a testimony bumps the
counter of the events' public pages (see jres.events.receivers).
"""

from django.db.models.signals import post_delete, post_save

from jres.events.receivers import events_changed


def testimony_changed(sender, instance, **kwargs):
    if instance.event_id:
        events_changed(sender, **kwargs)


def connect():
    from .models import Testimony

    post_save.connect(testimony_changed, sender=Testimony, dispatch_uid="testimonies-cache")
    post_delete.connect(testimony_changed, sender=Testimony, dispatch_uid="testimonies-cache-d")
