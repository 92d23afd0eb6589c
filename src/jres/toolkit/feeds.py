"""Atom feed of the resources newly added to the current edition's kit."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from jres.editions.models import Edition

from .models import Resource

FEED_SIZE = 30


class NewResourcesFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Nouveautés du kit de communication")

    def subtitle(self):
        return _("Les dernières ressources ajoutées au kit de l'édition en cours.")

    def link(self):
        return reverse("toolkit:kit")

    def items(self):
        edition = Edition.objects.current()
        if edition is None:
            return []
        return (
            Resource.objects.published()
            .filter(edition=edition)
            .select_related("category")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.localized("title")

    def item_description(self, item):
        return f"{item.category.localized('name')} — {item.localized('description')}"

    def item_link(self, item):
        return f"{reverse('toolkit:kit')}#ressource-{item.pk}"

    def item_guid(self, item):
        return f"jres-toolkit-resource-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
