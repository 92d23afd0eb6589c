"""Factories for a few communes, so tests need not load the whole country (load_geo).

    bordeaux = CommuneFactory(
        insee_code="33063", name="Bordeaux", postal_codes=["33000", "33800"],
        department=DepartmentFactory(code="33", name="Gironde",
                                     region=RegionFactory(code="75", name="Nouvelle-Aquitaine")),
    )

Regions and departments are got or created by code: the same code gives the same row.
"""

import factory

from jres.geo.models import Commune, Department, PostalCode, Region
from jres.geo.text import normalise


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"R{n % 100}")
    name = factory.Sequence(lambda n: f"Région {n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"D{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Département {n}")
    region = factory.SubFactory(RegionFactory)
    latitude = 46.6
    longitude = 2.4


class CommuneFactory(factory.django.DjangoModelFactory):
    """A commune; `postal_codes=["33000", ...]` gives it postal codes (none by default)."""

    class Meta:
        model = Commune
        skip_postgeneration_save = True

    # Real INSEE codes never start with "00".
    insee_code = factory.Sequence(lambda n: f"00{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    department = factory.SubFactory(DepartmentFactory)
    population = 1000
    latitude = factory.LazyAttribute(lambda commune: commune.department.latitude)
    longitude = factory.LazyAttribute(lambda commune: commune.department.longitude)
    approximate = False
    search_name = factory.LazyAttribute(lambda commune: normalise(commune.name))

    @factory.post_generation
    def postal_codes(self, create, extracted, **kwargs):
        if create and extracted:
            PostalCode.objects.bulk_create(
                PostalCode(code=code, commune=self) for code in extracted
            )
