"""Partner authorities for tests: a commune by default (Bordeaux when given)."""

import factory

from jres.partners.models import JoinRequest, Partner, PartnerKind


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        skip_postgeneration_save = True

    kind = PartnerKind.COMMUNE
    name = factory.Sequence(lambda n: f"Ville numéro {n}")
    contact_name = "Service éducation"
    contact_role = "Chargée de mission"
    contact_email = factory.Sequence(lambda n: f"education{n}@ville.example")
    commitment = "La ville **soutient** les familles."

    @factory.post_generation
    def accounts(self, create, extracted, **kwargs):
        if create and extracted:
            self.accounts.add(*extracted)


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    authority_name = "Ville de Mérignac"
    kind = PartnerKind.COMMUNE
    contact_name = "Service jeunesse"
    contact_role = "Responsable"
    contact_email = "jeunesse@merignac.example"
    message = "Nous voulons rejoindre le réseau."
