"""The public list's filters, read from the query string.

An unknown value (a theme that does not exist, a made-up level) is ignored and reported
in `problems`, so that the page explains it instead of answering an error.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from jres.core.params import value
from jres.geo.models import Department, Region

from .models import Initiative, SchoolLevel, Theme


@dataclass
class InitiativeFilters:
    theme: Theme | None = None
    level: str = ""
    region: Region | None = None
    department: Department | None = None
    text: str = ""
    problems: list[str] = field(default_factory=list)

    def as_query(self) -> list[tuple[str, str]]:
        query = [
            ("theme", self.theme.slug if self.theme else ""),
            ("niveau", self.level),
            ("region", self.region.code if self.region else ""),
            ("departement", self.department.code if self.department else ""),
            ("q", self.text),
        ]
        return [(key, value) for key, value in query if value]


def parse_filters(params) -> InitiativeFilters:
    # Read through core.params, which drops NUL characters (PostgreSQL refuses them).
    filters = InitiativeFilters(text=value(params, "q")[:100])
    if slug := value(params, "theme"):
        filters.theme = Theme.objects.filter(slug=slug).first()
        if filters.theme is None:
            filters.problems.append(_("Ce thème n'existe pas : le filtre est ignoré."))
    if level := value(params, "niveau"):
        if level in SchoolLevel.values:
            filters.level = level
        else:
            filters.problems.append(_("Ce niveau n'existe pas : le filtre est ignoré."))
    if code := value(params, "region"):
        filters.region = Region.objects.filter(code=code[:3]).first()
        if filters.region is None:
            filters.problems.append(_("Cette région n'existe pas : le filtre est ignoré."))
    if code := value(params, "departement"):
        filters.department = Department.objects.filter(code=code[:3]).first()
        if filters.department is None:
            filters.problems.append(_("Ce département n'existe pas : le filtre est ignoré."))
    return filters


def filter_initiatives(params):
    """The published initiatives that match the query string, and the filters read."""
    filters = parse_filters(params)
    initiatives = Initiative.objects.published()
    if filters.theme:
        initiatives = initiatives.filter(themes=filters.theme)
    if filters.level:
        initiatives = initiatives.filter(levels__contains=f",{filters.level},")
    if filters.region:
        initiatives = initiatives.filter(commune__department__region=filters.region)
    if filters.department:
        initiatives = initiatives.filter(commune__department=filters.department)
    for word in filters.text.split()[:8]:
        initiatives = initiatives.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(organisation__icontains=word)
            | Q(commune__name__icontains=word)
        )
    return initiatives, filters
