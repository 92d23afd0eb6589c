"""Rebuild a kit when what its poster shows changes.

Receivers decide nothing: they notice that one of the fields a poster shows was saved
with a new value and queue the build (services.schedule_kit), which compares the texts
themselves and leaves an up-to-date kit alone.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_init, post_save

# Event columns the poster shows, or that decide whether it is published.
EVENT_FIELDS = ("title", "starts_at", "ends_at", "venue_name", "address", "postal_code",
                "city", "department_id", "is_public", "attendance_mode", "organisation",
                "organiser_id", "status", "labelled_at", "slug", "edition_id")  # fmt: skip
_SNAPSHOT = "_poster_snapshot"


def _snapshot(instance, names) -> tuple:
    # __dict__, not getattr: a field deferred by .only() is not loaded for this.
    return tuple(instance.__dict__.get(name) for name in names)


def remember_event(sender, instance, **kwargs):
    setattr(instance, _SNAPSHOT, _snapshot(instance, EVENT_FIELDS))


def event_saved(sender, instance, created, raw=False, **kwargs):
    if raw:  # fixtures being loaded
        return
    before = getattr(instance, _SNAPSHOT, None)
    now = _snapshot(instance, EVENT_FIELDS)
    setattr(instance, _SNAPSHOT, now)
    if (created or before != now) and instance.is_published:
        from .services import schedule_kit

        schedule_kit(instance.pk)


def remember_user(sender, instance, **kwargs):
    setattr(instance, _SNAPSHOT, instance.__dict__.get("display_name"))


def user_saved(sender, instance, created, raw=False, **kwargs):
    """The organiser's name is on the posters of the events they hold in their own name."""
    before = getattr(instance, _SNAPSHOT, None)
    now = instance.__dict__.get("display_name")
    setattr(instance, _SNAPSHOT, now)
    if raw or created or before == now:
        return
    from jres.events.models import Event

    from .services import schedule_kit

    published = Event.objects.published().filter(organiser=instance, organisation="")
    for event_pk in published.values_list("pk", flat=True):
        schedule_kit(event_pk)


def connect():
    from jres.events.models import Event

    user = get_user_model()
    post_init.connect(remember_event, sender=Event, dispatch_uid="posters-event-init")
    post_save.connect(event_saved, sender=Event, dispatch_uid="posters-event-saved")
    post_init.connect(remember_user, sender=user, dispatch_uid="posters-user-init")
    post_save.connect(user_saved, sender=user, dispatch_uid="posters-user-saved")
