"""The re-users' documentation page."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def reuse_page(request):
    """Public: how to reuse the platform's data."""
    return HttpResponse("")
