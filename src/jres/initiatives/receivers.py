"""Cache invalidation: an event's page names the initiative it follows.

The initiatives' own pages are not cached (a small curated base, read far less than the
events), but the open data API's answers are, under the events' counter: receivers bump it
for anything an initiative shows (its themes, documents and editions too).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from jres.events.receivers import events_changed


def connect():
    from .models import Initiative, InitiativeDocument, Theme

    for model in (Initiative, Theme, InitiativeDocument):
        post_save.connect(events_changed, sender=model, dispatch_uid=f"initiatives-cache-{model}")
        post_delete.connect(
            events_changed, sender=model, dispatch_uid=f"initiatives-cache-d-{model}"
        )
    for through in (Initiative.themes.through, Initiative.editions.through):
        m2m_changed.connect(
            events_changed, sender=through, dispatch_uid=f"initiatives-cache-{through}"
        )
