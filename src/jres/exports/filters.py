"""The staff data lists' filters, read from the GET parameters every staff page shares.

`edition`, `region`, `departement`, `statut`, `type` and `public` mean the same here as on
the public events list (see `jres.events.filters`), so that the dashboard's links and the
lists agree. A value not understood, or a filter that does not apply to a dataset, is left
out with a note: never an error, never a silently different selection. The one exception is
an edition given for data that belong to no edition (partners, initiatives, volunteers):
the dashboard's links carry the edition everywhere, and these lists are the same whatever
the edition, so there is nothing to warn about.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jres.core.params import shown as _shown
from jres.core.params import value as _value
from jres.core.params import values as _values
from jres.editions.models import Edition
from jres.events.models import Audience, EventKind
from jres.geo.models import Department, Region
from jres.partners.models import PartnerKind

PARAMETERS = ("edition", "region", "departement", "statut", "type", "public", "scolaire")
# `edition=toutes`: every edition rather than the current one.
ALL_EDITIONS = "toutes"
MAX_AUDIENCES = 20

PARAMETER_LABELS = {
    "edition": gettext_lazy("édition"),
    "region": gettext_lazy("région"),
    "departement": gettext_lazy("département"),
    "statut": gettext_lazy("statut"),
    "type": gettext_lazy("type"),
    "public": gettext_lazy("public"),
    "scolaire": gettext_lazy("en établissement scolaire"),
}


@dataclass
class DataFilters:
    """The filters as understood, and a note for each one left out."""

    edition: Edition | None = None
    all_editions: bool = False
    region: Region | None = None
    department: Department | None = None
    status: str = ""
    # An EventKind, or a PartnerKind value for the partners.
    kind: EventKind | str | None = None
    audiences: list[Audience] = field(default_factory=list)
    # True: in-school events only (not public); False: public events only; None: both.
    in_school: bool | None = None
    ignored: list[str] = field(default_factory=list)

    @property
    def kind_value(self) -> str:
        if isinstance(self.kind, EventKind):
            return self.kind.slug
        return self.kind or ""

    def applied(self) -> dict:
        """What narrowed the selection, as the audit log keeps it (JSON)."""
        applied: dict = {}
        if self.all_editions:
            applied["edition"] = ALL_EDITIONS
        elif self.edition:
            applied["edition"] = self.edition.year
        if self.region:
            applied["region"] = self.region.code
        if self.department:
            applied["departement"] = self.department.code
        if self.status:
            applied["statut"] = self.status
        if self.kind:
            applied["type"] = self.kind_value
        if self.audiences:
            applied["public"] = [audience.slug for audience in self.audiences]
        if self.in_school is not None:
            applied["scolaire"] = "1" if self.in_school else "0"
        return applied

    def as_query(self) -> str:
        """The understood filters as a query string, for the download links and pages."""
        pairs = []
        for name, value in self.applied().items():
            values = value if isinstance(value, list) else [value]
            pairs.extend((name, str(item)) for item in values)
        return urlencode(pairs)


def default_edition() -> Edition | None:
    """The current edition, else the latest one."""
    return Edition.objects.current() or Edition.objects.first()


def parse_filters(
    params: Mapping,
    *,
    accepted: frozenset[str],
    statuses: type[TextChoices] | None = None,
    kinds: str = "event",
) -> DataFilters:
    """Read the GET parameters a dataset `accepted`; every value not understood, and every
    filter that does not apply, becomes a note."""
    filters = DataFilters()
    ignored = filters.ignored

    for name in PARAMETERS:
        if name not in accepted and name != "edition" and any(_values(params, name)):
            ignored.append(
                _("« %(name)s » ne s'applique pas à ces données") % {"name": PARAMETER_LABELS[name]}
            )

    if "edition" in accepted:
        year = _value(params, "edition")
        if year == ALL_EDITIONS:
            filters.all_editions = True
        elif year:
            is_year = year.isascii() and year.isdigit() and len(year) == 4
            filters.edition = Edition.objects.filter(year=int(year)).first() if is_year else None
            if filters.edition is None:
                ignored.append(_("édition « %(value)s » inconnue") % {"value": _shown(year)})
        if not filters.all_editions and filters.edition is None:
            filters.edition = default_edition()

    if "region" in accepted and (code := _value(params, "region")):
        filters.region = Region.objects.filter(code=code).first() if len(code) <= 3 else None
        if filters.region is None:
            ignored.append(_("région « %(value)s » inconnue") % {"value": _shown(code)})

    if "departement" in accepted and (code := _value(params, "departement")):
        filters.department = (
            Department.objects.filter(code=code.upper()).first() if len(code) <= 3 else None
        )
        if filters.department is None:
            ignored.append(_("département « %(value)s » inconnu") % {"value": _shown(code)})

    if "statut" in accepted and statuses and (status := _value(params, "statut")):
        if status in statuses.values:
            filters.status = status
        else:
            ignored.append(_("statut « %(value)s » inconnu") % {"value": _shown(status)})

    if "type" in accepted and (slug := _value(params, "type")):
        if kinds == "partner":
            filters.kind = slug if slug in PartnerKind.values else None
        else:
            filters.kind = EventKind.objects.filter(slug=slug).first() if len(slug) <= 40 else None
        if filters.kind is None:
            ignored.append(_("type « %(value)s » inconnu") % {"value": _shown(slug)})

    if "scolaire" in accepted and (flag := _value(params, "scolaire")):
        if flag in {"1", "0"}:
            filters.in_school = flag == "1"
        else:
            ignored.append(_("« %(value)s » n'est ni 1 ni 0") % {"value": _shown(flag)})

    if "public" in accepted:
        slugs = list(dict.fromkeys(slug for slug in _values(params, "public") if slug))
        if len(slugs) > MAX_AUDIENCES:
            ignored.append(_("trop de publics demandés : les premiers seulement sont retenus"))
            slugs = slugs[:MAX_AUDIENCES]
        if slugs:
            filters.audiences = list(
                Audience.objects.filter(slug__in=[slug for slug in slugs if len(slug) <= 40])
            )
            known = {audience.slug for audience in filters.audiences}
            ignored.extend(
                _("public « %(value)s » inconnu") % {"value": _shown(slug)}
                for slug in slugs
                if slug not in known
            )
    return filters
