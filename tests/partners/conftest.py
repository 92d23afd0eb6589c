"""Fixtures of the partners tests: a little of France, partners and their accounts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jres.partners.models import PartnerKind
from tests.events.factories import small_france
from tests.factories import UserFactory
from tests.partners.factories import PartnerFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def france(db):
    return small_france()


@pytest.fixture
def partner_user(db):
    return UserFactory(display_name="Paula Partenaire", groups=["partners"])


@pytest.fixture
def other_partner_user(db):
    return UserFactory(display_name="Pierre Partenaire", groups=["partners"])


@pytest.fixture
def bordeaux_partner(france, partner_user):
    return PartnerFactory(
        name="Ville de Bordeaux", commune=france.bordeaux, accounts=[partner_user]
    )


@pytest.fixture
def gironde_partner(france, other_partner_user):
    return PartnerFactory(
        name="Département de la Gironde",
        kind=PartnerKind.DEPARTMENT,
        department=france.gironde,
        accounts=[other_partner_user],
    )


@pytest.fixture
def occitanie_partner(france):
    return PartnerFactory(name="Région Occitanie", kind=PartnerKind.REGION, region=france.occitanie)


def image_upload(size=(80, 40), *, mode="RGB", format="PNG", name="logo.png"):
    buffer = io.BytesIO()
    Image.new(mode, size, (0, 128, 128, 0) if mode == "RGBA" else "teal").save(
        buffer, format=format
    )
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
