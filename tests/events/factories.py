"""Events as the public sees them: labelled by default, in Bordeaux, on the edition's day.

    EventFactory(edition=current_edition, commune=bordeaux, kind="atelier", audiences=["parents"])

`commune` fills the department, region and (unless given) the point; `kind` and
`audiences` take the slugs of the rows the data migration creates.
"""

import datetime
import random

import factory
from django.utils import timezone

from jres.events.models import AttendanceMode, Audience, Event, EventKind, EventStatus
from tests.factories import EditionFactory, UserFactory
from tests.geo.factories import CommuneFactory, DepartmentFactory, RegionFactory


def _starts_at(event) -> datetime.datetime:
    day = event.edition.day
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 18, 0))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    edition = factory.SubFactory(EditionFactory)
    organiser = factory.SubFactory(UserFactory)
    kind = factory.LazyFunction(lambda: EventKind.objects.get(slug="debat"))
    title = factory.Sequence(lambda n: f"Débat numéro {n}")
    description = "Parents, élèves et enseignants **échangent** sur la réussite de tous."
    starts_at = factory.LazyAttribute(_starts_at)
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))
    is_public = True
    attendance_mode = AttendanceMode.IN_PERSON
    venue_name = "Salle des fêtes"
    address = factory.Sequence(lambda n: f"{n + 1} rue de l'École")
    # A commune of Gironde: fixed codes keep every value within its column's length, on
    # PostgreSQL too, however many events a test session creates.
    commune = factory.SubFactory(
        CommuneFactory,
        insee_code=factory.Sequence(lambda n: f"99{n % 1000:03d}"),
        department=factory.SubFactory(
            DepartmentFactory,
            code="33",
            name="Gironde",
            latitude=44.82,
            longitude=-0.55,
            region=factory.SubFactory(RegionFactory, code="75", name="Nouvelle-Aquitaine"),
        ),
    )
    postal_code = "33000"
    city = factory.LazyAttribute(lambda event: event.commune.name if event.commune else "Ville")
    department = factory.LazyAttribute(
        lambda event: event.commune.department if event.commune else None
    )
    region = factory.LazyAttribute(
        lambda event: event.commune.department.region if event.commune else None
    )
    latitude = factory.LazyAttribute(
        lambda event: event.commune.latitude if event.commune else None
    )
    longitude = factory.LazyAttribute(
        lambda event: event.commune.longitude if event.commune else None
    )
    status = EventStatus.LABELLED
    labelled_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if isinstance(kwargs.get("kind"), str):
            kwargs["kind"] = EventKind.objects.get(slug=kwargs["kind"])
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(
                Audience.objects.filter(slug__in=extracted)
                if isinstance(extracted[0], str)
                else extracted
            )


def small_france():
    """Three regions, four departments and five communes with their real codes and places."""
    from types import SimpleNamespace

    aquitaine = RegionFactory(code="75", name="Nouvelle-Aquitaine")
    ile_de_france = RegionFactory(code="11", name="Île-de-France")
    occitanie = RegionFactory(code="76", name="Occitanie")
    gironde = DepartmentFactory(
        code="33", name="Gironde", region=aquitaine, latitude=44.82, longitude=-0.55
    )
    paris_department = DepartmentFactory(
        code="75", name="Paris", region=ile_de_france, latitude=48.85341, longitude=2.3488
    )
    haute_garonne = DepartmentFactory(
        code="31", name="Haute-Garonne", region=occitanie, latitude=43.4, longitude=1.2
    )
    corse_du_sud = DepartmentFactory(
        code="2A", name="Corse-du-Sud", region=RegionFactory(code="94", name="Corse"),
        latitude=41.85, longitude=8.86,
    )  # fmt: skip
    return SimpleNamespace(
        aquitaine=aquitaine,
        ile_de_france=ile_de_france,
        occitanie=occitanie,
        gironde=gironde,
        paris_department=paris_department,
        haute_garonne=haute_garonne,
        corse_du_sud=corse_du_sud,
        bordeaux=CommuneFactory(
            insee_code="33063",
            name="Bordeaux",
            department=gironde,
            latitude=44.84124,
            longitude=-0.58046,
            postal_codes=["33000", "33800"],
        ),  # fmt: skip
        merignac=CommuneFactory(
            insee_code="33281",
            name="Mérignac",
            department=gironde,
            latitude=44.84,
            longitude=-0.65,
            postal_codes=["33700"],
        ),  # fmt: skip
        paris=CommuneFactory(
            insee_code="75056",
            name="Paris",
            department=paris_department,
            latitude=48.85341,
            longitude=2.3488,
            postal_codes=["75011"],
        ),  # fmt: skip
        toulouse=CommuneFactory(
            insee_code="31555",
            name="Toulouse",
            department=haute_garonne,
            latitude=43.60426,
            longitude=1.44367,
            postal_codes=["31000"],
        ),  # fmt: skip
        ajaccio=CommuneFactory(
            insee_code="2A004",
            name="Ajaccio",
            department=corse_du_sud,
            latitude=41.91886,
            longitude=8.73812,
            postal_codes=["20000"],
        ),  # fmt: skip
    )


def spread(edition, commune, count, *, spread_degrees=0.01, seed=1, **fields):
    """`count` events scattered around a commune."""
    generator = random.Random(seed)
    return [
        EventFactory(
            edition=edition,
            commune=commune,
            latitude=commune.latitude + generator.uniform(-spread_degrees, spread_degrees),
            longitude=commune.longitude + generator.uniform(-spread_degrees, spread_degrees),
            **fields,
        )
        for _number in range(count)
    ]
