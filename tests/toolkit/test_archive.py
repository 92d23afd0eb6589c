"""The whole kit as one ZIP: every published file, nothing retired, rebuilt on change."""

import io
import zipfile

import pytest

from jres.toolkit import archive, services
from jres.toolkit.models import KitArchive, Resource

from .conftest import make_resource, pdf, png

pytestmark = pytest.mark.django_db


def _zip(client, year) -> zipfile.ZipFile:
    response = client.get(f"/kit/{year}/kit.zip")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_zip_holds_every_published_file_and_nothing_retired(client, current_edition, deliver):
    with deliver():
        poster = make_resource(current_edition, content=pdf("Affiche"), title_fr="Affiche")
        logo = make_resource(current_edition, slug="visuels-logos", content=png(),
                             name="logo.png", title_fr="Logo")  # fmt: skip
        make_resource(current_edition, content=pdf("Brouillon"), title_fr="Brouillon",
                      is_published=False)  # fmt: skip
        make_resource(current_edition, slug="videos", title_fr="Film",
                      video_url="https://vimeo.com/76979871")  # fmt: skip
    kit = _zip(client, current_edition.year)
    names = kit.namelist()
    assert sorted(names) == ["04-visuels-logos/logo.png", "05-affiches/affiche.pdf", "videos.txt"]
    assert kit.read("05-affiches/affiche.pdf") == poster.file.open("rb").read()
    assert kit.read("04-visuels-logos/logo.png") == logo.file.open("rb").read()
    assert "https://vimeo.com/76979871" in kit.read("videos.txt").decode()


def test_retiring_a_resource_rebuilds_the_zip_without_it(client, current_edition, deliver):
    with deliver():
        kept = make_resource(current_edition, title_fr="Gardée")
        retired = make_resource(current_edition, title_fr="Retirée")
    first = KitArchive.objects.get(edition=current_edition)
    with deliver():
        services.set_published(resources=Resource.objects.filter(pk=retired.pk), published=False)
    rebuilt = KitArchive.objects.get(edition=current_edition)
    assert rebuilt.path != first.path
    assert not archive_file_exists(first.path)
    assert _zip(client, current_edition.year).namelist() == [f"05-affiches/{kept.download_name}"]


def archive_file_exists(name) -> bool:
    from django.core.files.storage import default_storage

    return default_storage.exists(name)


def test_outdated_zip_is_never_served(client, current_edition, deliver, monkeypatch):
    with deliver():
        make_resource(current_edition, title_fr="Première")
    # A worker that has not run yet: the change is saved, the ZIP not rebuilt.
    monkeypatch.setattr(services, "_enqueue_build", lambda edition_pk: None)
    with deliver():
        make_resource(current_edition, title_fr="Seconde")
    response = client.get(f"/kit/{current_edition.year}/kit.zip")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "en préparation" in response.content.decode()


def test_building_twice_changes_nothing(current_edition, deliver):
    with deliver():
        make_resource(current_edition)
    first = KitArchive.objects.get(edition=current_edition)
    assert archive.build_archive(current_edition).path == first.path


def test_unknown_year_is_not_found(client, current_edition):
    assert client.get("/kit/1999/kit.zip").status_code == 404
    assert client.get("/kit/1999/").status_code == 404
