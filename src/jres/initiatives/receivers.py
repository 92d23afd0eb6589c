"""Cache invalidation: an event's page names the initiative it follows.

The initiatives' own pages are not cached (a small curated base, read far less than the
events); receivers only bump the events' counter (see jres.events.receivers).
"""

from django.db.models.signals import post_delete, post_save

from jres.events.receivers import events_changed


def connect():
    from .models import Initiative

    post_save.connect(events_changed, sender=Initiative, dispatch_uid="initiatives-cache")
    post_delete.connect(events_changed, sender=Initiative, dispatch_uid="initiatives-cache-d")
