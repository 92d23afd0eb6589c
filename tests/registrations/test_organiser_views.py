"""The organiser's view of an event's registrations: counts, list, CSV, messages, attendance."""

import csv
import io

import pytest

from jres.core.spreadsheets import neutralise
from jres.registrations.models import RegistrationSettings
from tests.core.html import text
from tests.factories import PASSWORD
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def base(event) -> str:
    return f"/mes-evenements/{event.pk}/inscriptions/"


@pytest.fixture
def signed_in(client, organiser):
    client.login(email=organiser.email, password=PASSWORD)
    return client


def test_the_organiser_sees_counts_and_registrants(signed_in, event):
    RegistrationFactory(event=event, name="Alice", places=2)
    RegistrationFactory(event=event, name="Bruno", status="waiting")

    response = signed_in.get(base(event))

    page = text(response.content.decode())
    assert response.status_code == 200
    assert "Alice" in page and "Bruno" in page
    assert "Places confirmées 2" in page
    assert "Sur liste d'attente 1" in page
    assert "Places restantes 1 / 3" in page


@pytest.mark.parametrize("suffix", ["", "export.csv", "message/", "reglages/", "presences/"])
def test_another_organiser_gets_a_404(client, other_organiser, event, suffix):
    client.login(email=other_organiser.email, password=PASSWORD)

    assert client.get(base(event) + suffix).status_code in {404, 405}
    assert client.post(base(event) + suffix, {}).status_code in {404, 405}
    if suffix in {"", "export.csv"}:
        assert client.get(base(event) + suffix).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, event):
    response = client.get(base(event))

    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")


def test_the_csv_neutralises_formulas(signed_in, event):
    RegistrationFactory(event=event, name='=HYPERLINK("http://x")', email="a@example.net")
    RegistrationFactory(event=event, name="+33 6", email="b@example.net")
    RegistrationFactory(event=event, name="-2", email="c@example.net")
    RegistrationFactory(event=event, name="@SUM(A1)", email="d@example.net")
    RegistrationFactory(event=event, name="Élodie", email="e@example.net")

    response = signed_in.get(base(event) + "export.csv")

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [row[0] for row in rows[1:]]
    assert names == ['\'=HYPERLINK("http://x")', "'+33 6", "'-2", "'@SUM(A1)", "Élodie"]
    assert rows[0][0] == "Nom"


def test_neutralise_leaves_plain_text_alone():
    assert neutralise("Bonjour") == "Bonjour"
    assert neutralise(3) == "3"
    assert neutralise("=1+1") == "'=1+1"


def test_marking_attendance(signed_in, event):
    came = RegistrationFactory(event=event)
    missed = RegistrationFactory(event=event, attended=True)

    response = signed_in.post(
        base(event) + "presences/",
        {"shown": [came.pk, missed.pk], "present": [came.pk]},
    )

    assert response.status_code == 302
    came.refresh_from_db()
    missed.refresh_from_db()
    assert came.attended and not missed.attended


def test_the_organiser_writes_to_all_registrants(signed_in, event, mailoutbox, deliver):
    RegistrationFactory(event=event, email="fr@example.net")
    RegistrationFactory(event=event, email="en@example.net", language="en")
    RegistrationFactory(event=event, email="waiting@example.net", status="waiting")
    RegistrationFactory(event=event, email="quiet@example.net", wants_news=False)

    with deliver():
        response = signed_in.post(
            base(event) + "message/",
            {"subject": "Salle changée", "body": "Rendez-vous salle B, au premier étage."},
        )

    assert response.status_code == 302
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {"fr@example.net", "en@example.net"}
    assert "Rendez-vous salle B" in by_address["fr@example.net"].body
    assert by_address["en@example.net"].subject.startswith("Message from the organiser")
    assert "List-Unsubscribe" in by_address["fr@example.net"].extra_headers


def test_an_empty_message_is_refused(signed_in, event, mailoutbox):
    RegistrationFactory(event=event)

    response = signed_in.post(base(event) + "message/", {"subject": "", "body": "court"})

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in text(response.content.decode())
    assert mailoutbox == []


def test_the_organiser_closes_registrations_and_limits_places(signed_in, event, client):
    response = signed_in.post(base(event) + "reglages/", {"max_places": "2"})

    assert response.status_code == 302
    registration_settings = RegistrationSettings.objects.get(event=event)
    assert registration_settings.is_open is False and registration_settings.max_places == 2


def test_settings_out_of_range_are_refused(signed_in, event):
    signed_in.post(base(event) + "reglages/", {"is_open": "on", "max_places": "0"})

    assert not RegistrationSettings.objects.exists()


def test_the_list_costs_the_same_queries_whatever_its_length(
    signed_in, event, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    RegistrationFactory.create_batch(3, event=event)
    with CaptureQueriesContext(connection) as few:
        signed_in.get(base(event))
    RegistrationFactory.create_batch(40, event=event)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = signed_in.get(base(event))

    assert response.status_code == 200


def test_the_registration_page_costs_the_same_queries_whatever_the_registrations(
    client, event, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/evenements/{event.slug}/inscription/"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    RegistrationFactory.create_batch(30, event=event, status="waiting")

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
