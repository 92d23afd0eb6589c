"""Loading the shipped geography (data/france.json.gz) into the database."""

import gzip
import json
from dataclasses import dataclass, field
from itertools import batched
from pathlib import Path

from django.db import transaction

from .models import Commune, Department, PostalCode, Region
from .text import normalise

DATA_FILE = Path(__file__).resolve().parent / "data" / "france.json.gz"
COMMUNE_FIELDS = ["name", "department_id", "population", "latitude", "longitude"]
COMMUNE_FIELDS += ["approximate", "search_name"]
BATCH = 500


@dataclass
class Changes:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    total: int = 0

    def __str__(self):
        return (
            f"{self.total} ({self.created} created, {self.updated} updated, {self.deleted} deleted)"
        )


@dataclass
class LoadReport:
    regions: Changes = field(default_factory=Changes)
    departments: Changes = field(default_factory=Changes)
    communes: Changes = field(default_factory=Changes)
    postal_codes: Changes = field(default_factory=Changes)
    # Communes of the database the file no longer has (merged since): kept, since events
    # may point at them.
    obsolete_communes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            changes.created or changes.updated or changes.deleted
            for changes in (self.regions, self.departments, self.communes, self.postal_codes)
        )


def read_data(path: Path = DATA_FILE) -> dict:
    """The data file as a dict of lists of row dicts (regions, departments, communes)."""
    with gzip.open(path, "rt", encoding="utf-8") as file:
        data = json.load(file)
    if data.get("format") != 1:
        raise ValueError(f"{path}: unknown format {data.get('format')!r}")
    return {
        kind: [dict(zip(data["fields"][kind], row, strict=True)) for row in data[kind]]
        for kind in ("regions", "departments", "communes")
    }


@transaction.atomic
def load_geography(*, path: Path = DATA_FILE) -> LoadReport:
    """Create or update regions, departments, communes and postal codes from the file.

    Idempotent: a second run writes nothing. Rows are compared in memory and written in
    bulk, so the 35,000 communes load in seconds on SQLite as on PostgreSQL.
    """
    data = read_data(path)
    report = LoadReport()
    report.regions = _sync_small(
        Region, [Region(code=row["code"], name=row["name"]) for row in data["regions"]], ["name"]
    )
    departments = [
        Department(
            code=row["code"],
            name=row["name"],
            region_id=row["region"],
            latitude=row["latitude"],
            longitude=row["longitude"],
        )
        for row in data["departments"]
    ]
    report.departments = _sync_small(
        Department, departments, ["name", "region_id", "latitude", "longitude"]
    )
    report.communes, report.obsolete_communes = _sync_communes(data["communes"])
    report.postal_codes = _sync_postal_codes(data["communes"])
    return report


def _sync_small(model, wanted: list, fields: list[str]) -> Changes:
    existing = model.objects.in_bulk()
    changes = Changes(total=len(wanted))
    for row in wanted:
        current = existing.get(row.pk)
        if current is None:
            row.save(force_insert=True)
            changes.created += 1
        elif any(getattr(current, name) != getattr(row, name) for name in fields):
            row.save(force_update=True)
            changes.updated += 1
    return changes


def _sync_communes(rows: list[dict]) -> tuple[Changes, list[str]]:
    existing = {
        values[0]: values[1:]
        for values in Commune.objects.values_list("insee_code", *COMMUNE_FIELDS).iterator()
    }
    to_create, to_update = [], []
    for row in rows:
        commune = Commune(
            insee_code=row["insee_code"],
            name=row["name"],
            department_id=row["department"],
            population=row["population"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            approximate=bool(row["approximate"]),
            search_name=normalise(row["name"]),
        )
        current = existing.get(commune.insee_code)
        if current is None:
            to_create.append(commune)
        elif current != tuple(getattr(commune, name) for name in COMMUNE_FIELDS):
            to_update.append(commune)
    Commune.objects.bulk_create(to_create, batch_size=BATCH)
    Commune.objects.bulk_update(to_update, COMMUNE_FIELDS, batch_size=BATCH)
    in_file = {row["insee_code"] for row in rows}
    obsolete = sorted(code for code in existing if code not in in_file)
    changes = Changes(created=len(to_create), updated=len(to_update), total=len(rows))
    return changes, obsolete


def _sync_postal_codes(rows: list[dict]) -> Changes:
    wanted = {(code, row["insee_code"]) for row in rows for code in row["postal_codes"]}
    existing = {
        (code, commune_id): pk
        for pk, code, commune_id in PostalCode.objects.values_list("pk", "code", "commune_id")
    }
    to_delete = [pk for pair, pk in existing.items() if pair not in wanted]
    for chunk in batched(to_delete, BATCH):
        PostalCode.objects.filter(pk__in=chunk).delete()
    to_create = [
        PostalCode(code=code, commune_id=commune_id)
        for code, commune_id in sorted(wanted - existing.keys())
    ]
    PostalCode.objects.bulk_create(to_create, batch_size=BATCH)
    return Changes(created=len(to_create), deleted=len(to_delete), total=len(wanted))
