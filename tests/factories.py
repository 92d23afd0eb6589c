import datetime
import importlib

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group, Permission

from jres.accounts.models import COORDINATORS, MODERATORS, User
from jres.editions.models import Edition, KeyFigure
from jres.pages.models import Page, TeamContact

PASSWORD = "correct-horse-battery-2026"
# The staff's authenticator app (jres.accounts.second_factor): codes come from this secret.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    """A verified account whose password is PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(role_group(name) for name in extracted))

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """Staff have the authenticator app the platform requires of them before any page
        (jres.accounts.second_factor); `second_factor=False`: one who has not set it up yet."""
        if not create or extracted is False:
            return
        in_staff_group = self.groups.filter(name__in=[MODERATORS, COORDINATORS]).exists()
        if extracted or self.is_superuser or in_staff_group:
            TOTP.activate(self, TOTP_SECRET)


def role_group(name: str) -> Group:
    """The role's group as the migrations create it.

    Live-server tests flush the database, migration data included: recreate it when missing.
    """
    group, created = Group.objects.get_or_create(name=name)
    if created:
        roles = importlib.import_module("jres.accounts.migrations.0002_roles").ROLE_PERMISSIONS
        for app_label, model in roles[name]:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model
                )
            )
    return group


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    year = factory.Sequence(lambda n: 2030 + n % 150)  # within the plausible-year constraint
    number = factory.LazyAttribute(lambda edition: edition.year - 2007)
    day = factory.LazyAttribute(lambda edition: datetime.date(edition.year, 9, 27))
    theme_fr = "Donner la parole aux jeunes"
    theme_en = "Giving young people a voice"
    status = "archived"


class KeyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigure

    edition = factory.SubFactory(EditionFactory)
    value = "150 000"
    label_fr = "jeunes sortent chaque année sans diplôme"
    label_en = "young people leave school every year without a diploma"


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    slug = factory.Sequence(lambda n: f"page-{n}")
    title_fr = "Une page"
    title_en = "A page"
    body_fr = "Du **texte**."
    body_en = "Some **text**."


class TeamContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamContact

    name = "Claire Martin"
    role_fr = "Chargée de mission"
    role_en = "Project officer"
    email = "claire@example.org"
    phone = "01 23 45 67 89"
