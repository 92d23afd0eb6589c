"""The data's licence: the coordinator sets it in the admin; every answer names it."""

import pytest

from jres.api.models import DEFAULT_URL, DataLicence

pytestmark = pytest.mark.django_db

LICENCE = {
    "name": "Open Database License (ODbL) 1.0",
    "url": "https://opendatacommons.org/licenses/odbl/1-0/",
    "attribution": "JRES, données ouvertes",
}


def test_without_a_row_the_etalab_open_licence_applies(client, current_edition):
    response = client.get("/api/v1/")
    assert response.json()["licence"]["url"] == DEFAULT_URL
    assert response["Link"] == f'<{DEFAULT_URL}>; rel="license"'


def test_a_coordinator_sets_the_licence_in_the_admin_and_the_api_names_it_at_once(
    client, coordinator, current_edition
):
    before = client.get("/api/v1/editions")
    client.force_login(coordinator)
    response = client.post("/admin/api/datalicence/add/", LICENCE)
    assert response.status_code == 302, response.content.decode()[:500]
    assert DataLicence.current().name == LICENCE["name"]
    # The admin offers no second row and no deletion.
    assert client.get("/admin/api/datalicence/add/").status_code == 403
    client.logout()

    after = client.get("/api/v1/editions", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200  # the old ETag named another licence
    assert after["Link"] == f'<{LICENCE["url"]}>; rel="license"'
    assert client.get("/api/v1/").json()["licence"] == LICENCE
    assert LICENCE["name"] in client.get("/donnees-ouvertes/").content.decode()


def test_a_moderator_cannot_change_the_licence(client, moderator):
    client.force_login(moderator)
    assert client.post("/admin/api/datalicence/add/", LICENCE).status_code in {302, 403}
    assert not DataLicence.objects.exists()
