"""Public: the kit of the current or a past edition, downloads, the whole kit as a ZIP."""

from itertools import groupby

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from jres.core.caching import cache_public_page
from jres.editions.models import Edition

from . import archive, banners, receivers, services, videos
from .defaults import BANNERS, BAROMETERS
from .models import Resource

NEW_DAYS = 30
# The kit pages may frame the video players, which only a visitor's click inserts.
KIT_CSP = {**settings.SECURE_CSP, "frame-src": videos.frame_sources()}


def _kit_context(edition, *, barometers_first: bool) -> dict:
    resources = list(
        Resource.objects.published().filter(edition=edition).select_related("category")
    )
    new_since = timezone.now() - timezone.timedelta(days=NEW_DAYS)
    for resource in resources:
        resource.is_new = bool(resource.published_at and resource.published_at >= new_since)
        if resource.category.slug == BANNERS and resource.is_image:
            resource.embed_code = banners.embed_code(resource)
    groups = [
        (category, list(items))
        for category, items in groupby(resources, key=lambda resource: resource.category)
    ]
    if barometers_first:
        # An archived kit is read for its barometers above all: they come first.
        groups.sort(key=lambda group: group[0].slug != BAROMETERS)
    kit_archive = archive.current_archive(edition)
    return {"edition": edition, "groups": groups, "kit_archive": kit_archive}


@require_safe
@csp_override(KIT_CSP)
@cache_public_page(generation_name=receivers.GENERATION, with_query=False)
def kit(request):
    """Public: the current edition's kit by category.

    Cached for anonymous visitors: the "new since your last visit" badges are set in the
    browser (static/js/kit.js), from a cookie the server never reads nor sets.
    """
    edition = Edition.objects.current()
    if edition is None:
        raise Http404
    return render(request, "toolkit/kit.html", _kit_context(edition, barometers_first=False))


@require_safe
@csp_override(KIT_CSP)
@cache_public_page(generation_name=receivers.GENERATION, with_query=False)
def edition_kit(request, year: int):
    """Public: the kit of any published edition, the past ones with their barometers first."""
    edition = get_object_or_404(Edition.objects.public(), year=year)
    context = _kit_context(edition, barometers_first=not edition.is_current)
    return render(request, "toolkit/kit.html", context)


@require_safe
def download(request, pk: int):
    """Count a download of a published file, then send it from storage."""
    resource = get_object_or_404(
        Resource.objects.published().exclude(file="").filter(edition__in=Edition.objects.public()),
        pk=pk,
    )
    if request.method == "GET":
        services.record_download(resource)
    response = FileResponse(
        resource.file.open("rb"),
        as_attachment=True,
        filename=resource.download_name,
        content_type=resource.content_type,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@require_safe
def kit_archive(request, year: int):
    """The whole kit as one ZIP, streamed from disk; being built, a page says so."""
    edition = get_object_or_404(Edition.objects.public(), year=year)
    current = archive.current_archive(edition)
    if current is None:
        services.schedule_kit_build(edition.pk)
        response = render(request, "toolkit/archive_pending.html", {"edition": edition}, status=503)
        response.headers["Retry-After"] = "30"
        return response
    return FileResponse(
        archive.archive_path(current).open("rb"),
        as_attachment=True,
        filename=f"kit-{edition.year}.zip",
        content_type="application/zip",
    )
