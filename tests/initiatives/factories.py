"""Initiatives as the public sees them: published, in a commune of Gironde by default.

    InitiativeFactory(commune=france.toulouse, themes=["mentorat"], levels=["primary"])

`themes` takes the slugs of the rows the data migration creates.
"""

import factory
from django.utils import timezone

from jres.initiatives.models import Initiative, InitiativeStatus, Theme
from tests.factories import UserFactory
from tests.geo.factories import CommuneFactory, DepartmentFactory, RegionFactory


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    proposer = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Initiative numéro {n}")
    summary = "Des étudiants accompagnent chaque semaine des collégiens."
    description = "Un binôme, une heure par semaine, **toute l'année**."
    commune = factory.SubFactory(
        CommuneFactory,
        insee_code=factory.Sequence(lambda n: f"98{n % 1000:03d}"),
        department=factory.SubFactory(
            DepartmentFactory,
            code="33",
            name="Gironde",
            region=factory.SubFactory(RegionFactory, code="75", name="Nouvelle-Aquitaine"),
        ),
    )
    organisation = "Association des étudiants solidaires"
    results = "Neuf élèves sur dix passent en classe supérieure."
    contact_email = factory.Sequence(lambda n: f"porteur{n}@example.org")
    status = InitiativeStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(Theme.objects.filter(slug__in=extracted))

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        if create and extracted:
            self.level_list = extracted
            self.save(update_fields=["levels"])


def ensure_themes() -> None:
    """The themes the data migration creates: a flushed database (browser tests) has none."""
    from jres.initiatives.defaults import THEMES

    for order, (slug, name_fr, name_en) in enumerate(THEMES):
        Theme.objects.get_or_create(
            slug=slug, defaults={"name_fr": name_fr, "name_en": name_en, "order": order}
        )
