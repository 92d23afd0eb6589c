from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from jres.core.caching import micro_cached
from jres.initiatives.models import Initiative
from jres.testimonies.models import Testimony

from .models import Edition

HOME_TESTIMONIES = 3


@require_safe
@micro_cached
def home(request):
    """Public: the current edition, why the day exists and the three ways to take part."""
    edition = Edition.objects.prefetch_related("key_figures").filter(is_current=True).first()
    testimonies = list(Testimony.objects.shown()[:HOME_TESTIMONIES]) if edition else []
    featured = Initiative.objects.featured().select_related("commune")[:3]
    return render(
        request,
        "editions/home.html",
        {"edition": edition, "testimonies": testimonies, "featured_initiatives": featured},
    )


@require_safe
@micro_cached
def edition_list(request):
    """Public: every published edition since the first, newest first."""
    editions = Edition.objects.public()
    return render(request, "editions/edition_list.html", {"editions": editions})


@require_safe
@micro_cached
def edition_detail(request, year: int):
    """Public: one published edition; drafts stay hidden until they open."""
    edition = get_object_or_404(Edition.objects.public().prefetch_related("key_figures"), year=year)
    return render(request, "editions/edition_detail.html", {"edition": edition})
