"""Moderators' queue of testimonies: publish or refuse. A minor's testimony only comes here
once a parent has agreed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from jres.events.moderation import moderator_required

from . import services
from .models import Testimony


@login_required
@moderator_required
@require_safe
def queue(request):
    testimonies = Testimony.objects.to_moderate().select_related("commune", "event")
    page = Paginator(testimonies.order_by("created_at", "pk"), 20).get_page(request.GET.get("page"))
    return render(request, "testimonies/moderation_queue.html", {"page": page})


@login_required
@moderator_required
@require_POST
def decide(request, pk: int):
    testimony = get_object_or_404(Testimony.objects.to_moderate(), pk=pk)
    if request.POST.get("decision") == "publish":
        services.publish(testimony=testimony, by=request.user)
        messages.success(request, _("Témoignage publié."))
    elif request.POST.get("decision") == "refuse":
        services.refuse(testimony=testimony, by=request.user)
        messages.success(request, _("Témoignage refusé."))
    return redirect("testimonies:moderation")
