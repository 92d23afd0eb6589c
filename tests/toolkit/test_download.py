"""Downloads: the stored bytes come back unchanged, and each download is counted."""

import pytest

from jres.toolkit.models import Resource

from .conftest import make_resource, pdf

pytestmark = pytest.mark.django_db


def test_download_returns_the_uploaded_bytes_and_counts_it(client, current_edition):
    content = pdf("Affiche 2026")
    resource = make_resource(current_edition, content=content, title_fr="Affiche A3")
    response = client.get(f"/kit/telecharger/{resource.pk}/")
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="affiche-a3.pdf"' in response["Content-Disposition"]
    client.get(f"/kit/telecharger/{resource.pk}/")
    assert Resource.objects.get(pk=resource.pk).download_count == 2


def test_head_does_not_count(client, current_edition):
    resource = make_resource(current_edition)
    client.head(f"/kit/telecharger/{resource.pk}/")
    assert Resource.objects.get(pk=resource.pk).download_count == 0


def test_forged_or_retired_resource_is_not_found(client, current_edition):
    retired = make_resource(current_edition, is_published=False)
    assert client.get("/kit/telecharger/999999/").status_code == 404
    response = client.get(f"/kit/telecharger/{retired.pk}/")
    assert response.status_code == 404
    assert Resource.objects.get(pk=retired.pk).download_count == 0


def test_video_has_no_download(client, current_edition):
    video = make_resource(current_edition, slug="videos", video_url="https://vimeo.com/76979871")
    assert client.get(f"/kit/telecharger/{video.pk}/").status_code == 404
