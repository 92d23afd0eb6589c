"""The organiser's space: their initiatives, proposed, edited and submitted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import services
from .forms import InitiativeForm
from .models import Initiative, InitiativeDocument, InitiativeStatus


def _own_initiative(request, pk: int) -> Initiative:
    """An initiative the signed-in user proposed; anyone else's is a 404, not a 403."""
    return get_object_or_404(
        Initiative.objects.select_related("commune"), pk=pk, proposer=request.user
    )


@login_required
@require_safe
def my_initiatives(request):
    initiatives = Initiative.objects.filter(proposer=request.user).order_by("-created_at")
    page = Paginator(initiatives, 25).get_page(request.GET.get("page"))
    return render(request, "initiatives/initiative_mine.html", {"page": page})


def _save(form, *, by) -> Initiative:
    initiative = form.save(commit=False)
    initiative.proposer_id = initiative.proposer_id or by.pk
    initiative.save()
    form.save_m2m()
    if form.cleaned_data.get("document"):
        InitiativeDocument.objects.create(
            initiative=initiative,
            title=form.cleaned_data["document_title"].strip(),
            file=form.cleaned_data["document"],
        )
    return initiative


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """Organiser: a new initiative, saved as a draft."""
    form = InitiativeForm(
        request.POST or None, request.FILES or None, initial={"contact_email": request.user.email}
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            initiative = _save(form, by=request.user)
            services.record_creation(initiative=initiative, by=request.user)
        messages.success(request, _("Brouillon enregistré. Relisez-le puis soumettez-le."))
        return redirect("initiatives:preview", pk=initiative.pk)
    return render(request, "initiatives/initiative_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    initiative = _own_initiative(request, pk)
    if not initiative.is_editable:
        messages.error(request, _("Une initiative refusée ne peut plus être modifiée."))
        return redirect("initiatives:mine")
    form = InitiativeForm(request.POST or None, request.FILES or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        was_published = initiative.is_published
        with transaction.atomic():
            initiative = _save(form, by=request.user)
            services.record_edit(
                initiative=initiative, by=request.user, changed_fields=form.changed_fields
            )
        if was_published and initiative.status == InitiativeStatus.SUBMITTED:
            messages.warning(request, _("L'initiative modifiée repart en relecture."))
        else:
            messages.success(request, _("Modifications enregistrées."))
        return redirect("initiatives:preview", pk=initiative.pk)
    return render(
        request, "initiatives/initiative_form.html", {"form": form, "initiative": initiative}
    )


@login_required
@require_safe
def preview(request, pk: int):
    """Organiser: their initiative as the public will see it, with its status and history."""
    initiative = _own_initiative(request, pk)
    return render(
        request,
        "initiatives/initiative_preview.html",
        {
            "initiative": initiative,
            "themes": initiative.themes.all(),
            "documents": initiative.documents.all(),
            "editions": initiative.editions.all(),
            "log": initiative.log.select_related("actor")[:50],
        },
    )


@login_required
@require_POST
def submit(request, pk: int):
    initiative = _own_initiative(request, pk)
    try:
        services.submit_initiative(initiative=initiative, by=request.user)
    except services.WorkflowError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Initiative envoyée à l'équipe de modération."))
    return redirect("initiatives:preview", pk=initiative.pk)
