"""The derived columns the public queries read: kept by save(), filled for older rows."""

import importlib

import pytest
from django.apps import apps

from jres.events.models import AttendanceMode, Event, EventStatus
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("jres.events.migrations.0003_public_listing_columns")


def test_the_migration_fills_the_columns_of_existing_events(current_edition, france):
    public = EventFactory(edition=current_edition, commune=france.paris, latitude=48.85)
    school = EventFactory(edition=current_edition, commune=france.bordeaux, is_public=False)
    online = EventFactory(
        edition=current_edition, attendance_mode=AttendanceMode.ONLINE,
        online_url="https://visio.example.org/jres",
    )  # fmt: skip
    cancelled = EventFactory(edition=current_edition, status=EventStatus.CANCELLED)
    draft = EventFactory(edition=current_edition, status=EventStatus.DRAFT, labelled_at=None)
    Event.objects.update(published=False, map_latitude=None, map_longitude=None)

    migration.fill_public_columns(apps, None)

    rows = {
        row["pk"]: row
        for row in Event.objects.values("pk", "published", "map_latitude", "map_longitude")
    }
    assert rows[public.pk] | {"pk": 0} == {
        "pk": 0, "published": True, "map_latitude": 48.85, "map_longitude": public.longitude,
    }  # fmt: skip
    assert (rows[school.pk]["map_latitude"], rows[school.pk]["map_longitude"]) == (
        france.bordeaux.latitude,
        france.bordeaux.longitude,
    )
    assert rows[online.pk]["map_latitude"] is None
    assert rows[cancelled.pk]["published"] is True
    assert rows[draft.pk]["published"] is False
