from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jres.editions.models import Edition
from jres.initiatives.inspiration import PARAMETER as INSPIRATION_PARAMETER
from jres.initiatives.inspiration import event_initial, inspiring_initiative
from jres.reports.services import closed_reason as report_closed_reason

from . import services
from .forms import CancelForm, EventForm
from .locating import locate_event
from .models import Event, EventStatus
from .structured_data import absolute_url


def _current_edition() -> Edition:
    edition = Edition.objects.filter(is_current=True).first()
    if edition is None:
        raise Http404(_("Aucune édition n'est ouverte."))
    return edition


def _own_event(request, pk: int) -> Event:
    """An event of the signed-in organiser; anyone else's is a 404, not a 403."""
    return get_object_or_404(
        Event.objects.select_related("edition", "kind"), pk=pk, organiser=request.user
    )


@login_required
@require_safe
def my_events(request):
    """Organiser: their own events, every edition, with each one's status."""
    events = (
        Event.objects.filter(organiser=request.user)
        .select_related("edition", "kind")
        .order_by("-edition__year", "starts_at")
    )
    current = Edition.objects.filter(is_current=True).first()
    page = Paginator(events, 25).get_page(request.GET.get("page"))
    return render(request, "events/event_mine.html", {"page": page, "current_edition": current})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """Organiser: a new event of the current edition, saved as a draft."""
    edition = _current_edition()
    # ?modele=<slug>: a draft on the model of a published initiative (the query string
    # stays in the form's address, so the link survives the POST).
    initiative = inspiring_initiative(request.GET.get(INSPIRATION_PARAMETER))
    initial = initiative and event_initial(
        initiative, absolute_url=absolute_url(initiative.get_absolute_url())
    )
    form = EventForm(request.POST or None, request.FILES or None, edition=edition,
                     initial=initial)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            event = form.save(commit=False)
            event.organiser = request.user
            event.initiative = initiative
            locate_event(event, commune=form.commune, pin_moved=_pin_moved(form))
            event.save()
            form.save_m2m()
            services.record_creation(event=event, by=request.user)
        messages.success(request, _("Brouillon enregistré. Relisez-le puis soumettez-le."))
        return redirect("events:preview", pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "edition": edition, "initiative": initiative},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    """Organiser: edit one of their events (not a cancelled or refused one)."""
    event = _own_event(request, pk)
    if not event.is_editable:
        messages.error(request, _("Un événement annulé ou refusé ne peut plus être modifié."))
        return redirect("events:mine")
    form = EventForm(request.POST or None, request.FILES or None, instance=event,
                     edition=event.edition)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            event = form.save(commit=False)
            if {"address", "postal_code", "city", "latitude", "longitude"} & set(form.changed_data):
                locate_event(event, commune=form.commune, pin_moved=_pin_moved(form))
            event.save()
            form.save_m2m()
            was_labelled = event.status == EventStatus.LABELLED
            services.record_edit(event=event, by=request.user, changed_fields=form.changed_data)
        if was_labelled and event.status == EventStatus.SUBMITTED:
            messages.warning(
                request,
                _(
                    "Vous avez changé la date, le lieu ou le titre : "
                    "l'événement repart en relecture."
                ),
            )
        else:
            messages.success(request, _("Modifications enregistrées."))
        return redirect("events:preview", pk=event.pk)
    return render(
        request, "events/event_form.html", {"form": form, "edition": event.edition, "event": event}
    )


def _pin_moved(form) -> bool:
    return {"latitude", "longitude"} & set(form.changed_data) and form.cleaned_data.get(
        "latitude"
    ) is not None


@login_required
@require_safe
def preview(request, pk: int):
    """Organiser: their event as the public will see it, with its status and history."""
    event = _own_event(request, pk)
    return render(
        request,
        "events/event_preview.html",
        {
            "event": event,
            "log": event.log.select_related("actor")[:50],
            "can_report": not report_closed_reason(event),
        },
    )


@login_required
@require_POST
def submit(request, pk: int):
    event = _own_event(request, pk)
    try:
        services.submit_event(event=event, by=request.user)
    except services.WorkflowError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Événement envoyé à l'équipe de modération."))
    return redirect("events:preview", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk: int):
    event = _own_event(request, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_event(event=event, by=request.user, reason=form.cleaned_data["reason"])
        except services.WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("L'événement est annulé."))
        return redirect("events:preview", pk=event.pk)
    return render(request, "events/event_cancel.html", {"event": event, "form": form})


@login_required
@require_POST
def duplicate(request, pk: int):
    """Organiser: copy one of their past events into the current edition as a draft."""
    event = _own_event(request, pk)
    edition = _current_edition()
    copy = services.duplicate_event(event=event, by=request.user, edition=edition)
    messages.success(request, _("Copie créée dans l'édition %(year)s : vérifiez-la.")
                     % {"year": edition.year})  # fmt: skip
    return redirect("events:edit", pk=copy.pk)
