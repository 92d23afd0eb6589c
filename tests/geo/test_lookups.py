"""Normalising names, finding communes by postal code and name, departments of postal codes."""

import pytest

from jres.geo.services import (
    commune_for_insee_code,
    commune_for_postal_code_and_name,
    department_code_for_postal_code,
    find_communes,
    normalise,
)
from tests.geo.factories import CommuneFactory


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Bordeaux", "bordeaux"),
        ("Saint-Émilion", "saint emilion"),
        ("St-Émilion", "saint emilion"),
        ("ST EMILION", "saint emilion"),
        ("Sainte-Foy-l'Argentière", "sainte foy l argentiere"),
        ("Ste Foy l’Argentière", "sainte foy l argentiere"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("Œuilly", "oeuilly"),
        ("  Le   Pont-de-Beauvoisin ", "le pont de beauvoisin"),
        ("Stenay", "stenay"),
        ("", ""),
    ],
)
def test_normalise_ignores_case_accents_punctuation_and_saint_abbreviations(name, expected):
    assert normalise(name) == expected


def test_commune_reads_as_name_and_department(bordeaux, ajaccio):
    assert str(bordeaux) == "Bordeaux (33)"
    assert str(ajaccio) == "Ajaccio (2A)"


def test_find_communes_by_postal_code(bordeaux, saint_emilion, merignac):
    assert list(find_communes(postal_code="33800")) == [bordeaux]
    assert list(find_communes(postal_code=" 33 700 ")) == [merignac]
    # Two communes share 33330: the more populous first.
    assert [c.name for c in find_communes(postal_code="33330")] == [
        "Saint-Émilion",
        "Saint-Laurent-des-Combes",
    ]
    assert list(find_communes(postal_code="33999")) == []


def test_find_communes_by_postal_code_prefix_lists_each_commune_once(bordeaux, merignac):
    assert list(find_communes(postal_code="33")) == [bordeaux, merignac]
    assert list(find_communes(postal_code="330")) == [bordeaux]


@pytest.mark.parametrize("postal_code", ["3", "abcde", "330000", "33-00"])
def test_find_communes_finds_nothing_for_a_malformed_postal_code(bordeaux, postal_code):
    assert list(find_communes(postal_code=postal_code)) == []


def test_find_communes_finds_nothing_without_criteria(bordeaux):
    assert list(find_communes()) == []
    assert list(find_communes(name=" - ")) == []


def test_find_communes_by_name_prefix_ignores_accents_and_case(bordeaux, merignac):
    assert list(find_communes(name="méri")) == [merignac]
    assert list(find_communes(name="MERIGNAC")) == [merignac]
    assert list(find_communes(name="bord")) == [bordeaux]
    assert list(find_communes(name="ordeaux")) == []


def test_find_communes_expands_saint_but_still_finds_names_starting_with_st(saint_emilion):
    strasbourg = CommuneFactory(name="Strasbourg", population=290000)
    assert list(find_communes(name="St-Ém")) == [saint_emilion]
    saint_laurent = find_communes(postal_code="33330", name="saint l").get()
    assert list(find_communes(name="st ")) == [saint_emilion, saint_laurent]
    assert list(find_communes(name="Ste-")) == []
    # While typing, "st" may be the start of a name.
    assert list(find_communes(name="st")) == [strasbourg, saint_emilion, saint_laurent]
    assert list(find_communes(name="str")) == [strasbourg]


def test_find_communes_puts_the_exact_name_first(saint_denis_reunion, saint_denis_93):
    bigger = CommuneFactory(name="Saint-Denis-en-Val", population=900_000)
    found = list(find_communes(name="saint denis"))
    assert found[-1] == bigger
    # Two exact homonyms: the more populous first.
    assert found[:2] == [saint_denis_reunion, saint_denis_93]


def test_find_communes_by_postal_code_and_name(saint_emilion):
    assert list(find_communes(postal_code="33330", name="saint-e")) == [saint_emilion]
    assert list(find_communes(postal_code="33700", name="saint-e")) == []


