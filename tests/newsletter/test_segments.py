"""Each segment's addresses, against expectations written out by hand: deduplicated
case-insensitively, opt-outs removed, each recipient's language known."""

import pytest

from jres.newsletter import segments
from jres.newsletter.models import OptOut, Segment
from tests.events.factories import EventFactory, small_france
from tests.factories import EditionFactory, UserFactory
from tests.newsletter.factories import SubscriberFactory
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def addresses(segment, edition, **filters) -> dict[str, str]:
    found = list(segments.recipients(segment=segment, edition=edition, **filters))
    assert len(found) == len({recipient.email for recipient in found})
    return {recipient.email: recipient.language for recipient in found}


@pytest.fixture
def world(current_edition):
    """Two editions, organisers in three regions and states, partners, subscribers."""
    france = small_france()
    last_year = EditionFactory(year=2025, number=18, status="archived")
    people = {
        name: UserFactory(email=f"{name}@example.org", language=language)
        for name, language in [
            ("ana", "fr"), ("bruno", "en"), ("chloe", "fr"), ("dan", "fr"), ("eve", "fr"),
            ("fanny", "fr"), ("gus", "en"), ("hugo", "fr"),
        ]
    }  # fmt: skip
    # This year: ana (Bordeaux, labelled, twice), bruno (Paris, submitted), chloe (Toulouse,
    # draft); dan has an event this year and last year; eve only last year (labelled);
    # fanny only last year but refused; gus last year, labelled, account deactivated.
    EventFactory(edition=current_edition, organiser=people["ana"], commune=france.bordeaux)
    EventFactory(edition=current_edition, organiser=people["ana"], commune=france.merignac)
    EventFactory(edition=current_edition, organiser=people["bruno"], commune=france.paris,
                 status="submitted", labelled_at=None)  # fmt: skip
    EventFactory(edition=current_edition, organiser=people["chloe"], commune=france.toulouse,
                 status="draft", labelled_at=None)  # fmt: skip
    EventFactory(edition=current_edition, organiser=people["dan"], commune=france.paris)
    EventFactory(edition=last_year, organiser=people["dan"], commune=france.paris)
    EventFactory(edition=last_year, organiser=people["eve"], commune=france.bordeaux)
    EventFactory(edition=last_year, organiser=people["fanny"], commune=france.bordeaux,
                 status="refused", labelled_at=None)  # fmt: skip
    EventFactory(edition=last_year, organiser=people["gus"], commune=france.toulouse)
    people["gus"].is_active = False
    people["gus"].save()
    return france, people, last_year


def test_organisers_of_the_current_edition_all_by_region_and_by_status(world, current_edition):
    france, _people, _last_year = world
    everyone = {"ana@example.org": "fr", "bruno@example.org": "en", "chloe@example.org": "fr",
                "dan@example.org": "fr"}  # fmt: skip
    assert addresses(Segment.ORGANISERS, current_edition) == everyone
    assert addresses(Segment.ORGANISERS, current_edition, region="75") == {"ana@example.org": "fr"}
    assert set(addresses(Segment.ORGANISERS, current_edition, region="11")) == {
        "bruno@example.org", "dan@example.org"
    }  # fmt: skip
    assert set(addresses(Segment.ORGANISERS, current_edition, event_status="labelled")) == {
        "ana@example.org", "dan@example.org"
    }  # fmt: skip
    assert addresses(
        Segment.ORGANISERS, current_edition, region="11", event_status="submitted"
    ) == {"bruno@example.org": "en"}
    assert addresses(Segment.ORGANISERS, current_edition, region="94") == {}


def test_last_year_s_organisers_not_back_yet(world, current_edition):
    assert addresses(Segment.RETURNING, current_edition) == {"eve@example.org": "fr"}


def test_returning_without_a_previous_edition_is_empty(current_edition):
    EventFactory(edition=current_edition)
    assert addresses(Segment.RETURNING, current_edition) == {}


def test_opted_out_addresses_are_dropped_whatever_their_case(world, current_edition):
    OptOut.objects.create(email="ana@example.org")
    OptOut.objects.create(email="eve@example.org")
    assert set(addresses(Segment.ORGANISERS, current_edition)) == {
        "bruno@example.org", "chloe@example.org", "dan@example.org"
    }  # fmt: skip
    assert addresses(Segment.RETURNING, current_edition) == {}


def test_newsletter_subscribers_confirmed_only_and_their_language(current_edition):
    SubscriberFactory(email="un@example.net", language="en")
    SubscriberFactory(email="deux@example.net")
    SubscriberFactory(email="attente@example.net", status="pending")
    SubscriberFactory(email="parti@example.net", status="unsubscribed")
    assert addresses(Segment.NEWSLETTER, current_edition) == {
        "un@example.net": "en", "deux@example.net": "fr"
    }  # fmt: skip


def test_partners_contacts_and_accounts_once_each(current_edition):
    france = small_france()
    account = UserFactory(email="Mairie@Ville.example", language="en")
    PartnerFactory(commune=france.bordeaux, contact_email="mairie@ville.example",
                   accounts=[account])  # fmt: skip
    PartnerFactory(commune=france.paris, contact_email="education@paris.example")
    PartnerFactory(region=france.occitanie, contact_email="optout@region.example")
    OptOut.objects.create(email="optout@region.example")
    assert addresses(Segment.PARTNERS, current_edition) == {
        "mairie@ville.example": "fr", "education@paris.example": "fr"
    }  # fmt: skip


def test_the_count_matches_the_recipients(world, current_edition):
    from tests.newsletter.factories import MailingFactory

    mailing = MailingFactory(segment=Segment.ORGANISERS, region_id="11")
    assert segments.count(mailing, edition=current_edition) == 2
