"""Cache invalidation: any change to what the public pages of events show bumps a counter.

Receivers only clear caches (see core.caching); the rules live in models and services.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from jres.core.caching import bump

GENERATION = "events"


def events_changed(sender, **kwargs):
    if kwargs.get("raw"):  # fixtures being loaded
        return
    if not kwargs.get("action", "post_").startswith("post_"):  # m2m: once, after the change
        return
    bump(GENERATION)


def connect():
    from jres.editions.models import Edition

    from .models import Audience, Event, EventKind

    for model in (Event, EventKind, Audience, Edition):
        post_save.connect(events_changed, sender=model, dispatch_uid=f"events-cache-{model}")
        post_delete.connect(events_changed, sender=model, dispatch_uid=f"events-cache-d-{model}")
    m2m_changed.connect(
        events_changed, sender=Event.audiences.through, dispatch_uid="events-cache-audiences"
    )
