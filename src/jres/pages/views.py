from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Page, TeamContact


@require_safe
def page_detail(request, slug: str):
    """Public: a page written by the coordinator."""
    page = get_object_or_404(Page, slug=slug)
    return render(request, "pages/page_detail.html", {"page": page})


@require_safe
def contact(request):
    """Public: the national team's contacts."""
    return render(request, "pages/contact.html", {"contacts": TeamContact.objects.all()})
