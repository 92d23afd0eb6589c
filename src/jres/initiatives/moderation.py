"""Moderators' views: the queue of submitted initiatives and the review page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jres.events.moderation import moderator_required

from . import services
from .forms import ModerationForm
from .models import Initiative, InitiativeStatus


@login_required
@moderator_required
@require_safe
def queue(request):
    """Moderators: initiatives in one status (submitted by default), oldest first."""
    status = request.GET.get("statut")
    if status not in InitiativeStatus.values:
        status = InitiativeStatus.SUBMITTED
    initiatives = (
        Initiative.objects.filter(status=status)
        .select_related("proposer", "commune")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(initiatives, 30).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": InitiativeStatus.choices}
    return render(request, "initiatives/moderation_queue.html", context)


@login_required
@moderator_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    initiative = get_object_or_404(Initiative.objects.select_related("proposer", "commune"), pk=pk)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, message = form.cleaned_data["decision"], form.cleaned_data["message"]
        try:
            if decision == "publish":
                services.publish_initiative(
                    initiative=initiative, by=request.user, featured=form.cleaned_data["featured"]
                )
            elif decision == "request_changes":
                services.request_changes(initiative=initiative, by=request.user, message=message)
            else:
                services.refuse_initiative(initiative=initiative, by=request.user, reason=message)
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Décision enregistrée ; la personne qui la propose est prévenue.")
            )
            return redirect("initiatives:moderation_queue")
    context = {
        "initiative": initiative,
        "form": form,
        "themes": initiative.themes.all(),
        "documents": initiative.documents.all(),
        "editions": initiative.editions.all(),
        "log": initiative.log.select_related("actor")[:100],
        "own_initiative": initiative.proposer_id == request.user.pk,
    }
    return render(request, "initiatives/moderation_review.html", context)


@login_required
@moderator_required
@require_POST
def feature(request, pk: int):
    """Moderators: put a published initiative on the home page, or take it off."""
    initiative = get_object_or_404(Initiative, pk=pk)
    try:
        services.set_featured(
            initiative=initiative, by=request.user, featured=request.POST.get("featured") == "1"
        )
    except services.WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Page d'accueil mise à jour."))
    return redirect("initiatives:moderation_review", pk=initiative.pk)
