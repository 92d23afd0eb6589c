import logging

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from jres.core.caching import micro_cached

from . import contact as team_contact
from .models import Page, TeamContact

logger = logging.getLogger(__name__)


@require_safe
@micro_cached
def page_detail(request, slug: str):
    """Public: a page written by the coordinator."""
    page = get_object_or_404(Page, slug=slug)
    return render(request, "pages/page_detail.html", {"page": page})


@require_http_methods(["GET", "POST"])
def contact(request):
    """Public: the national team's contacts and a form to write to the team."""
    form = team_contact.TeamContactForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not team_contact.allow_attempt(request):
            form.add_error(
                None, _("Vous avez envoyé beaucoup de messages : réessayez dans une heure.")
            )
            status = 429
        else:
            if form.is_robot:
                # Answer as if sent: a robot learns nothing from the outcome.
                logger.info("Team contact form refused as automated")
            else:
                team_contact.send_team_message(
                    subject=form.cleaned_data["subject"],
                    message=form.cleaned_data["message"],
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                )
            messages.success(request, _("Votre message a été envoyé à l'équipe nationale."))
            return redirect("pages:contact")
    return render(
        request,
        "pages/contact.html",
        {"contacts": TeamContact.objects.all(), "form": form},
        status=status,
    )
