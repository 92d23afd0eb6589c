"""Public: the press area of the current edition."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from jres.editions.models import Edition
from jres.pages.models import TeamContact

from .defaults import LOGOS, PRESS_RELEASES
from .figures import press_figures
from .models import Resource


@require_safe
def press(request):
    """Press releases, live figures, the team's contacts and the logos to download.

    Not cached as a page: the figures are, a minute at most (figures.press_figures).
    """
    edition = Edition.objects.current()
    if edition is None:
        raise Http404
    resources = (
        Resource.objects.published()
        .filter(edition=edition, category__slug__in=[PRESS_RELEASES, LOGOS])
        .select_related("category")
    )
    return render(
        request,
        "toolkit/press.html",
        {
            "edition": edition,
            "figures": press_figures(edition),
            "releases": [r for r in resources if r.category.slug == PRESS_RELEASES],
            "logos": [r for r in resources if r.category.slug == LOGOS],
            "contacts": TeamContact.objects.all(),
        },
    )
