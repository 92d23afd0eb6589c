from django.http import FileResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from jres.events.models import Event

from . import services
from .models import KIT_FILES

CACHE_SECONDS = 300
RETRY_SECONDS = 5
_FILES = {field: (file_name, content_type) for field, file_name, content_type in KIT_FILES}


def _open(kit, field: str):
    """The kit's file opened, or None when there is no kit or a rebuild just replaced it."""
    if kit is None:
        return None
    try:
        return getattr(kit, field).open("rb")
    except FileNotFoundError:
        return None


@require_safe
def kit_file(request, slug: str, field: str):
    """Public: a file of a published event's kit (poster or image), built now if need be.

    `?telecharger=1` (the organiser's links) asks the browser to save it; otherwise it
    opens, to print or look at. An unpublished event has no kit: 404.
    """
    event = get_object_or_404(
        Event.objects.select_related("edition", "organiser"), slug=slug, published=True
    )
    kit = services.ready_kit(event)
    file = _open(kit, field)
    if file is None:
        response = render(request, "posters/kit_preparing.html", {"event": event}, status=503)
        response["Retry-After"] = str(RETRY_SECONDS)
        patch_cache_control(response, no_store=True)
        return response
    etag = f'"{kit.fingerprint[:32]}-{field}"'
    if etag in request.headers.get("If-None-Match", ""):
        file.close()
        response = HttpResponseNotModified()
    else:
        file_name, content_type = _FILES[field]
        response = FileResponse(
            file,
            content_type=content_type,
            as_attachment=request.GET.get("telecharger") == "1",
            filename=f"{event.slug}-{file_name}",
        )
        response["Last-Modified"] = http_date(kit.generated_at.timestamp())
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response
