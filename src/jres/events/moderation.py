"""Moderators' views: the queue of submitted events and the review page."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from jres.core.params import value
from jres.geo.models import Department, Region

from . import services
from .forms import ModerationForm
from .models import Event, EventKind, EventStatus

moderator_required = user_passes_test(lambda user: user.is_authenticated and user.is_moderator)

AGES = {"1": 1, "3": 3, "7": 7}


@login_required
@moderator_required
@require_safe
def queue(request):
    """Moderators: events waiting for a decision, oldest first, with filters."""
    status = request.GET.get("statut") or EventStatus.SUBMITTED
    events = Event.objects.select_related("kind", "department", "organiser", "edition")
    if status in EventStatus.values:
        events = events.filter(status=status)
    # core.params drops NUL characters, which PostgreSQL refuses.
    if region := value(request.GET, "region"):
        events = events.filter(region_id=region)
    if department := value(request.GET, "departement"):
        events = events.filter(department_id=department)
    if kind := value(request.GET, "type"):
        events = events.filter(kind__slug=kind)
    if (age := request.GET.get("age")) in AGES:
        since = timezone.now() - datetime.timedelta(days=AGES[age])
        events = events.filter(submitted_at__lte=since)
    events = events.order_by("submitted_at", "pk")
    page = Paginator(events, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": EventStatus.choices,
        "regions": Region.objects.all(),
        "departments": Department.objects.all(),
        "kinds": EventKind.objects.all(),
        "filters": request.GET,
    }
    return render(request, "events/moderation_queue.html", context)


@login_required
@moderator_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    """Moderators: one event, what changed since the last review, its history, the decision."""
    event = get_object_or_404(
        Event.objects.select_related("edition", "kind", "organiser", "commune"), pk=pk
    )
    charter_items = list(event.edition.charter_items.all())
    form = ModerationForm(request.POST or None, charter_items=charter_items)
    if request.method == "POST" and form.is_valid():
        decision, message = form.cleaned_data["decision"], form.cleaned_data["message"]
        try:
            if decision == "label":
                services.label_event(
                    event=event, by=request.user, checked_items=form.cleaned_data["charter"]
                )
            elif decision == "request_changes":
                services.request_changes(event=event, by=request.user, message=message)
            else:
                services.refuse_event(event=event, by=request.user, reason=message)
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Décision enregistrée ; l'organisateur est prévenu."))
            return redirect("events:moderation_queue")
    context = {
        "event": event,
        "form": form,
        "changes": event.changes_since_review(),
        "log": event.log.select_related("actor")[:100],
        "own_event": event.organiser_id == request.user.pk,
    }
    return render(request, "events/moderation_review.html", context)
