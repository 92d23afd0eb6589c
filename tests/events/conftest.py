"""Fixtures shared by the events tests."""

import pytest

from tests.events.factories import small_france
from tests.geo.factories import CommuneFactory, DepartmentFactory, RegionFactory


@pytest.fixture
def bordeaux(db):
    region = RegionFactory(code="75", name="Nouvelle-Aquitaine")
    gironde = DepartmentFactory(code="33", name="Gironde", region=region)
    return CommuneFactory(
        insee_code="33063",
        name="Bordeaux",
        department=gironde,
        latitude=44.84124,
        longitude=-0.58046,
        postal_codes=["33000", "33800"],
    )


@pytest.fixture
def france(db):
    """A few regions, departments and communes of France (see factories.small_france)."""
    return small_france()
