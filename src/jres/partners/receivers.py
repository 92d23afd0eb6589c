"""Cache invalidation: any change to a partner bumps the directory's counter.

Receivers only clear caches (see core.caching); the partner's page itself is not cached.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from jres.core.caching import bump

GENERATION = "partners"


def partners_changed(sender, **kwargs):
    if kwargs.get("raw"):  # fixtures being loaded
        return
    if not kwargs.get("action", "post_").startswith("post_"):  # m2m: once, after the change
        return
    bump(GENERATION)


def connect():
    from .models import Partner

    post_save.connect(partners_changed, sender=Partner, dispatch_uid="partners-cache")
    post_delete.connect(partners_changed, sender=Partner, dispatch_uid="partners-cache-d")
    m2m_changed.connect(
        partners_changed,
        sender=Partner.member_communes.through,
        dispatch_uid="partners-cache-communes",
    )
