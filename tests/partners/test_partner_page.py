"""A partner's page: its commitment, contact (never the e-mail), events and figures."""

import pytest
from django.urls import reverse

from jres.events.models import EventStatus
from jres.registrations.models import RegistrationStatus
from jres.reports.models import EventReport
from tests.events.factories import EventFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory(current_edition, france, bordeaux_partner, partner_user):
    """Events in and around Bordeaux, with registrations and a report."""
    in_bordeaux = EventFactory(
        edition=current_edition, commune=france.bordeaux, title="Débat à Bordeaux",
        registration_mode="platform", capacity=50,
    )  # fmt: skip
    in_merignac = EventFactory(
        edition=current_edition, commune=france.merignac, title="Atelier à Mérignac"
    )
    # The partner's own event, outside its commune.
    organised = EventFactory(
        edition=current_edition, commune=france.toulouse, organiser=partner_user,
        title="Rencontre organisée par la ville",
    )  # fmt: skip
    EventFactory(edition=current_edition, commune=france.paris, title="Débat à Paris")
    EventFactory(
        edition=current_edition, commune=france.bordeaux, status=EventStatus.SUBMITTED,
        labelled_at=None, title="Pas encore labellisé",
    )  # fmt: skip
    RegistrationFactory(event=in_bordeaux, places=3)
    RegistrationFactory(event=in_bordeaux, places=2)
    RegistrationFactory(event=in_bordeaux, places=4, status=RegistrationStatus.WAITING)
    EventReport.objects.create(event=in_bordeaux, participants=41)
    return {"bordeaux": in_bordeaux, "merignac": in_merignac, "organised": organised}


def test_the_page_shows_the_commitment_sanitised_and_no_email(client, bordeaux_partner):
    bordeaux_partner.commitment = (
        "Nous **agissons**.\n\n<script>alert(1)</script> [x](javascript:alert(2))"
    )
    bordeaux_partner.save()
    html = client.get(bordeaux_partner.get_absolute_url()).content.decode()
    assert "<strong>agissons</strong>" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert 'href="javascript:' not in html
    assert "Service éducation" in html and "Chargée de mission" in html
    assert bordeaux_partner.contact_email not in html


def test_the_page_lists_the_territorys_events_and_its_own(client, bordeaux_partner, territory):
    html = client.get(bordeaux_partner.get_absolute_url()).content.decode()
    assert "Débat à Bordeaux" in html
    assert "Rencontre organisée par la ville" in html
    assert "Atelier à Mérignac" not in html  # another commune
    assert "Débat à Paris" not in html and "Pas encore labellisé" not in html


def test_the_figures_count_the_territory_of_the_current_edition(
    client, bordeaux_partner, territory
):
    figures = client.get(bordeaux_partner.get_absolute_url()).context["figures"]
    assert figures.labelled_events == 1
    assert figures.communes == 1
    assert figures.registered_places == 5  # confirmed places, not the waiting list
    assert figures.participants_reported == 41


def test_a_department_sees_its_whole_territory(client, gironde_partner, territory):
    response = client.get(gironde_partner.get_absolute_url())
    figures = response.context["figures"]
    assert figures.labelled_events == 2 and figures.communes == 2
    html = response.content.decode()
    assert "Débat à Bordeaux" in html and "Atelier à Mérignac" in html


def test_an_intercommunality_counts_its_member_communes(client, france, territory):
    from jres.partners.models import PartnerKind
    from tests.partners.factories import PartnerFactory

    grouping = PartnerFactory(
        name="Bordeaux Métropole", kind=PartnerKind.INTERCOMMUNALITY, commune=france.bordeaux
    )
    grouping.member_communes.add(france.merignac)
    figures = client.get(grouping.get_absolute_url()).context["figures"]
    assert figures.labelled_events == 2 and figures.communes == 2


def test_the_page_query_count_does_not_grow_with_events(
    client, current_edition, france, bordeaux_partner, django_assert_max_num_queries
):
    EventFactory(edition=current_edition, commune=france.bordeaux)
    with django_assert_max_num_queries(20) as first:
        client.get(bordeaux_partner.get_absolute_url())
    for _number in range(8):
        EventFactory(edition=current_edition, commune=france.bordeaux)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(bordeaux_partner.get_absolute_url())


def test_events_list_link_for_a_commune(bordeaux_partner):
    assert bordeaux_partner.events_list_query() == "commune=33063"
    assert reverse("partners:detail", args=[bordeaux_partner.slug]).startswith("/collectivites/")
