"""The press area: releases, live figures, contacts and logos of the current edition."""

import pytest

from tests.events.factories import EventFactory
from tests.factories import TeamContactFactory

from .conftest import make_resource, png

pytestmark = pytest.mark.django_db


def test_press_area_shows_releases_figures_contacts_and_logos(client, current_edition):
    make_resource(current_edition, slug="communiques-de-presse", title_fr="Communiqué du 27")
    make_resource(current_edition, slug="visuels-logos", content=png(), name="logo.png",
                  title_fr="Logo officiel")  # fmt: skip
    make_resource(current_edition, title_fr="Affiche hors presse")
    TeamContactFactory(name="Paule Presse", email="presse@example.org")
    EventFactory(edition=current_edition)
    EventFactory(edition=current_edition)
    EventFactory(edition=current_edition, status="submitted")
    page = client.get("/presse/").content.decode()
    assert "Communiqué du 27" in page and "Logo officiel" in page
    assert "Affiche hors presse" not in page
    assert "presse@example.org" in page
    figures = page[page.index("Les chiffres en direct") :]
    assert '<span class="figure__value">2</span> <span class="figure__label">événements' in figures


def test_press_figures_are_counted_with_a_few_queries(client, current_edition,
                                                      django_assert_max_num_queries):  # fmt: skip
    for _number in range(3):
        EventFactory(edition=current_edition)
    client.get("/presse/")
    with django_assert_max_num_queries(8):
        client.get("/presse/")
