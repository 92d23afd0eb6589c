"""The metadata of an event's page, built without a request."""

import json
import re

import pytest

from jres.events.structured_data import (
    event_json_ld,
    json_ld_script,
    plain_text,
    share_links,
    summary,
)
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_plain_text_drops_the_markdown_and_keeps_the_lines():
    text = plain_text("# Titre\n\nUn **débat** & [un lien](https://example.org).\n\n- un\n- deux")

    assert text == "Titre\nUn débat & un lien.\nun\ndeux"


def test_html_typed_in_a_description_stays_text():
    # Markdown escapes raw HTML: in plain text it reads as typed, and every output
    # (attribute, JSON-LD, iCal) escapes it in its own way.
    assert plain_text("<b>gras</b> & <script>x</script>") == "<b>gras</b> & <script>x</script>"


def test_the_summary_is_one_short_line():
    event = EventFactory.build(description="Mot " * 200)

    assert len(summary(event)) <= 200 and "\n" not in summary(event)


def test_json_ld_script_escapes_what_could_close_the_element():
    script = json_ld_script({"name": "</script><!-- & >"})

    assert script.startswith('<script type="application/ld+json">')
    body = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', script).group(1)
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body) == {"name": "</script><!-- & >"}


def test_json_ld_has_no_contact_detail_of_the_organiser(current_edition):
    event = EventFactory(edition=current_edition, organiser__email="odile@example.org")

    serialised = json.dumps(event_json_ld(event))

    assert "odile@example.org" not in serialised
    assert "email" not in serialised and "telephone" not in serialised


def test_json_ld_end_date_carries_the_winter_offset(current_edition):
    import datetime

    from django.utils import timezone

    start = timezone.make_aware(datetime.datetime(2026, 11, 5, 9))
    event = EventFactory(
        edition=current_edition, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )

    data = event_json_ld(event)

    assert data["startDate"] == "2026-11-05T09:00:00+01:00"
    assert data["endDate"] == "2026-11-05T10:00:00+01:00"


def test_every_share_link_carries_the_hashtag_from_the_settings(settings, current_edition):
    settings.HASHTAG = "#AutreJournée"
    event = EventFactory(edition=current_edition)

    links = share_links(event)

    assert len(links) == 5
    assert all("%23AutreJourn%C3%A9e" in link["url"] for link in links)
