"""On the demo: the coordinator prepares the 2027 edition and downloads the 2026 report."""

from io import StringIO

import pytest
from django.core.management import call_command

from jres.editions import services
from jres.editions.models import Edition
from tests.core.html import elements

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", "--without-events", stdout=StringIO())


def test_the_demos_current_edition_has_its_submission_period():
    current = Edition.objects.current()

    assert current.year == 2026
    assert current.submissions_open_on is not None
    assert current.submissions_close_on is not None
    current.full_clean()


def test_the_coordinator_prepares_2027_and_downloads_the_2026_report(client, coordinator):
    client.force_login(coordinator)
    form = client.get("/gestion/editions/preparer/").content.decode()
    values = {field["name"]: field.get("value") or "" for field in elements(form, "input")}
    initial = services.next_edition_initial(Edition.objects.current())
    data = {
        **{name: value for name, value in values.items() if name != "csrfmiddlewaretoken"},
        "framing_fr": initial["framing_fr"],
        "framing_en": initial["framing_en"],
    }

    response = client.post("/gestion/editions/preparer/", data, follow=True)

    assert response.redirect_chain[-1][0] == "/gestion/editions/2027/"
    edition = Edition.objects.get(year=2027)
    assert (edition.number, edition.status, edition.is_current) == (20, "draft", False)
    assert edition.framing_fr == Edition.objects.get(year=2026).framing_fr.strip()
    assert edition.key_figures.count() == 4
    pdf = client.get("/gestion/editions/2026/rapport.pdf")
    assert pdf.content.startswith(b"%PDF-")
