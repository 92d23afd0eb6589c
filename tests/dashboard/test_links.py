"""Every figure links to the list behind it: following a card's link lists as many rows
as the card counts, nationally and within a region."""

import re

import pytest

from tests.dashboard.page import read

# Cards whose figure is a number of rows of the list they link to.
COUNTED_AS_ROWS = ["labelled_events", "in_school_events", "waiting", "partners", "initiatives",
                   "volunteers"]  # fmt: skip


def rows_listed(client, href: str) -> int:
    html = client.get(href).content.decode()
    match = re.search(r'<h2 id="data-count">\s*([\d\s\u202f\xa0]+)', html)
    assert match, f"No count on {href}"
    return int(re.sub(r"\D", "", match.group(1)))


@pytest.mark.parametrize("query", ["", "?region=75", "?departement=33"])
def test_each_card_links_to_a_list_of_as_many_rows(client, coordinator, dataset, query):
    client.force_login(coordinator)
    cards = read(client.get(f"/gestion/{query}").content.decode()).cards
    for key in COUNTED_AS_ROWS:
        if key not in cards:
            continue
        value, href = cards[key]
        assert rows_listed(client, href) == int(re.sub(r"\D", "", value)), key
    assert {"labelled_events", "waiting", "initiatives"} <= cards.keys()
