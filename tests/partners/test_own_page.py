"""A partner's own space: edit its page only, its logo checked, its events exported."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jres.events.images import MAX_BYTES
from jres.partners.models import Partner
from tests.events.factories import EventFactory
from tests.partners.conftest import image_upload
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def page_data(**overrides):
    return {
        "commitment": "Nous soutenons les familles.",
        "contact_name": "Service éducation",
        "contact_role": "Chargée de mission",
        "contact_email": "education@bordeaux.example",
        **overrides,
    }


def edit_url(partner):
    return reverse("partners:edit", args=[partner.slug])


def test_a_partner_edits_its_page_and_logo(client, partner_user, bordeaux_partner):
    client.force_login(partner_user)
    response = client.post(
        edit_url(bordeaux_partner), {**page_data(), "logo": image_upload(mode="RGBA")}
    )
    assert response.status_code == 302
    bordeaux_partner.refresh_from_db()
    assert bordeaux_partner.commitment == "Nous soutenons les familles."
    assert bordeaux_partner.logo.name.endswith(".jpg")
    from PIL import Image

    with Image.open(bordeaux_partner.logo.path) as logo:
        assert logo.format == "JPEG"
        assert logo.getpixel((0, 0)) > (240, 240, 240)  # transparency painted white


def test_a_file_that_is_not_an_image_is_refused(client, partner_user, bordeaux_partner):
    client.force_login(partner_user)
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client.post(
        edit_url(bordeaux_partner), {**page_data(commitment="Changé"), "logo": fake}
    )
    assert response.status_code == 400
    assert "pas une image lisible" in response.content.decode()
    bordeaux_partner.refresh_from_db()
    assert not bordeaux_partner.logo and bordeaux_partner.commitment != "Changé"


def test_an_svg_logo_is_refused(client, partner_user, bordeaux_partner):
    client.force_login(partner_user)
    svg = SimpleUploadedFile(
        "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/svg+xml",
    )  # fmt: skip
    response = client.post(edit_url(bordeaux_partner), {**page_data(), "logo": svg})
    assert response.status_code == 400
    bordeaux_partner.refresh_from_db()
    assert not bordeaux_partner.logo


def test_an_oversized_logo_is_refused(client, partner_user, bordeaux_partner):
    client.force_login(partner_user)
    big = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * MAX_BYTES, content_type="image/png")
    response = client.post(edit_url(bordeaux_partner), {**page_data(), "logo": big})
    assert response.status_code == 400
    assert "image dépasse 5 Mo." in response.content.decode()


def test_a_malformed_email_keeps_what_was_typed(client, partner_user, bordeaux_partner):
    client.force_login(partner_user)
    response = client.post(
        edit_url(bordeaux_partner), page_data(contact_email="pas-une-adresse", commitment="Neuf")
    )
    assert response.status_code == 400
    assert 'value="pas-une-adresse"' in response.content.decode()
    bordeaux_partner.refresh_from_db()
    assert bordeaux_partner.commitment != "Neuf"


def test_another_partner_gets_a_404_and_nothing_is_saved(
    client, other_partner_user, bordeaux_partner, gironde_partner
):
    client.force_login(other_partner_user)
    assert client.get(edit_url(bordeaux_partner)).status_code == 404
    response = client.post(edit_url(bordeaux_partner), page_data(commitment="Piraté"))
    assert response.status_code == 404
    assert client.get(reverse("partners:export", args=[bordeaux_partner.slug])).status_code == 404
    bordeaux_partner.refresh_from_db()
    assert bordeaux_partner.commitment != "Piraté"
    # Their own page still opens.
    assert client.get(edit_url(gironde_partner)).status_code == 200


def test_organisers_and_visitors_cannot_reach_it(client, organiser, coordinator, bordeaux_partner):
    url = edit_url(bordeaux_partner)
    response = client.get(url)
    assert response.status_code == 302 and "/compte/login/" in response.url
    assert client.post(url, page_data(commitment="Anonyme")).status_code == 302
    client.force_login(organiser)
    assert client.get(url).status_code == 404
    assert client.get(reverse("partners:mine")).status_code == 404
    assert client.post(url, page_data(commitment="Organisateur")).status_code == 404
    bordeaux_partner.refresh_from_db()
    assert bordeaux_partner.commitment == "La ville **soutient** les familles."


def test_a_partner_cannot_change_its_territory_or_slug(
    client, partner_user, bordeaux_partner, france
):
    client.force_login(partner_user)
    client.post(
        edit_url(bordeaux_partner),
        page_data(slug="volee", commune=france.paris.pk, is_public=""),
    )
    bordeaux_partner.refresh_from_db()
    assert bordeaux_partner.commune == france.bordeaux and bordeaux_partner.is_public
    assert Partner.objects.filter(slug="volee").count() == 0


def test_the_export_is_formula_safe_and_holds_no_personal_data(
    client, current_edition, france, partner_user, bordeaux_partner
):
    event = EventFactory(
        edition=current_edition, commune=france.bordeaux, title="=HYPERLINK(\"http://x\")",
        organisation="+Association du quartier",
    )  # fmt: skip
    RegistrationFactory(event=event, places=3, name="Marie Secrète", email="marie@secret.example")
    EventFactory(edition=current_edition, commune=france.paris, title="Ailleurs")
    client.force_login(partner_user)
    response = client.get(reverse("partners:export", args=[bordeaux_partner.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Événement"
    assert len(rows) == 2
    row = rows[1]
    assert row[0] == '\'=HYPERLINK("http://x")'
    assert row[6] == "'+Association du quartier"
    assert row[7] == "3"
    assert "Marie" not in text and "secret.example" not in text and "Ailleurs" not in text
