"""Build, rebuild and find an event's communication kit."""

import functools
import logging

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from jres.events.models import Event

from . import content, files
from .models import KIT_FILES, EventKit

logger = logging.getLogger(__name__)

# A request that finds no kit builds it, unless another process is already at it.
BUILD_LOCK_SECONDS = 60


def _event(event_pk: int) -> Event | None:
    return Event.objects.select_related("edition", "organiser").filter(pk=event_pk).first()


def kit_is_current(kit: EventKit | None, fingerprint: str) -> bool:
    return kit is not None and kit.fingerprint == fingerprint and files.all_exist(kit.file_names())


def build_kit(event_pk: int, *, force: bool = False) -> str:
    """Make the event's kit match the event; return what was done.

    Safe to run twice, or twice at once: a kit made from the same texts is left alone
    (unless `force`), files are named after the fingerprint and written whole, and a build
    overtaken by a newer change of the event is dropped rather than saved over it.
    """
    event = _event(event_pk)
    if event is None or not event.is_published:
        return "unpublished"
    texts = content.poster_texts(event)
    fingerprint = content.fingerprint(texts)
    if not force and kit_is_current(EventKit.objects.filter(event=event).first(), fingerprint):
        return "unchanged"
    # Imported here: WeasyPrint takes most of a second to import, which only builders pay.
    from . import rendering

    rendered = rendering.render_kit(texts)
    names = {
        field: f"posters/{event.pk}/{fingerprint[:16]}-{file_name}"
        for field, file_name, _content_type in KIT_FILES
    }
    for field, name in names.items():
        files.write_atomically(name, rendered[field])
    try:
        return _save_kit(event, fingerprint, names)
    except IntegrityError:  # a simultaneous build of the same event saved the first row
        return "unchanged"


@transaction.atomic
def _save_kit(event: Event, fingerprint: str, names: dict[str, str]) -> str:
    kit = EventKit.objects.select_for_update().filter(event=event).first()
    kept = set(kit.file_names()) if kit else set()
    current = _event(event.pk)
    if current is None or content.fingerprint(content.poster_texts(current)) != fingerprint:
        # The event changed while this build ran: the build of that change wins.
        transaction.on_commit(functools.partial(files.remove, set(names.values()) - kept))
        return "superseded"
    kit = kit or EventKit(event=event)
    for field, name in names.items():
        getattr(kit, field).name = name
    kit.fingerprint = fingerprint
    kit.generated_at = timezone.now()
    kit.save()
    transaction.on_commit(functools.partial(files.remove, kept - set(names.values())))
    return "built"


def ready_kit(event: Event) -> EventKit | None:
    """The published event's kit, built now if missing or out of date.

    None when another process is building it at this moment: the caller says so and asks
    to come back. One build takes well under a second (bench/posters.py).
    """
    fingerprint = content.fingerprint(content.poster_texts(event))
    kit = EventKit.objects.filter(event=event).first()
    if kit_is_current(kit, fingerprint):
        return kit
    lock = f"posters:building:{event.pk}"
    if not cache.add(lock, 1, BUILD_LOCK_SECONDS):
        return None
    try:
        build_kit(event.pk)
    finally:
        cache.delete(lock)
    kit = EventKit.objects.filter(event=event).first()
    return kit if kit_is_current(kit, fingerprint) else None


def schedule_kit(event_pk: int) -> None:
    """Build the event's kit in the background once the current transaction commits."""
    # robust: a failed enqueue is logged, not raised into a response whose change is
    # saved; the page builds a missing kit on demand and `generate_posters` catches up.
    transaction.on_commit(functools.partial(enqueue_build, event_pk), robust=True)


def enqueue_build(event_pk: int) -> None:
    from .tasks import build_event_kit

    build_event_kit.enqueue(event_pk=event_pk)
