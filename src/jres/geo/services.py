"""Finding communes and departments from what people type: postal codes and place names."""

import re

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from .models import Commune, Department
from .text import fold, normalise

__all__ = [
    "commune_for_insee_code",
    "commune_for_postal_code_and_name",
    "department_code_for_postal_code",
    "department_for_postal_code",
    "find_communes",
    "normalise",
]

_POSTAL_CODE = re.compile(r"\d{5}")
_OVERSEAS_DEPARTMENTS = {"971", "972", "973", "974", "976"}
# Saint-Barthélemy and Saint-Martin use Guadeloupe's range but are collectivities of their own.
_OVERSEAS_COLLECTIVITY_CODES = {"97133", "97150"}
# Paris, Lyon and Marseille are one commune each, but the national address base answers
# with the INSEE code of their districts (75115 for Paris 15e).
_DISTRICTS = [
    (re.compile(r"751(0[1-9]|1[0-9]|20)"), "75056"),
    (re.compile(r"6938[1-9]"), "69123"),
    (re.compile(r"132(0[1-9]|1[0-6])"), "13055"),
]
# What follows a city's name in addresses but is no part of it: "Lyon 3e", "Paris 15e
# arrondissement", "Bordeaux Cedex", "Nantes CEDEX 1".
_CITY_SUFFIX = re.compile(
    r"( \d{1,2}( ?(er|e|eme|ieme|em))?( arrondissement)?| cedex( \d{1,3})?)+$"
)


def clean_postal_code(postal_code: str) -> str:
    return "".join(postal_code.split())


def department_code_for_postal_code(postal_code: str) -> str | None:
    """The department a postal code belongs to, or None outside the 101 departments.

    The first two digits, except Corsica (20000-20199 Corse-du-Sud "2A", 20200-20999
    Haute-Corse "2B") and the overseas departments (first three digits: 971 to 976 but
    975). A few villages have a neighbouring department's code (La Poste routes them from
    there); they are rare enough for a map's fallback point.
    """
    code = clean_postal_code(postal_code)
    if not _POSTAL_CODE.fullmatch(code) or code in _OVERSEAS_COLLECTIVITY_CODES:
        return None
    if code.startswith("20"):
        return "2A" if code < "20200" else "2B"
    if code.startswith("97"):
        return code[:3] if code[:3] in _OVERSEAS_DEPARTMENTS else None
    if code[:2] in {"00", "96", "98", "99"}:
        return None
    return code[:2]


def department_for_postal_code(postal_code: str) -> Department | None:
    code = department_code_for_postal_code(postal_code)
    return Department.objects.filter(code=code).first() if code else None


def find_communes(*, postal_code: str = "", name: str = "") -> QuerySet[Commune]:
    """Communes by postal code, by the start of their name, or both; best first.

    `postal_code`: five digits for an exact code, two to four for the codes starting so.
    `name`: a prefix, accents, case, hyphens and "St"/"Ste" ignored ("st-em" finds
    Saint-Émilion). An exact name comes first, then the most populous. Nothing to look
    for, or a postal code that is not digits, finds nothing.
    """
    postal_code = clean_postal_code(postal_code)
    searched = normalise(name)
    if not postal_code and not searched:
        return Commune.objects.none()
    communes = Commune.objects.select_related("department")
    if postal_code:
        if not postal_code.isdigit() or not 2 <= len(postal_code) <= 5:
            return Commune.objects.none()
        if len(postal_code) == 5:
            communes = communes.filter(postal_codes__code=postal_code)
        else:
            # One commune may have several codes with that start: list it once.
            matching = Commune.objects.filter(postal_codes__code__startswith=postal_code)
            communes = communes.filter(pk__in=matching.values("pk"))
    if searched:
        # "st" is a whole abbreviation once a space or hyphen follows, but while it is
        # being typed it may be the start of "Strasbourg": then try both.
        prefixes = {searched} if not name[-1].isalnum() else {searched, fold(name)}
        condition = Q()
        for prefix in prefixes:
            condition |= Q(search_name__startswith=prefix)
        communes = communes.filter(condition).annotate(
            exact=Case(
                When(search_name=searched, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        return communes.order_by("exact", "-population", "name")
    return communes.order_by("-population", "name")


def designated_commune(*, postal_code: str, name: str) -> tuple[Commune | None, list[Commune]]:
    """What a form's postal code and commune name designate: the code's only commune, or
    the one of its communes so named; else None. Also the code's communes, to choose from."""
    communes = list(find_communes(postal_code=postal_code)[:50])
    named = [commune for commune in communes if normalise(commune.name) == normalise(name)]
    if len(communes) == 1 or len(named) == 1:
        return (named[0] if named else communes[0]), communes
    return None, communes


def commune_for_insee_code(insee_code: str) -> Commune | None:
    """The commune of an INSEE code; a Paris, Lyon or Marseille district gives its city."""
    for district, city in _DISTRICTS:
        if district.fullmatch(insee_code):
            insee_code = city
    return Commune.objects.select_related("department").filter(pk=insee_code).first()


def commune_for_postal_code_and_name(*, postal_code: str, name: str) -> Commune | None:
    """The one commune an address's postal code and city designate, or None when unsure.

    In order: the commune of that postal code and name; the commune of that name in the
    postal code's department (the code was mistyped, or is a CEDEX); the only commune of
    that postal code (the city given is a hamlet or misspelt); the only commune of that
    postal code whose name starts so. Without a postal code, the only commune so named.
    District numbers and CEDEX after the name are ignored ("Lyon 3e", "Nantes Cedex 1").
    """
    postal_code = clean_postal_code(postal_code)
    searched = _CITY_SUFFIX.sub("", normalise(name)).strip()
    communes = Commune.objects.select_related("department")
    with_code = communes.filter(postal_codes__code=postal_code) if postal_code else None
    if searched:
        if with_code is not None:
            named = list(with_code.filter(search_name=searched)[:2])
            if named:
                # Two communes of one name under one code do not exist; take the first.
                return named[0]
        department_code = department_code_for_postal_code(postal_code)
        in_department = communes.filter(search_name=searched)
        if department_code:
            in_department = in_department.filter(department_id=department_code)
        elif postal_code:
            in_department = in_department.none()
        named = list(in_department[:2])
        if len(named) == 1:
            return named[0]
    if with_code is None:
        return None
    only = list(with_code[:2])
    if len(only) == 1:
        return only[0]
    if searched:
        starting = list(with_code.filter(search_name__startswith=searched)[:2])
        if len(starting) == 1:
            return starting[0]
    return None
