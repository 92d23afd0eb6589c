"""A small France: a few communes where the tests need them, with their real codes."""

import pytest

from tests.geo.factories import CommuneFactory, DepartmentFactory, RegionFactory


@pytest.fixture(autouse=True)
def _no_internet(settings):
    """Any address-base request a test forgets to point at its own server is refused here."""
    settings.GEOCODER = "offline"
    settings.GEOCODER_BAN_URL = "http://127.0.0.1:9/search/"


@pytest.fixture
def gironde(db):
    region = RegionFactory(code="75", name="Nouvelle-Aquitaine")
    return DepartmentFactory(
        code="33", name="Gironde", region=region, latitude=44.82, longitude=-0.55
    )


@pytest.fixture
def bordeaux(gironde):
    return CommuneFactory(
        insee_code="33063",
        name="Bordeaux",
        department=gironde,
        population=267991,
        latitude=44.84124,
        longitude=-0.58046,
        postal_codes=["33000", "33100", "33200", "33300", "33800"],
    )


@pytest.fixture
def merignac(gironde):
    return CommuneFactory(
        insee_code="33281",
        name="Mérignac",
        department=gironde,
        population=75000,
        latitude=44.84,
        longitude=-0.65,
        postal_codes=["33700"],
    )


@pytest.fixture
def saint_emilion(gironde):
    """Shares its postal code 33330 with Saint-Laurent-des-Combes."""
    CommuneFactory(
        insee_code="33433",
        name="Saint-Laurent-des-Combes",
        department=gironde,
        population=250,
        latitude=44.8786,
        longitude=-0.1413,
        postal_codes=["33330"],
    )
    return CommuneFactory(
        insee_code="33394",
        name="Saint-Émilion",
        department=gironde,
        population=1800,
        latitude=44.89431,
        longitude=-0.15568,
        postal_codes=["33330"],
    )


@pytest.fixture
def lapouyade(gironde):
    """A commune GeoNames does not know: it stands at its department's centre."""
    return CommuneFactory(
        insee_code="33226",
        name="Lapouyade",
        department=gironde,
        population=550,
        latitude=gironde.latitude,
        longitude=gironde.longitude,
        approximate=True,
        postal_codes=["33620"],
    )


@pytest.fixture
def corsica(db):
    region = RegionFactory(code="94", name="Corse")
    south = DepartmentFactory(
        code="2A", name="Corse-du-Sud", region=region, latitude=41.85, longitude=8.86
    )
    north = DepartmentFactory(
        code="2B", name="Haute-Corse", region=region, latitude=42.47, longitude=9.2
    )
    return south, north


@pytest.fixture
def ajaccio(corsica):
    return CommuneFactory(
        insee_code="2A004",
        name="Ajaccio",
        department=corsica[0],
        population=76320,
        latitude=41.91886,
        longitude=8.73812,
        postal_codes=["20000", "20090"],
    )


@pytest.fixture
def reunion(db):
    region = RegionFactory(code="04", name="La Réunion")
    return DepartmentFactory(
        code="974", name="La Réunion", region=region, latitude=-21.09, longitude=55.47
    )


@pytest.fixture
def saint_denis_reunion(reunion):
    return CommuneFactory(
        insee_code="97411",
        name="Saint-Denis",
        department=reunion,
        population=155634,
        latitude=-20.88231,
        longitude=55.4504,
        postal_codes=["97400", "97417", "97490"],
    )


@pytest.fixture
def saint_denis_93(db):
    region = RegionFactory(code="11", name="Île-de-France")
    department = DepartmentFactory(
        code="93", name="Seine-Saint-Denis", region=region, latitude=48.91, longitude=2.45
    )
    return CommuneFactory(
        insee_code="93066",
        name="Saint-Denis",
        department=department,
        population=113000,
        latitude=48.93564,
        longitude=2.35387,
        postal_codes=["93200", "93210"],
    )


@pytest.fixture
def paris(db):
    region = RegionFactory(code="11", name="Île-de-France")
    department = DepartmentFactory(
        code="75", name="Paris", region=region, latitude=48.85341, longitude=2.3488
    )
    return CommuneFactory(
        insee_code="75056",
        name="Paris",
        department=department,
        population=2103778,
        latitude=48.85341,
        longitude=2.3488,
        postal_codes=[f"750{number:02d}" for number in range(1, 21)] + ["75116"],
    )
