"""The coordinator runs the kit in the admin; nobody else can; bad files store nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jres.toolkit.models import Category, Resource

from .conftest import make_resource, pdf

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/toolkit/resource/add/"


def _form(edition, **fields):
    return {
        "edition": edition.pk,
        "category": Category.objects.get(slug="affiches").pk,
        "title_fr": "Affiche A3",
        "title_en": "A3 poster",
        "description_fr": "",
        "description_en": "",
        "video_url": "",
        "position": 0,
        "is_published": "on",
        **fields,
    }


def test_coordinator_uploads_a_resource_that_visitors_download(client, coordinator,
                                                               current_edition):  # fmt: skip
    client.force_login(coordinator)
    content = pdf("Affiche A3")
    response = client.post(
        ADD_URL, _form(current_edition, file=SimpleUploadedFile("a3.pdf", content))
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    resource = Resource.objects.get()
    assert (resource.file_kind, resource.file_size) == ("pdf", len(content))
    client.logout()
    download = client.get(f"/kit/telecharger/{resource.pk}/")
    assert b"".join(download.streaming_content) == content
    assert Resource.objects.get().download_count == 1


def test_replacing_the_file_removes_the_old_one(client, coordinator, current_edition, deliver):
    resource = make_resource(current_edition)
    old_name = resource.file.name
    client.force_login(coordinator)
    with deliver():
        client.post(
            f"/admin/toolkit/resource/{resource.pk}/change/",
            _form(current_edition, file=SimpleUploadedFile("v2.pdf", pdf("Version 2"))),
        )
    resource.refresh_from_db()
    assert resource.file.name != old_name
    assert resource.file.storage.exists(resource.file.name)
    assert not resource.file.storage.exists(old_name)


def test_retire_action_unpublishes(client, coordinator, current_edition):
    resource = make_resource(current_edition)
    client.force_login(coordinator)
    client.post(
        "/admin/toolkit/resource/",
        {"action": "retire", "_selected_action": [resource.pk]},
    )
    assert Resource.objects.get().is_published is False
    assert resource.file.storage.exists(resource.file.name)  # it can come back


@pytest.mark.parametrize("user", ["organiser", "moderator"])
def test_organiser_and_moderator_cannot_manage_resources(client, request, user, current_edition):
    client.force_login(request.getfixturevalue(user))
    response = client.post(ADD_URL, _form(current_edition, file=SimpleUploadedFile("a.pdf", pdf())))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"file_content": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
          "file_name": "logo.svg"}, "contient du script"),
        ({"file_content": b"MZ\x90\x00 not a pdf", "file_name": "communique.pdf"},
         "n&#x27;est pas accepté"),
        ({"video_url": "https://videos.example.net/watch/123"}, "YouTube, Vimeo ou une instance"),
        ({}, "Joignez un fichier ou donnez le lien"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_a_message_and_nothing_stored(
    client, coordinator, current_edition, settings, tmp_path, fields, message
):
    client.force_login(coordinator)
    data = _form(current_edition, video_url=fields.get("video_url", ""))
    if "file_content" in fields:
        data["file"] = SimpleUploadedFile(fields["file_name"], fields["file_content"])
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Resource.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_oversized_upload_is_refused_in_english(client, coordinator, current_edition, settings):
    settings.TOOLKIT_MAX_UPLOAD_MB = 1
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    response = client.post(ADD_URL, _form(current_edition, file=big))
    assert "larger than the 1 MB limit" in response.content.decode()
    assert not Resource.objects.exists()
