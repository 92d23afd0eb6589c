"""The organiser's space: create, edit, submit, cancel and duplicate their own events only."""

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image

from jres.editions.models import CharterItem
from jres.events.models import Audience, Event, EventKind, EventLog, EventStatus
from tests.factories import EditionFactory

PARIS = datetime.timezone(datetime.timedelta(hours=2))


@pytest.fixture
def edition(current_edition):
    CharterItem.objects.create(edition=current_edition, text_fr="Entrée libre", order=0)
    CharterItem.objects.create(edition=current_edition, text_fr="Parole aux jeunes", order=1)
    return current_edition


def form_data(**overrides):
    data = {
        "kind": EventKind.objects.get(slug="debat").pk,
        "title": "Débat : l'école pour tous",
        "description": "Parents et enseignants **échangent**.",
        "starts_at": "2026-09-27T14:00",
        "ends_at": "2026-09-27T17:00",
        "attendance_mode": "in_person",
        "is_public": "on",
        "venue_name": "Archives départementales",
        "address": "72 cours Balguerie-Stuttenberg",
        "postal_code": "33000",
        "city": "Bordeaux",
        "audiences": [Audience.objects.get(slug="parents").pk],
        "registration_mode": "none",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_event(organiser, edition, commune, **fields):
    values = {
        "edition": edition,
        "organiser": organiser,
        "kind": EventKind.objects.get(slug="debat"),
        "title": "Débat dans le quartier",
        "description": "Un débat.",
        "starts_at": datetime.datetime(2026, 9, 27, 14, tzinfo=PARIS),
        "ends_at": datetime.datetime(2026, 9, 27, 17, tzinfo=PARIS),
        "address": "1 place de la Bourse",
        "postal_code": "33000",
        "city": "Bordeaux",
        "commune": commune,
        "department_id": commune.department_id,
        "region_id": commune.department.region_id,
        "latitude": commune.latitude,
        "longitude": commune.longitude,
    }
    values.update(fields)
    return Event.objects.create(**values)


def test_an_organiser_creates_a_draft_placed_at_its_commune(client, organiser, edition, bordeaux):
    client.force_login(organiser)

    response = client.post("/mes-evenements/nouveau/", form_data())

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/mes-evenements/{event.pk}/"
    assert event.status == EventStatus.DRAFT
    assert event.organiser == organiser
    assert event.edition == edition
    assert event.commune == bordeaux
    assert event.department_id == "33"
    assert event.region_id == "75"
    assert (round(event.latitude, 3), round(event.longitude, 3)) == (44.841, -0.58)
    assert event.slug.startswith("debat-lecole-pour-tous-")
    assert list(event.log.values_list("action", flat=True)) == ["created"]
    page = client.get(response["Location"]).content.decode()
    assert "Débat : l&#x27;école pour tous" in page
    assert "<strong>échangent</strong>" in page


def test_the_pin_placed_by_the_organiser_is_kept(client, organiser, edition, bordeaux):
    client.force_login(organiser)

    client.post("/mes-evenements/nouveau/", form_data(latitude="44.8500", longitude="-0.5700"))

    event = Event.objects.get()
    assert (event.latitude, event.longitude) == (44.85, -0.57)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2026-09-27T13:00"}, "ends_at", "La fin doit être postérieure au début."),
        (
            {"starts_at": "2026-12-01T14:00", "ends_at": "2026-12-01T16:00"},
            "starts_at",
            "entre le 28/08/2026 et le 27/10/2026",
        ),
        ({"postal_code": "99999"}, "postal_code", "Ce code postal n&#x27;existe pas."),
        ({"postal_code": "33A00"}, "postal_code", "Un code postal compte cinq chiffres."),
        ({"capacity": "0"}, "capacity", "supérieure ou égale à 1"),
        ({"capacity": "-5"}, "capacity", "supérieure ou égale à 1"),
        ({"attendance_mode": "online"}, "online_url", "lien de connexion"),
        ({"registration_mode": "external"}, "registration_url", "lien vers l&#x27;inscription"),
        ({"title": ""}, "title", "Ce champ est obligatoire."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_the_input_kept(
    client, organiser, edition, bordeaux, overrides, field, message
):
    client.force_login(organiser)

    response = client.post("/mes-evenements/nouveau/", form_data(**overrides))

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f'id="id_{field}"' in page
    assert "Archives départementales" in page  # what was typed is kept
    assert not Event.objects.exists()


def test_html_and_script_in_text_fields_are_neutralised(client, organiser, edition, bordeaux):
    client.force_login(organiser)
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'

    client.post(
        "/mes-evenements/nouveau/",
        form_data(title=payload, description=payload, venue_name=payload, local_partners=payload),
    )

    event = Event.objects.get()
    page = client.get(f"/mes-evenements/{event.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;" in page


def png_bytes(size=(20, 10)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "purple").save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_image_is_reencoded_as_jpeg(client, organiser, edition, bordeaux, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(organiser)
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")

    client.post("/mes-evenements/nouveau/", {**form_data(), "image": upload})

    event = Event.objects.get()
    with Image.open(event.image.path) as image:
        assert image.format == "JPEG"
        assert image.size == (20, 10)
        assert not image.getexif()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not an image", "n&#x27;est pas une image lisible"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "n&#x27;est pas une image lisible"),
    ],
)
def test_a_file_that_is_not_an_image_is_refused(
    client, organiser, edition, bordeaux, content, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(organiser)
    upload = SimpleUploadedFile("photo.png", content, content_type="image/png")

    response = client.post("/mes-evenements/nouveau/", {**form_data(), "image": upload})

    assert message in response.content.decode() or "image valide" in response.content.decode()
    assert not Event.objects.exists()


def test_an_oversized_image_is_refused(client, organiser, edition, bordeaux):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(organiser)
    big = png_bytes() + b"\0" * (5 * 1024 * 1024 + 1)
    upload = SimpleUploadedFile("photo.png", big, content_type="image/png")

    response = client.post("/mes-evenements/nouveau/", {**form_data(), "image": upload})

    assert "L&#x27;image dépasse 5 Mo." in response.content.decode()
    assert not Event.objects.exists()


def test_my_events_lists_only_my_own(client, organiser, other_organiser, edition, bordeaux):
    make_event(organiser, edition, bordeaux, title="Le mien")
    make_event(other_organiser, edition, bordeaux, title="Celui d'un autre")
    client.force_login(organiser)

    page = client.get("/mes-evenements/").content.decode()

    assert "Le mien" in page
    assert "Celui d" not in page


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/mes-evenements/{pk}/"),
        ("get", "/mes-evenements/{pk}/modifier/"),
        ("post", "/mes-evenements/{pk}/modifier/"),
        ("post", "/mes-evenements/{pk}/soumettre/"),
        ("get", "/mes-evenements/{pk}/annuler/"),
        ("post", "/mes-evenements/{pk}/annuler/"),
        ("post", "/mes-evenements/{pk}/dupliquer/"),
    ],
)
def test_another_organisers_event_is_a_404(
    client, organiser, other_organiser, edition, bordeaux, method, path
):
    event = make_event(organiser, edition, bordeaux, title="Pas à vous")
    client.force_login(other_organiser)

    response = getattr(client, method)(path.format(pk=event.pk), form_data(reason="x"))

    assert response.status_code == 404
    event.refresh_from_db()
    assert (event.title, event.status) == ("Pas à vous", EventStatus.DRAFT)
    assert Event.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/mes-evenements/"),
        ("get", "/mes-evenements/nouveau/"),
        ("post", "/mes-evenements/nouveau/"),
        ("get", "/mes-evenements/{pk}/"),
        ("get", "/mes-evenements/{pk}/modifier/"),
        ("post", "/mes-evenements/{pk}/modifier/"),
        ("post", "/mes-evenements/{pk}/soumettre/"),
        ("post", "/mes-evenements/{pk}/annuler/"),
        ("post", "/mes-evenements/{pk}/dupliquer/"),
        ("get", "/moderation/"),
        ("get", "/moderation/{pk}/"),
        ("post", "/moderation/{pk}/"),
    ],
)
def test_a_visitor_without_an_account_is_sent_to_log_in(
    client, organiser, edition, bordeaux, method, path
):
    event = make_event(organiser, edition, bordeaux, status=EventStatus.SUBMITTED)

    response = getattr(client, method)(path.format(pk=event.pk), {"decision": "refuse"})

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/?next=")
    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED
    assert Event.objects.count() == 1


