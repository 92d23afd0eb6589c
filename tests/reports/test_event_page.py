"""The report on the event's public page: only when chosen, escaped, and never stale."""

import pytest

from jres.events.models import Audience
from jres.reports import services
from tests.core.html import elements, text
from tests.reports.conftest import make_photo, make_report

pytestmark = pytest.mark.django_db


def test_a_report_shown_by_its_organiser_is_on_the_event_page(client, event):
    report = make_report(event, participants=57, what_worked="Le goûter partagé.",
                         testimony="Une soirée utile.", show_on_event_page=True)  # fmt: skip
    report.audiences.set(Audience.objects.filter(slug__in=["parents", "eleves"]))
    make_photo(report)

    page = client.get(event.get_absolute_url()).content.decode()

    visible = text(page)
    assert "Bilan Participants 57 Publics touchés Parents, Élèves" in visible
    assert "Ce qui a marché Le goûter partagé." in visible
    assert "Témoignage Une soirée utile." in visible
    [photo] = [image for image in elements(page, "img") if image.get("alt") == "Photo 1"]
    assert photo["src"].startswith("/media/reports/")


def test_a_report_not_chosen_for_the_page_stays_private(client, event):
    make_report(event, testimony="Réservé à l'équipe nationale.")

    page = text(client.get(event.get_absolute_url()).content.decode())

    assert "Réservé à l'équipe nationale." not in page
    assert "Publics touchés" not in page


def test_a_cancelled_events_report_is_not_shown(client, event):
    make_report(event, testimony="Une soirée utile.", show_on_event_page=True)
    event.status = "cancelled"
    event.save()

    assert "Une soirée utile." not in client.get(event.get_absolute_url()).content.decode()


def test_html_and_script_in_the_texts_are_escaped(client, event):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    make_report(event, what_worked=payload, testimony=payload, show_on_event_page=True)

    page = client.get(event.get_absolute_url()).content.decode()

    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 2


def test_the_cached_page_shows_a_new_report_at_once(client, event):
    first = client.get(event.get_absolute_url()).content.decode()
    assert "Publics touchés" not in first

    services.save_report(
        event=event, participants=12, audiences=Audience.objects.filter(slug="parents"),
        what_worked="", testimony="Merci à tous.", show_on_event_page=True,
    )  # fmt: skip

    page = text(client.get(event.get_absolute_url()).content.decode())
    assert "Participants 12" in page and "Merci à tous." in page


def test_the_cached_page_loses_a_removed_photo_at_once(client, event):
    photo = make_photo(make_report(event, show_on_event_page=True))
    before = client.get(event.get_absolute_url()).content.decode()
    assert "Photo 1" in {image.get("alt") for image in elements(before, "img")}

    services.remove_photo(photo=photo)

    after = client.get(event.get_absolute_url()).content.decode()
    assert "Photo 1" not in {image.get("alt") for image in elements(after, "img")}


def test_the_cached_page_follows_the_audiences_of_the_report(client, event):
    report = make_report(event, show_on_event_page=True)
    client.get(event.get_absolute_url())

    report.audiences.add(Audience.objects.get(slug="elus"))

    assert "Publics touchés Élus" in text(client.get(event.get_absolute_url()).content.decode())
