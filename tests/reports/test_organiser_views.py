"""The organiser's report form: access, suggestions, photos, and bad or hostile input."""

import pytest
from PIL import Image

from jres.events.models import Audience
from jres.reports.models import EventReport, ReportPhoto
from tests.core.html import elements, text
from tests.factories import PASSWORD
from tests.registrations.factories import RegistrationFactory
from tests.reports.conftest import image_bytes, make_photo, make_report, past_event, upload

pytestmark = pytest.mark.django_db


def url(event, suffix="") -> str:
    return f"/mes-evenements/{event.pk}/bilan/{suffix}"


def report_data(**overrides) -> dict:
    return {
        "participants": "35",
        "audiences": [Audience.objects.get(slug="parents").pk],
        "what_worked": "Un goûter partagé avant le débat.",
        "testimony": "« J'ai osé poser ma question. »",
        "show_on_event_page": "on",
        **overrides,
    }


def photo_data(**overrides) -> dict:
    return {
        "image": upload(),
        "alt_text": "Parents et enseignants autour d'une table",
        "image_rights_confirmed": "on",
        **overrides,
    }


def typed_description(response) -> str:
    [field] = [field for field in elements(response.content.decode(), "input")
               if field.get("name") == "alt_text"]  # fmt: skip
    return field.get("value")


@pytest.fixture
def signed_in(client, organiser):
    client.login(email=organiser.email, password=PASSWORD)
    return client


def test_a_visitor_is_sent_to_log_in(client, event):
    response = client.get(url(event))

    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")


@pytest.mark.parametrize("suffix", ["", "photos/"])
def test_another_organiser_gets_a_404_and_saves_nothing(client, other_organiser, event, suffix):
    client.force_login(other_organiser)

    assert client.get(url(event)).status_code == 404
    response = client.post(url(event, suffix), {**report_data(), **photo_data()})

    assert response.status_code == 404
    assert not EventReport.objects.exists() and not ReportPhoto.objects.exists()


def test_the_form_suggests_who_came_and_the_planned_audiences(signed_in, event):
    RegistrationFactory(event=event, places=2, attended=True)
    RegistrationFactory(event=event, places=1, attended=True)

    page = signed_in.get(url(event)).content.decode()

    [participants] = [
        field for field in elements(page, "input") if field.get("name") == "participants"
    ]
    assert participants["value"] == "3"
    checked = {field["value"] for field in elements(page, "input")
               if field.get("name") == "audiences" and "checked" in field}  # fmt: skip
    assert checked == {str(Audience.objects.get(slug="parents").pk)}
    assert "Enregistrez d'abord le bilan, puis ajoutez les photos." in text(page)


def test_without_attendance_the_count_is_left_empty(signed_in, event):
    page = signed_in.get(url(event)).content.decode()

    [participants] = [
        field for field in elements(page, "input") if field.get("name") == "participants"
    ]
    assert "value" not in participants


def test_the_organiser_saves_then_edits_the_report(signed_in, event):
    response = signed_in.post(url(event), report_data(), follow=True)

    report = EventReport.objects.get(event=event)
    assert report.participants == 35 and report.show_on_event_page
    assert [audience.slug for audience in report.audiences.all()] == ["parents"]
    assert "Bilan enregistré. Merci !" in text(response.content.decode())

    signed_in.post(url(event), report_data(participants="41", show_on_event_page=""))

    report.refresh_from_db()
    assert report.participants == 41 and not report.show_on_event_page
    assert EventReport.objects.count() == 1