def test_a_draft_is_not_public(client, organiser, other_organiser, edition, bordeaux):
    event = make_event(organiser, edition, bordeaux, title="Brouillon secret")

    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(other_organiser)
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(organiser)
    assert "Brouillon secret" in client.get(event.get_absolute_url()).content.decode()


def test_submitting_sends_the_event_to_review(client, organiser, edition, bordeaux):
    event = make_event(organiser, edition, bordeaux)
    client.force_login(organiser)

    response = client.post(f"/mes-evenements/{event.pk}/soumettre/", follow=True)

    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED
    assert event.submitted_at is not None
    assert "Événement envoyé à l&#x27;équipe de modération." in response.content.decode()


def test_submitting_twice_is_refused_with_a_message(client, organiser, edition, bordeaux):
    event = make_event(organiser, edition, bordeaux, status=EventStatus.SUBMITTED)
    client.force_login(organiser)

    response = client.post(f"/mes-evenements/{event.pk}/soumettre/", follow=True)

    assert "n&#x27;est pas possible pour un événement au statut" in response.content.decode()
    assert EventLog.objects.count() == 0


def test_cancelling_needs_a_reason_shown_publicly(client, organiser, edition, bordeaux):
    event = make_event(
        organiser, edition, bordeaux, status=EventStatus.LABELLED, labelled_at=timezone.now()
    )
    client.force_login(organiser)

    empty = client.post(f"/mes-evenements/{event.pk}/annuler/", {"reason": ""})
    assert "Ce champ est obligatoire." in empty.content.decode()

    client.post(f"/mes-evenements/{event.pk}/annuler/", {"reason": "Salle indisponible"})
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    client.logout()
    public = client.get(event.get_absolute_url()).content.decode()
    assert "Salle indisponible" in public
    assert "annulé" in public


