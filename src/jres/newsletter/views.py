from django.shortcuts import render
from django.views.decorators.http import require_http_methods


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """Public: subscribe to the newsletter."""
    return render(request, "newsletter/subscribe.html", {})
