"""load_geo on a small file: creates, then updates only what changed, then nothing."""

import gzip
import json
from io import StringIO

import pytest
from django.core.management import call_command

from jres.geo.models import Commune, Department, PostalCode, Region

pytestmark = pytest.mark.django_db

FIELDS = {
    "regions": ["code", "name"],
    "departments": ["code", "name", "region", "latitude", "longitude"],
    "communes": [
        "insee_code",
        "name",
        "department",
        "region",
        "postal_codes",
        "population",
        "latitude",
        "longitude",
        "approximate",
    ],
}


def write(path, communes, *, format=1):
    data = {
        "format": format,
        "fields": FIELDS,
        "regions": [["75", "Nouvelle-Aquitaine"]],
        "departments": [["33", "Gironde", "75", 44.82, -0.55]],
        "communes": communes,
    }
    with gzip.open(path, "wt", encoding="utf-8") as file:
        json.dump(data, file)
    return path


def load(path):
    output = StringIO()
    call_command("load_geo", file=path, stdout=output)
    return output.getvalue()


BORDEAUX = ["33063", "Bordeaux", "33", "75", ["33000", "33800"], 267991, 44.84, -0.58, 0]
LAPOUYADE = ["33226", "Lapouyade", "33", "75", ["33620"], 550, 44.82, -0.55, 1]


def test_load_geo_creates_then_updates_what_changed(tmp_path):
    path = write(tmp_path / "geo.json.gz", [BORDEAUX, LAPOUYADE])

    output = load(path)

    assert "Communes:     2 (2 created, 0 updated, 0 deleted)" in output
    assert "Postal codes: 3 (3 created, 0 updated, 0 deleted)" in output
    lapouyade = Commune.objects.get(insee_code="33226")
    assert (lapouyade.approximate, lapouyade.search_name, lapouyade.population) == (
        True,
        "lapouyade",
        550,
    )
    assert Region.objects.get().name == "Nouvelle-Aquitaine"
    assert Department.objects.get().region_id == "75"
    kept = PostalCode.objects.get(code="33000")

    renamed = ["33063", "Bordeaux-sur-Garonne", "33", "75", ["33000", "33100"], 1, 44.8, -0.5, 0]
    output = load(write(path, [renamed, LAPOUYADE]))

    assert "Communes:     2 (0 created, 1 updated, 0 deleted)" in output
    assert "Postal codes: 3 (1 created, 0 updated, 1 deleted)" in output
    bordeaux = Commune.objects.get(insee_code="33063")
    assert (bordeaux.name, bordeaux.search_name, bordeaux.population, bordeaux.latitude) == (
        "Bordeaux-sur-Garonne",
        "bordeaux sur garonne",
        1,
        44.8,
    )
    assert sorted(bordeaux.postal_codes.values_list("code", flat=True)) == ["33000", "33100"]
    # An unchanged postal code keeps its row.
    assert PostalCode.objects.get(code="33000").pk == kept.pk

    output = load(path)
    assert "already up to date" in output


def test_load_geo_keeps_a_commune_the_file_no_longer_has(tmp_path):
    load(write(tmp_path / "geo.json.gz", [BORDEAUX, LAPOUYADE]))

    output = load(write(tmp_path / "geo.json.gz", [BORDEAUX]))

    assert "1 communes no longer in the file were kept: 33226" in output
    assert Commune.objects.filter(insee_code="33226").exists()


def test_load_geo_refuses_a_file_of_another_format(tmp_path):
    with pytest.raises(ValueError, match="unknown format 2"):
        load(write(tmp_path / "geo.json.gz", [BORDEAUX], format=2))
    assert not Commune.objects.exists()