def test_editing_the_date_of_a_labelled_event_sends_it_back_to_review(
    client, organiser, edition, bordeaux
):
    event = make_event(
        organiser, edition, bordeaux, status=EventStatus.LABELLED, labelled_at=timezone.now()
    )
    event.audiences.add(Audience.objects.get(slug="parents"))
    client.force_login(organiser)
    data = form_data(title=event.title, description=event.description,
                     address=event.address, venue_name="")  # fmt: skip

    client.post(f"/mes-evenements/{event.pk}/modifier/", {**data, "starts_at": "2026-09-27T15:00"})

    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED
    assert event.log.first().action == "back_to_review"
    assert "starts_at" in event.log.first().changes


def test_editing_the_description_of_a_labelled_event_keeps_the_label(
    client, organiser, edition, bordeaux
):
    event = make_event(
        organiser, edition, bordeaux, status=EventStatus.LABELLED, labelled_at=timezone.now()
    )
    client.force_login(organiser)
    data = form_data(title=event.title, address=event.address, venue_name="",
                     starts_at="2026-09-27T14:00", ends_at="2026-09-27T17:00")  # fmt: skip

    client.post(f"/mes-evenements/{event.pk}/modifier/", {**data, "description": "Nouveau texte"})

    event.refresh_from_db()
    assert event.status == EventStatus.LABELLED
    assert event.description == "Nouveau texte"
    assert event.log.first().action == "edited"


def test_last_years_event_is_duplicated_into_the_current_edition(
    client, organiser, edition, bordeaux
):
    last_year = EditionFactory(year=2025, number=18, day=datetime.date(2025, 9, 27))
    old = make_event(
        organiser,
        last_year,
        bordeaux,
        starts_at=datetime.datetime(2025, 9, 27, 14, tzinfo=PARIS),
        ends_at=datetime.datetime(2025, 9, 27, 17, tzinfo=PARIS),
        status=EventStatus.LABELLED,
        labelled_at=timezone.now(),
    )
    old.audiences.add(Audience.objects.get(slug="eleves"))
    client.force_login(organiser)

    response = client.post(f"/mes-evenements/{old.pk}/dupliquer/")

    copy = Event.objects.exclude(pk=old.pk).get()
    assert response["Location"] == f"/mes-evenements/{copy.pk}/modifier/"
    assert copy.edition == edition
    assert copy.status == EventStatus.DRAFT
    assert copy.labelled_at is None
    assert copy.starts_at == datetime.datetime(2026, 9, 27, 14, tzinfo=PARIS)
    assert copy.slug != old.slug
    assert list(copy.audiences.values_list("slug", flat=True)) == ["eleves"]
    assert copy.duplicated_from == old
