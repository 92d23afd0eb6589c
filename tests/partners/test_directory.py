"""The directory at /collectivites/: the list, its filters, notes for what is not understood."""

import pytest
from django.urls import reverse

from jres.partners.models import Partner

pytestmark = pytest.mark.django_db

URL = reverse("partners:list")


def test_the_directory_lists_public_partners_without_javascript(
    client, bordeaux_partner, gironde_partner, occitanie_partner
):
    Partner.objects.filter(pk=occitanie_partner.pk).update(is_public=False)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ville de Bordeaux" in html and "Département de la Gironde" in html
    assert "Région Occitanie" not in html
    assert bordeaux_partner.get_absolute_url() in html
    assert 'id="partners-map"' in html and "data-map-section hidden" in html


def test_filters_by_kind_and_region(client, bordeaux_partner, gironde_partner, occitanie_partner):
    html = client.get(URL, {"type": "department"}).content.decode()
    assert "Département de la Gironde" in html and "Ville de Bordeaux" not in html
    html = client.get(URL, {"region": "76"}).content.decode()
    assert "Région Occitanie" in html and "Ville de Bordeaux" not in html


def test_an_unknown_kind_or_region_is_ignored_with_a_note(client, bordeaux_partner):
    response = client.get(URL, {"type": "empire", "region": "<script>99"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Filtre ignoré : type « empire » inconnu" in html
    assert "région « &lt;script&gt;99 » inconnue" in html
    assert "Ville de Bordeaux" in html  # every partner, not none


def test_the_partner_shows_its_territory_centre(bordeaux_partner, gironde_partner, france):
    assert (bordeaux_partner.latitude, bordeaux_partner.longitude) == (44.84124, -0.58046)
    assert gironde_partner.region == france.aquitaine
    assert bordeaux_partner.department == france.gironde


def test_a_region_is_placed_at_its_departments_mean(occitanie_partner):
    assert (occitanie_partner.latitude, occitanie_partner.longitude) == (43.4, 1.2)


def test_the_directory_costs_the_same_queries_with_more_partners(
    client, france, django_assert_max_num_queries
):
    from tests.partners.factories import PartnerFactory

    PartnerFactory(commune=france.paris)
    with django_assert_max_num_queries(8) as first:
        client.get(URL)
    for _number in range(10):
        PartnerFactory(commune=france.toulouse)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(URL)


def test_a_forged_slug_is_a_404(client, bordeaux_partner):
    assert client.get(reverse("partners:detail", args=["nulle-part"])).status_code == 404
    hidden = bordeaux_partner
    Partner.objects.filter(pk=hidden.pk).update(is_public=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