def test_negative_participants_keep_what_was_typed_and_say_why_in_french(signed_in, event):
    response = signed_in.post(url(event), report_data(participants="-4"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "supérieure ou égale à 0" in text(page)
    assert "Un goûter partagé avant le débat." in text(page)
    assert not EventReport.objects.exists()


def test_errors_are_in_english_when_the_organiser_chose_english(signed_in, event):
    signed_in.cookies["django_language"] = "en"

    response = signed_in.post(url(event), report_data(participants="-4"))

    page = text(response.content.decode())
    assert "greater than or equal to 0" in page
    assert "Save the report" in page and "Enregistrer" not in page


def test_a_testimony_too_long_is_refused_and_kept(signed_in, event):
    long = "Très bien. " * 100

    response = signed_in.post(url(event), report_data(testimony=long))

    assert "1000 caractères" in text(response.content.decode())
    assert long.strip()[:200] in response.content.decode()
    assert not EventReport.objects.exists()


def test_before_the_event_the_page_says_to_come_back(signed_in, current_edition, organiser):
    upcoming = past_event(days_ago=-5, edition=current_edition, organiser=organiser)

    page = text(signed_in.get(url(upcoming)).content.decode())
    signed_in.post(url(upcoming), report_data())

    assert "Le bilan s'écrit une fois l'événement commencé" in page
    assert "Enregistrer le bilan" not in page
    assert not EventReport.objects.exists()


def test_a_cancelled_event_has_no_report(signed_in, event):
    event.status = "cancelled"
    event.save()

    page = text(signed_in.get(url(event)).content.decode())
    signed_in.post(url(event), report_data())

    assert "Cet événement a été annulé : il n'y a pas de bilan à faire." in page
    assert not EventReport.objects.exists()


def test_a_photo_is_reencoded_without_its_metadata(signed_in, event):
    report = make_report(event)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    photo_jpeg = image_bytes((3000, 2000), format="JPEG", exif=exif.tobytes())

    response = signed_in.post(url(event, "photos/"),
                              photo_data(image=upload(photo_jpeg, "IMG_0001.jpg", "image/jpeg")),
                              follow=True)  # fmt: skip

    photo = report.photos.get()
    assert "Photo ajoutée." in text(response.content.decode())
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == 1600
        assert not stored.getexif()
    assert photo.alt_text == "Parents et enseignants autour d'une table"


def test_a_photo_needs_a_saved_report_first(signed_in, event):
    response = signed_in.post(url(event, "photos/"), photo_data(), follow=True)

    assert "Enregistrez d'abord le bilan" in text(response.content.decode())
    assert not ReportPhoto.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 this is not a photo", "image valide"),
        (b"\xff\xd8\xff\xe0" + b"0" * 200, "image valide"),
        (image_bytes() + b"\0" * (5 * 1024 * 1024 + 1), "L'image dépasse 5 Mo."),
    ],
    ids=["pdf-renamed-jpg", "broken-jpeg", "oversized"],
)
def test_a_file_that_is_not_a_usable_image_is_refused(signed_in, event, content, message):
    make_report(event)

    image = upload(content, "photo.jpg", "image/jpeg")

    response = signed_in.post(url(event, "photos/"), photo_data(image=image))

    page = text(response.content.decode())
    assert message in page
    assert typed_description(response) == "Parents et enseignants autour d'une table"
    assert not ReportPhoto.objects.exists()


def test_a_photo_without_image_rights_is_refused_and_the_description_kept(signed_in, event):
    make_report(event)

    response = signed_in.post(url(event, "photos/"), photo_data(image_rights_confirmed=""))

    page = text(response.content.decode())
    assert "Confirmez que les droits à l'image ont été accordés" in page
    assert typed_description(response) == "Parents et enseignants autour d'une table"
    assert not ReportPhoto.objects.exists()


def test_pupils_on_a_photo_need_their_parents_consent(signed_in, event):
    make_report(event)

    response = signed_in.post(url(event, "photos/"), photo_data(shows_pupils="on"))
    assert "confirmez que vous avez l'accord écrit de leurs parents" in text(
        response.content.decode()
    )
    assert not ReportPhoto.objects.exists()

    signed_in.post(url(event, "photos/"),
                   photo_data(shows_pupils="on", parental_consent_confirmed="on"))  # fmt: skip
    assert ReportPhoto.objects.get().parental_consent_confirmed


def test_a_sixth_photo_is_refused(signed_in, event):
    report = make_report(event)
    for number in range(1, 6):
        make_photo(report, number)

    response = signed_in.post(url(event, "photos/"), photo_data())

    assert "Un bilan compte 5 photos au plus" in text(response.content.decode())
    assert report.photos.count() == 5


def test_the_organiser_removes_a_photo(signed_in, event):
    photo = make_photo(make_report(event))

    response = signed_in.post(url(event, f"photos/{photo.pk}/retirer/"), follow=True)

    assert "Photo retirée." in text(response.content.decode())
    assert not ReportPhoto.objects.exists()


def test_a_forged_photo_id_of_another_report_is_a_404(signed_in, event, other_event):
    make_report(event)
    theirs = make_photo(make_report(other_event))

    response = signed_in.post(url(event, f"photos/{theirs.pk}/retirer/"))

    assert response.status_code == 404
    assert ReportPhoto.objects.filter(pk=theirs.pk).exists()


def test_another_organiser_cannot_remove_a_photo(client, other_organiser, event):
    photo = make_photo(make_report(event))
    client.force_login(other_organiser)

    assert client.post(url(event, f"photos/{photo.pk}/retirer/")).status_code == 404
    assert ReportPhoto.objects.filter(pk=photo.pk).exists()


def test_the_preview_and_the_registrants_page_link_to_the_report(signed_in, event):
    event.registration_mode = "platform"
    event.save()

    preview = signed_in.get(f"/mes-evenements/{event.pk}/").content.decode()
    registrants = signed_in.get(f"/mes-evenements/{event.pk}/inscriptions/").content.decode()

    assert url(event) in {link.get("href") for link in elements(preview, "a")}
    assert url(event) in {link.get("href") for link in elements(registrants, "a")}


def test_an_upcoming_event_does_not_offer_a_report(signed_in, current_edition, organiser):
    upcoming = past_event(days_ago=-5, edition=current_edition, organiser=organiser)

    preview = signed_in.get(f"/mes-evenements/{upcoming.pk}/").content.decode()

    assert url(upcoming) not in {link.get("href") for link in elements(preview, "a")}


def test_the_photos_show_with_their_description(signed_in, event):
    make_photo(make_report(event))

    page = signed_in.get(url(event)).content.decode()

    assert "Photo 1" in {image.get("alt") for image in elements(page, "img")}
