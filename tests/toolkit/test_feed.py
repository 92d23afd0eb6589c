"""The Atom feed of the kit lists its new resources, newest first, and nothing retired."""

import datetime
import xml.etree.ElementTree as ElementTree

import pytest
from django.utils import timezone

from jres.toolkit.models import Resource

from .conftest import make_resource

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_lists_new_resources_newest_first(client, current_edition):
    older = make_resource(current_edition, title_fr="Affiche de l'an passé")
    Resource.objects.filter(pk=older.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=40)
    )
    make_resource(current_edition, title_fr="Nouvelle affiche")
    make_resource(current_edition, title_fr="Pas encore publiée", is_published=False)
    response = client.get("/kit/nouveautes.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Nouvelle affiche", "Affiche de l'an passé"]
