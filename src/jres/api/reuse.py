"""The re-users' documentation page: what the open data holds and how to take it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from . import http
from .models import DataLicence

EXAMPLE_DEPARTMENT = "35"
# The API's own URL names are its module's business: the page writes its public paths,
# which version 1 promises not to change.
API_ROOT = "/api/v1"


def _rate_limit() -> dict | None:
    """The API's rate limit as numbers to print; None when there is none."""
    limit = http.rate_limit()
    return {"requests": limit[0], "seconds": limit[1]} if limit else None


@require_safe
def reuse_page(request):
    """Public: how to reuse the platform's data, with examples written for this site.

    Not cached: the licence is read on every request (from the cache, which saving it
    clears), so the coordinator's change shows at once.
    """
    site_url = settings.SITE_URL
    api_url = site_url + API_ROOT
    events_url = f"{api_url}/events?departement={EXAMPLE_DEPARTMENT}"
    ics_url = f"{events_url}&format=ics"
    scheme, _separator, rest = ics_url.partition("://")
    language = "en" if (get_language() or "").startswith("en") else "fr"
    return render(
        request,
        "api/reuse.html",
        {
            "text_template": f"api/_reuse_{language}.html",
            "licence": DataLicence.current(),
            "site_url": site_url,
            "site_host": urlsplit(site_url).hostname or "localhost",
            "example_department": EXAMPLE_DEPARTMENT,
            "api_url": api_url,
            "docs_url": f"{api_url}/docs",
            "openapi_url": f"{api_url}/openapi.json",
            # Not "events_url": base.html's navigation sets that name for the events page.
            "events_api_url": events_url,
            "geojson_url": f"{events_url}&format=geojson",
            "ics_url": ics_url,
            "webcal_url": f"webcal://{rest}" if scheme in {"http", "https"} else ics_url,
            "csv_url": f"{events_url}&format=csv",
            "withdrawn_url": f"{api_url}/events/withdrawn",
            "widgets_url": site_url + reverse("events:widgets"),
            "rate_limit": _rate_limit(),
        },
    )
