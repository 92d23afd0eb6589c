"""The geography in the admin: searchable lists, nothing to add, change or delete."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from tests.geo.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_communes_are_searchable_by_name_and_postal_code(superuser_client, bordeaux, merignac):
    response = superuser_client.get("/admin/geo/commune/", {"q": "33700"})
    assert response.status_code == 200
    assert "Mérignac" in response.text
    assert "Bordeaux" not in response.text

    response = superuser_client.get("/admin/geo/commune/", {"q": "bordeaux"})
    assert "33000 33100 33200 33300 33800" in response.text
    assert "Mérignac" not in response.text


def test_geography_is_read_only_in_the_admin(superuser_client, bordeaux):
    assert superuser_client.get("/admin/geo/commune/add/").status_code == 403
    assert superuser_client.get("/admin/geo/commune/33063/delete/").status_code == 403
    response = superuser_client.post("/admin/geo/commune/33063/change/", {"name": "Bordeaux-Plage"})
    assert response.status_code == 403
    bordeaux.refresh_from_db()
    assert bordeaux.name == "Bordeaux"
    for model in ("region", "department", "commune"):
        assert superuser_client.get(f"/admin/geo/{model}/").status_code == 200


def test_the_commune_list_costs_the_same_queries_for_more_communes(superuser_client, gironde):
    def queries_for_the_list():
        with CaptureQueriesContext(connection) as queries:
            assert superuser_client.get("/admin/geo/commune/").status_code == 200
        return len(queries)

    CommuneFactory(department=gironde, postal_codes=["33001"])
    queries_for_the_list()  # the first also checks the second factor (then kept 5 minutes)
    few = queries_for_the_list()
    CommuneFactory.create_batch(5, department=gironde, postal_codes=["33002", "33003"])
    assert queries_for_the_list() == few
