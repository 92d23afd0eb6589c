import factory

from jres.registrations.models import Registration, RegistrationStatus, Role
from tests.events.factories import EventFactory


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration for one place, in French."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory, registration_mode="platform", capacity=10)
    name = factory.Sequence(lambda n: f"Personne {n}")
    email = factory.Sequence(lambda n: f"inscrit{n}@example.net")
    role = Role.PARENT
    places = 1
    status = RegistrationStatus.CONFIRMED
    language = "fr"
