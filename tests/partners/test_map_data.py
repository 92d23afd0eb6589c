"""The partners' GeoJSON: one point per public partner, filtered like the list."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("partners:map_data")


def test_the_geojson_has_one_point_per_partner(client, bordeaux_partner, gironde_partner):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    features = {feature["properties"]["name"]: feature for feature in data["features"]}
    bordeaux = features["Ville de Bordeaux"]
    assert bordeaux["geometry"]["coordinates"] == [-0.58046, 44.84124]
    assert bordeaux["properties"]["url"] == bordeaux_partner.get_absolute_url()
    assert bordeaux["properties"]["kind"] == "Commune"
    assert "contact_email" not in json.dumps(data) and "education" not in json.dumps(data)


def test_the_geojson_takes_the_lists_filters(client, bordeaux_partner, gironde_partner):
    data = json.loads(client.get(URL, {"type": "department", "region": "nowhere"}).content)
    assert [feature["properties"]["name"] for feature in data["features"]] == [
        "Département de la Gironde"
    ]


def test_a_change_to_a_partner_shows_at_once_despite_the_cache(client, bordeaux_partner):
    client.get(URL)
    bordeaux_partner.name = "Bordeaux, ville partenaire"
    bordeaux_partner.save()
    data = json.loads(client.get(URL).content)
    assert data["features"][0]["properties"]["name"] == "Bordeaux, ville partenaire"


def test_the_geojson_query_count_does_not_grow(client, france, django_assert_max_num_queries):
    from tests.partners.factories import PartnerFactory

    for _number in range(12):
        PartnerFactory(commune=france.paris)
    with django_assert_max_num_queries(3):
        client.get(URL)
