"""Public views: share a testimony, read them; the private links of authors and parents."""

import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from jres.events.models import Event

from . import services
from .forms import TestimonyForm
from .models import Role, Testimony, TestimonyStatus

logger = logging.getLogger(__name__)

PAGE_SIZE = 12


@require_safe
def testimony_list(request):
    """Public: published testimonies, newest first, filtered by the author's role."""
    testimonies = Testimony.objects.shown()
    role = request.GET.get("role", "")
    if role in Role.values:
        testimonies = testimonies.filter(role=role)
    else:
        role = ""
    page = Paginator(testimonies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "testimonies/testimony_list.html",
        {"page": page, "roles": Role.choices, "role": role},
    )


@require_http_methods(["GET", "POST"])
def share(request):
    """Public: the form; under 15 a parent is asked, then moderators decide."""
    event_slug = request.GET.get("evenement") or request.POST.get("event", "")
    # No slug holds a NUL character, and PostgreSQL refuses one in a comparison.
    if "\x00" in event_slug:
        event_slug = ""
    event = Event.objects.filter(published=True, slug=event_slug).first() if event_slug else None
    form = TestimonyForm(request.POST or None, initial={"event": event.slug} if event else None)
    if request.method == "POST" and form.is_valid():
        if form.is_robot:
            logger.info("Testimony form refused as automated")
        else:
            testimony = form.save(commit=False)
            testimony.language = get_language() or "fr"
            services.submit_testimony(testimony=testimony)
        messages.success(request, _(
            "Merci ! Votre témoignage est enregistré ; nous vous avons écrit. Il sera publié "
            "après relecture (et, avant 15 ans, après l'accord d'un parent)."
        ))  # fmt: skip
        return redirect("testimonies:list")
    return render(
        request,
        "testimonies/testimony_form.html",
        {"form": form, "event": event},
    )


@require_http_methods(["GET", "POST"])
def parent(request, token: str):
    """A parent's private link: agree, refuse (erases), or later withdraw (erases)."""
    testimony = get_object_or_404(Testimony, parent_token=token)
    if request.method == "POST":
        if request.POST.get("decision") == "agree":
            services.confirm_by_parent(testimony=testimony)
            messages.success(request, _("Merci : le témoignage sera relu avant d'être publié."))
            return redirect("testimonies:parent", token=token)
        services.erase_testimony(testimony=testimony)
        messages.success(request, _("Le témoignage est effacé : il n'en reste aucune trace."))
        return redirect("testimonies:list")
    return render(
        request,
        "testimonies/testimony_parent.html",
        {"testimony": testimony, "pending": testimony.status == TestimonyStatus.PENDING_PARENT},
    )


@require_http_methods(["GET", "POST"])
def withdraw(request, token: str):
    """The author's private link: see the testimony; confirm to erase it for good."""
    testimony = get_object_or_404(Testimony.objects.select_related("commune"), token=token)
    if request.method == "POST":
        services.erase_testimony(testimony=testimony)
        messages.success(request, _("Le témoignage est effacé : il n'en reste aucune trace."))
        return redirect("testimonies:list")
    return render(request, "testimonies/testimony_withdraw.html", {"testimony": testimony})
