"""The coordinator's pages: join requests, accepted or declined with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import services
from .forms import DeclineForm
from .models import JoinRequest, JoinRequestStatus


def _coordinator_only(user) -> bool:
    # Others get a 404, not a log-in page: the page is not theirs to know about.
    if not user.is_coordinator:
        raise Http404
    return True


coordinator_required = user_passes_test(_coordinator_only)


@login_required
@coordinator_required
@require_safe
def queue(request):
    """Pending requests first (oldest first), then the decided ones."""
    pending = JoinRequest.objects.filter(status=JoinRequestStatus.PENDING).order_by("created_at")
    decided = JoinRequest.objects.exclude(status=JoinRequestStatus.PENDING).select_related(
        "partner"
    )
    page = Paginator(decided, 30).get_page(request.GET.get("page"))
    return render(request, "partners/review_queue.html", {"pending": pending, "page": page})


def _review_context(join_request, decline_form):
    return {"join_request": join_request, "decline_form": decline_form}


@login_required
@coordinator_required
@require_safe
def review(request, pk: int):
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("commune", "department", "region", "partner"), pk=pk
    )
    return render(
        request, "partners/review_request.html", _review_context(join_request, DeclineForm())
    )


@login_required
@coordinator_required
@require_POST
def accept(request, pk: int):
    join_request = get_object_or_404(JoinRequest, pk=pk)
    try:
        partner = services.accept_join_request(join_request=join_request, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("partners:review", pk=pk)
    messages.success(
        request,
        _("%(name)s rejoint le réseau : un e-mail lui donne accès à sa page.")
        % {"name": partner.name},
    )
    return redirect("partners:queue")


@login_required
@coordinator_required
@require_POST
def decline(request, pk: int):
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("commune", "department", "region"), pk=pk
    )
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.decline_join_request(
                join_request=join_request, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("partners:review", pk=pk)
        messages.success(request, _("Demande déclinée : la collectivité en est informée."))
        return redirect("partners:queue")
    context = _review_context(join_request, form)
    return render(request, "partners/review_request.html", context, status=400)
