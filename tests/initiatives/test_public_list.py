"""The public list: published initiatives only, filters, search, bad values explained."""

import pytest

from jres.initiatives.models import InitiativeStatus
from tests.core.html import text
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(france):
    return {
        "debates": InitiativeFactory(
            title="Débats au collège", commune=france.toulouse,
            themes=["debats-parole-eleves"], levels=["lower_secondary"],
        ),
        "mentoring": InitiativeFactory(
            title="Mentorat étudiant", commune=france.bordeaux, themes=["mentorat"],
            levels=["primary", "lower_secondary"], organisation="Afev Gironde",
        ),
        "digital": InitiativeFactory(
            title="Le numérique en famille", commune=france.paris, themes=["numerique"],
            levels=["outside_school"],
        ),
        "draft": InitiativeFactory(
            title="Brouillon caché", commune=france.paris, status=InitiativeStatus.DRAFT,
        ),
    }  # fmt: skip


def titles(response) -> set[str]:
    return {initiative.title for initiative in response.context["page"].object_list}


def test_only_published_initiatives_are_listed(client, base):
    response = client.get("/initiatives/")

    assert response.status_code == 200
    assert titles(response) == {"Débats au collège", "Mentorat étudiant", "Le numérique en famille"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=mentorat", {"Mentorat étudiant"}),
        ("niveau=lower_secondary", {"Débats au collège", "Mentorat étudiant"}),
        ("niveau=primary", {"Mentorat étudiant"}),
        ("region=75", {"Mentorat étudiant"}),
        ("departement=31", {"Débats au collège"}),
        ("q=afev", {"Mentorat étudiant"}),
        ("q=numérique famille", {"Le numérique en famille"}),
        ("q=toulouse", {"Débats au collège"}),
        ("theme=numerique&region=75", set()),
    ],
)
def test_filters_and_search(client, base, query, expected):
    assert titles(client.get(f"/initiatives/?{query}")) == expected


@pytest.mark.parametrize(
    "query",
    ["theme=astrologie", "niveau=university", "region=XX", "departement=999",
     "niveau=%3Cscript%3E"],
)  # fmt: skip
def test_unknown_values_are_ignored_with_a_message(client, base, query):
    response = client.get(f"/initiatives/?{query}")

    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert "le filtre est ignoré" in text(response.content.decode())
    assert "<script>" not in response.content.decode()


def test_the_list_is_paginated_and_its_queries_do_not_grow(
    client, france, django_assert_max_num_queries
):
    for number in range(14):
        InitiativeFactory(title=f"Initiative {number}", commune=france.bordeaux,
                          themes=["mentorat", "parents"])  # fmt: skip

    with django_assert_max_num_queries(9):
        first = client.get("/initiatives/")
    second = client.get("/initiatives/?page=2")

    assert len(first.context["page"].object_list) == 12
    assert len(second.context["page"].object_list) == 2
    assert "?page=2" in first.content.decode()


def test_the_filter_form_works_without_javascript(client, base):
    content = client.get("/initiatives/").content.decode()

    assert '<form method="get"' in content and 'name="theme"' in content
    assert 'name="niveau"' in content and 'name="q"' in content
