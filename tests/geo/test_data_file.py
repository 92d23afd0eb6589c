"""The shipped data file, loaded whole into the test database with load_geo."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from jres.geo.models import Commune, Department, PostalCode, Region
from jres.geo.services import department_code_for_postal_code

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Region.objects.order_by("code").values_list()),
        list(Department.objects.order_by("code").values_list()),
        list(Commune.objects.order_by("insee_code").values_list()),
        list(PostalCode.objects.order_by("pk").values_list()),
    )


def test_the_shipped_data_loads_plausibly_and_reloads_unchanged():
    output = StringIO()
    call_command("load_geo", stdout=output)
    assert "Communes:     34875 (34875 created, 0 updated, 0 deleted)" in output.getvalue()

    # Metropolitan France and the five overseas departments; not the collectivities (98x).
    assert Region.objects.count() == 18
    assert Department.objects.count() == 101
    assert Commune.objects.count() >= 34_800
    assert not Department.objects.filter(code__in=["975", "977", "978", "987", "988"]).exists()
    assert not Department.objects.annotate(n=Count("communes")).filter(n=0).exists()
    assert not Commune.objects.annotate(n=Count("postal_codes")).filter(n=0).exists()

    bordeaux = Commune.objects.get(insee_code="33063")
    assert (bordeaux.name, bordeaux.department_id, bordeaux.department.region.name) == (
        "Bordeaux",
        "33",
        "Nouvelle-Aquitaine",
    )
    assert "33000" in {postal.code for postal in bordeaux.postal_codes.all()}
    assert bordeaux.latitude == pytest.approx(44.84, abs=0.02)
    assert bordeaux.longitude == pytest.approx(-0.58, abs=0.02)
    assert not bordeaux.approximate
    assert bordeaux.search_name == "bordeaux"

    saint_denis = Commune.objects.get(insee_code="97411")
    assert (saint_denis.name, saint_denis.department.name) == ("Saint-Denis", "La Réunion")
    assert saint_denis.latitude == pytest.approx(-20.88, abs=0.03)
    assert saint_denis.longitude == pytest.approx(55.45, abs=0.03)

    ajaccio = Commune.objects.get(name="Ajaccio")
    assert (ajaccio.insee_code, ajaccio.department_id, str(ajaccio)) == (
        "2A004",
        "2A",
        "Ajaccio (2A)",
    )
    assert Department.objects.get(code="2B").region.name == "Corse"

    paris = Commune.objects.get(insee_code="75056")
    paris_codes = set(paris.postal_codes.values_list("code", flat=True))
    assert {f"750{number:02d}" for number in range(1, 21)} <= paris_codes
    assert paris.department.region.name == "Île-de-France"

    # A department's centre is the population-weighted mean of its placed communes.
    placed = Commune.objects.filter(department_id="33", approximate=False)
    weight = sum(max(c.population, 1) for c in placed)
    gironde = Department.objects.get(code="33")
    assert gironde.latitude == pytest.approx(
        sum(c.latitude * max(c.population, 1) for c in placed) / weight, abs=1e-4
    )
    # A commune without a place of its own stands at its department's centre.
    approximate = Commune.objects.filter(approximate=True).select_related("department")
    assert 0.3 < approximate.count() / Commune.objects.count() < 0.7
    assert all(
        (c.latitude, c.longitude) == (c.department.latitude, c.department.longitude)
        for c in approximate[:500]
    )
    # Every point lies in France's overseas or metropolitan extent.
    metropolitan = Commune.objects.exclude(department__code__startswith="97")
    assert not metropolitan.exclude(latitude__range=(41.3, 51.1), longitude__range=(-5.2, 9.6))

    # The postal-code rule agrees with the data for all but a few border villages, and
    # always in Corsica and overseas.
    pairs = list(PostalCode.objects.values_list("code", "commune__department_id"))
    disagreeing = [(code, d) for code, d in pairs if department_code_for_postal_code(code) != d]
    assert len(disagreeing) < 0.002 * len(pairs)
    assert not [(code, d) for code, d in disagreeing if code.startswith(("20", "97"))]

    before = snapshot()
    output = StringIO()
    call_command("load_geo", stdout=output)
    assert "already up to date" in output.getvalue()
    assert "0 created, 0 updated, 0 deleted" in output.getvalue()
    assert snapshot() == before
