"""The offline geocoder: the commune's place, else the department's centre, else nothing."""

import os
import subprocess
import sys

import pytest

from jres.geo.geocoding import BanGeocoder, GeocodeResult, OfflineGeocoder, get_geocoder

pytestmark = pytest.mark.django_db


def geocode(postal_code, city, address="1 place de la Mairie"):
    return OfflineGeocoder().geocode(address=address, postal_code=postal_code, city=city)


def test_a_known_commune_gives_its_place(bordeaux, merignac):
    assert geocode("33000", "Bordeaux") == GeocodeResult(
        latitude=44.84124,
        longitude=-0.58046,
        commune=bordeaux,
        label="Bordeaux",
        precision="municipality",
    )
    assert geocode("33700", "MERIGNAC").commune == merignac


def test_a_commune_without_a_place_of_its_own_is_as_precise_as_its_department(lapouyade):
    result = geocode("33620", "Lapouyade")
    assert result.commune == lapouyade
    assert (result.latitude, result.longitude) == (44.82, -0.55)
    assert result.precision == "department"


def test_an_unknown_commune_gives_its_department_centre(bordeaux, saint_emilion):
    # 33330 has two communes and "Le Bourg" is neither: the department is all we know.
    result = geocode("33330", "Le Bourg")
    assert result == GeocodeResult(
        latitude=44.82, longitude=-0.55, commune=None, label="Gironde", precision="department"
    )
    assert geocode("33999", "Nulle-Part").label == "Gironde"


def test_corsica_postal_codes_find_their_department(corsica, ajaccio):
    assert geocode("20090", "Ajaccio").commune == ajaccio
    south = geocode("20137", "Porto-Vecchio")
    assert (south.label, south.precision, south.latitude) == ("Corse-du-Sud", "department", 41.85)
    north = geocode("20200", "Bastia")
    assert (north.label, north.precision, north.latitude) == ("Haute-Corse", "department", 42.47)


def test_overseas_communes_and_departments(saint_denis_reunion, saint_denis_93):
    result = geocode("97400", "Saint-Denis")
    assert result.commune == saint_denis_reunion
    assert (result.latitude, result.longitude) == (-20.88231, 55.4504)
    assert geocode("93200", "St Denis").commune == saint_denis_93
    elsewhere = geocode("97410", "Saint-Pierre")
    assert (elsewhere.label, elsewhere.precision) == ("La Réunion", "department")


@pytest.mark.parametrize("postal_code", ["98800", "97500", "00000", "", "ABCDE"])
def test_unknown_postal_codes_give_nothing(bordeaux, reunion, postal_code):
    assert geocode(postal_code, "Nouméa") is None


def test_a_department_missing_from_the_database_gives_nothing(bordeaux):
    assert geocode("40000", "Mont-de-Marsan") is None


def test_the_geocoder_is_chosen_by_settings(settings):
    settings.GEOCODER = "offline"
    assert isinstance(get_geocoder(), OfflineGeocoder)
    settings.GEOCODER = "ban"
    settings.GEOCODER_BAN_URL = "http://127.0.0.1:9/search/"
    settings.GEOCODER_TIMEOUT = 2
    geocoder = get_geocoder()
    assert isinstance(geocoder, BanGeocoder)
    assert (geocoder.base_url, geocoder.timeout) == ("http://127.0.0.1:9/search/", 2)
    settings.GEOCODER = "google"
    with pytest.raises(ValueError, match="google"):
        get_geocoder()


def test_the_default_settings_geocode_offline(tmp_path):
    """With nothing set, no address leaves the machine; production opts in with GEOCODER=ban."""
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}
    environment |= {"VAR_DIR": str(tmp_path), "LANG": "C.UTF-8"}
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from jres import settings as s; "
            "print(s.GEOCODER, s.GEOCODER_TIMEOUT, s.GEOCODER_BAN_URL)",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split()
    assert printed == ["offline", "3", "https://api-adresse.data.gouv.fr/search/"]
