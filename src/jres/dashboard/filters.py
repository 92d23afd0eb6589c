"""The dashboard's filters, read from the GET parameters every staff page shares.

`edition=<year>` (the current edition by default), `region=<code>` and
`departement=<code>`. A value not understood is left out with a note, never an error. A
department outside the chosen region wins: it is the more precise choice, and the region
becomes its own, with a note saying so.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from jres.core.params import shown as _shown
from jres.editions.models import Edition
from jres.geo.models import Department, Region

MAX_CODE_LENGTH = 3


@dataclass
class DashboardFilters:
    """The filters as understood, and a note for each value left out or changed."""

    edition: Edition | None = None
    edition_is_default: bool = True
    region: Region | None = None
    department: Department | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def region_code(self) -> str | None:
        return self.region.code if self.region else None

    @property
    def department_code(self) -> str | None:
        return self.department.code if self.department else None

    def as_pairs(self, *, edition=None) -> list[tuple[str, str]]:
        """The shared parameters for this selection (another edition's when given)."""
        edition = edition or self.edition
        pairs = [("edition", str(edition.year))] if edition else []
        if self.region:
            pairs.append(("region", self.region.code))
        if self.department:
            pairs.append(("departement", self.department.code))
        return pairs

    def query(self, *, edition=None, **extra: str) -> str:
        """A query string for a list behind a figure: the selection plus `extra`."""
        return urlencode([*self.as_pairs(edition=edition), *extra.items()])


def _code(value: str) -> str | None:
    """A plausible INSEE code ("75", "2A", "974"), or None."""
    value = value.strip().upper()
    return value if 0 < len(value) <= MAX_CODE_LENGTH and value.isalnum() else None


def parse_filters(params: Mapping[str, str]) -> DashboardFilters:
    """Read the filters; at most four queries (edition, current edition, region, department)."""
    filters = DashboardFilters()
    year = params.get("edition", "").strip()
    if year:
        known = year.isdigit() and len(year) == 4
        edition = Edition.objects.filter(year=int(year)).first() if known else None
        if edition is None:
            filters.notes.append(_("édition inconnue : « %(value)s »") % {"value": _shown(year)})
        else:
            filters.edition, filters.edition_is_default = edition, False
    if filters.edition is None:
        filters.edition = Edition.objects.current() or Edition.objects.order_by("-year").first()

    region_value = params.get("region", "").strip()
    if region_value:
        code = _code(region_value)
        filters.region = Region.objects.filter(code=code).first() if code else None
        if filters.region is None:
            filters.notes.append(
                _("région inconnue : « %(value)s »") % {"value": _shown(region_value)}
            )
    department_value = params.get("departement", "").strip()
    if department_value:
        code = _code(department_value)
        department = (
            Department.objects.select_related("region").filter(code=code).first() if code else None
        )
        if department is None:
            filters.notes.append(
                _("département inconnu : « %(value)s »") % {"value": _shown(department_value)}
            )
        else:
            if filters.region and department.region_id != filters.region.code:
                filters.notes.append(
                    _(
                        "le département %(department)s n'est pas dans la région %(region)s : "
                        "les chiffres sont ceux du département, dans sa région %(own)s"
                    )
                    % {
                        "department": department.name,
                        "region": filters.region.name,
                        "own": department.region.name,
                    }
                )
            filters.department, filters.region = department, department.region
    return filters
