"""The demo's initiatives: the guide's four, published, two featured, one followed."""

from io import StringIO

import pytest
from django.core.management import call_command

from jres.initiatives.models import Initiative
from tests.core.html import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=StringIO())


def test_the_guides_initiatives_are_published_and_two_featured(client, demo):
    published = Initiative.objects.published()

    assert published.count() == 4
    assert {initiative.commune.name for initiative in published} == {
        "Poitiers", "Cergy", "Bordeaux", "Fontenay-sous-Bois",
    }  # fmt: skip
    assert published.filter(featured=True).count() == 2
    assert all(initiative.editions.filter(year=2012).exists() for initiative in published)
    debates = published.get(commune__name="Poitiers")
    assert debates.inspired_events.filter(published=True).count() == 1
    assert debates.log.filter(action="published", actor__email="moderation@jres.localhost")
    home = text(client.get("/").content.decode())
    assert debates.title in home
    page = text(client.get(debates.get_absolute_url()).content.decode())
    assert debates.inspired_events.get().title in page
