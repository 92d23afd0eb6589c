"""The copy-paste code that puts a banner of the kit on a partner's website."""

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html


def embed_code(resource) -> str:
    """An <a href> to the site around an <img> of the banner, with absolute addresses.

    The picture is the media file itself, not the counted download: a banner shown on a
    partner's page would otherwise count a "download" at every visit of that page.
    """
    image_url = resource.file.url
    if not image_url.startswith(("http://", "https://")):
        image_url = settings.SITE_URL + image_url
    return str(
        format_html(
            '<a href="{}"><img src="{}" width="{}" height="{}" alt="{}"></a>',
            settings.SITE_URL + reverse("editions:home"),
            image_url,
            resource.width or "",
            resource.height or "",
            resource.title_fr,
        )
    )
