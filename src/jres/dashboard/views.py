from django.shortcuts import render
from django.views.decorators.http import require_safe

from jres.core.access import staff_required


@staff_required
@require_safe
def home(request):
    """Moderators and coordinators: the current edition's figures."""
    return render(request, "dashboard/home.html", {})
