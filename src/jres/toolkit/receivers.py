"""Cache invalidation: any change to what the kit and press pages show bumps a counter.

Receivers only clear caches (see core.caching); rebuilding the ZIP is the services' job.
"""

from django.db.models.signals import post_delete, post_save

from jres.core.caching import bump

GENERATION = "toolkit"


def toolkit_changed(sender, **kwargs):
    if kwargs.get("raw"):  # fixtures being loaded
        return
    bump(GENERATION)


def connect():
    from jres.editions.models import Edition
    from jres.pages.models import TeamContact

    from .models import Category, KitArchive, Resource

    for model in (Resource, Category, KitArchive, Edition, TeamContact):
        post_save.connect(toolkit_changed, sender=model, dispatch_uid=f"toolkit-cache-{model}")
        post_delete.connect(toolkit_changed, sender=model, dispatch_uid=f"toolkit-cache-d-{model}")
