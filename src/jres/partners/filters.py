"""The directory's filters, read from GET parameters: a value not understood is left out
with a note, never an error (as the events list does)."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jres.core.params import value
from jres.geo.models import Region

from .models import Partner, PartnerKind

MAX_SHOWN = 40


@dataclass
class PartnerFilters:
    kind: str = ""
    region: Region | None = None
    ignored: list[str] = field(default_factory=list)

    def as_query(self) -> list[tuple[str, str]]:
        query = []
        if self.kind:
            query.append(("type", self.kind))
        if self.region:
            query.append(("region", self.region.code))
        return query


def _shown(value: str) -> str:
    return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"


def parse_filters(params: Mapping) -> PartnerFilters:
    filters = PartnerFilters()
    if kind := value(params, "type"):
        if kind in PartnerKind.values:
            filters.kind = kind
        else:
            filters.ignored.append(_("type « %(value)s » inconnu") % {"value": _shown(kind)})
    # core.params drops NUL characters, which PostgreSQL refuses.
    if code := value(params, "region"):
        filters.region = Region.objects.filter(code=code[:3]).first() if len(code) <= 3 else None
        if filters.region is None:
            filters.ignored.append(_("région « %(value)s » inconnue") % {"value": _shown(code)})
    return filters


def filter_partners(params: Mapping) -> tuple[QuerySet, PartnerFilters]:
    filters = parse_filters(params)
    partners = Partner.objects.public()
    if filters.kind:
        partners = partners.filter(kind=filters.kind)
    if filters.region:
        partners = partners.filter(region=filters.region)
    return partners, filters