def test_find_communes_needs_no_query_per_commune(
    bordeaux, merignac, saint_emilion, django_assert_num_queries
):
    with django_assert_num_queries(1):
        names = [f"{c.name} {c.department.name}" for c in find_communes(postal_code="33")]
    assert len(names) == 4


def test_commune_for_postal_code_and_name_takes_the_named_commune(saint_emilion):
    assert commune_for_postal_code_and_name(postal_code="33330", name="St Emilion") == (
        saint_emilion
    )


def test_commune_for_postal_code_and_name_is_unsure_between_two_unnamed(saint_emilion):
    assert commune_for_postal_code_and_name(postal_code="33330", name="") is None
    assert commune_for_postal_code_and_name(postal_code="33330", name="Le Bourg") is None
    # A prefix that designates one of them is enough.
    assert commune_for_postal_code_and_name(postal_code="33330", name="Saint-Lau").name == (
        "Saint-Laurent-des-Combes"
    )


def test_commune_for_postal_code_and_name_trusts_a_postal_code_of_one_commune(merignac):
    assert commune_for_postal_code_and_name(postal_code="33700", name="Capeyron") == merignac
    assert commune_for_postal_code_and_name(postal_code="33700", name="") == merignac


def test_commune_for_postal_code_and_name_prefers_the_name_to_a_wrong_code(bordeaux, merignac):
    assert commune_for_postal_code_and_name(postal_code="33000", name="Mérignac") == merignac
    # A CEDEX code is no commune's: the name in the code's department decides.
    assert commune_for_postal_code_and_name(postal_code="33074", name="Bordeaux Cedex") == (
        bordeaux
    )


def test_commune_for_postal_code_and_name_ignores_district_numbers(paris):
    assert commune_for_postal_code_and_name(postal_code="75015", name="Paris 15e") == paris
    assert commune_for_postal_code_and_name(
        postal_code="75116", name="PARIS 16E ARRONDISSEMENT"
    ) == (paris)


def test_commune_for_postal_code_and_name_without_postal_code(
    bordeaux, saint_denis_reunion, saint_denis_93
):
    assert commune_for_postal_code_and_name(postal_code="", name="bordeaux") == bordeaux
    # Two communes of that name and nothing to choose: unsure.
    assert commune_for_postal_code_and_name(postal_code="", name="Saint-Denis") is None
    assert commune_for_postal_code_and_name(postal_code="97400", name="Saint-Denis") == (
        saint_denis_reunion
    )


def test_commune_for_postal_code_and_name_does_not_look_in_another_department(bordeaux):
    assert commune_for_postal_code_and_name(postal_code="40000", name="Bordeaux") is None


def test_commune_for_insee_code_maps_city_districts_to_their_city(paris):
    assert commune_for_insee_code("75056") == paris
    assert commune_for_insee_code("75115") == paris
    assert commune_for_insee_code("75120") == paris
    assert commune_for_insee_code("75121") is None
    assert commune_for_insee_code("") is None


@pytest.mark.parametrize(
    ("postal_code", "department"),
    [
        ("33000", "33"),
        ("01400", "01"),
        ("75116", "75"),
        ("20000", "2A"),
        ("20090", "2A"),
        ("20167", "2A"),
        ("20200", "2B"),
        ("20600", "2B"),
        ("20290", "2B"),
        ("97100", "971"),
        ("97200", "972"),
        ("97300", "973"),
        ("97400", "974"),
        ("97490", "974"),
        ("97600", "976"),
        (" 97 400 ", "974"),
        ("97500", None),  # Saint-Pierre-et-Miquelon: a collectivity
        ("97133", None),  # Saint-Barthélemy, in Guadeloupe's range
        ("97150", None),  # Saint-Martin
        ("98800", None),  # New Caledonia
        ("98000", None),  # Monaco
        ("00100", None),
        ("3300", None),
        ("330000", None),
        ("abcde", None),
        ("", None),
    ],
)
def test_department_code_for_postal_code(postal_code, department):
    assert department_code_for_postal_code(postal_code) == department
