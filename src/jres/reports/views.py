"""The organiser's report on their event: the form, its photos, and removing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jres.events.models import Event

from . import services
from .forms import PhotoForm, ReportForm
from .models import MAX_PHOTOS, EventReport, ReportPhoto


def _own_event(request, pk: int) -> Event:
    """An event of the signed-in organiser; anyone else's is a 404, not a 403."""
    return get_object_or_404(
        Event.objects.select_related("edition", "kind"), pk=pk, organiser=request.user
    )


def _report_of(event: Event) -> EventReport | None:
    return EventReport.objects.filter(event=event).prefetch_related("photos").first()


def _closed(request, event: Event):
    """The page saying why there is no report to write, or None when there is one."""
    reason = services.closed_reason(event)
    if not reason:
        return None
    return render(request, "reports/report_closed.html", {"event": event, "reason": reason})


def _render(request, event, report, *, report_form, photo_form, status=200):
    return render(
        request,
        "reports/report_form.html",
        {
            "event": event,
            "report": report,
            "form": report_form,
            "photo_form": photo_form,
            "photos": report.photos.all() if report else [],
            "max_photos": MAX_PHOTOS,
        },
        status=status,
    )


def _add_service_error(form, error) -> None:
    if isinstance(error, services.ReportError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
    elif hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    """Organiser: write or change the report on an event that has begun."""
    event = _own_event(request, pk)
    closed = _closed(request, event)
    if closed:
        return closed
    report = _report_of(event)
    initial = {}
    if report is None:
        # Suggestions for a first report: who was ticked present, the audiences planned.
        initial = {"audiences": list(event.audiences.all())}
        if attended := services.suggested_participants(event):
            initial["participants"] = attended
    form = ReportForm(request.POST or None, instance=report, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_report(
                event=event,
                participants=data["participants"],
                audiences=data["audiences"],
                what_worked=data["what_worked"],
                testimony=data["testimony"],
                show_on_event_page=data["show_on_event_page"],
            )
        except (services.ReportError, ValidationError) as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Bilan enregistré. Merci !"))
            return redirect("reports:edit", pk=event.pk)
    return _render(request, event, report, report_form=form, photo_form=PhotoForm())


@login_required
@require_POST
def add_photo(request, pk: int):
    event = _own_event(request, pk)
    closed = _closed(request, event)
    if closed:
        return closed
    report = _report_of(event)
    if report is None:
        messages.error(request, _("Enregistrez d'abord le bilan, puis ajoutez les photos."))
        return redirect("reports:edit", pk=event.pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_photo(
                report=report,
                image=data["image"],
                alt_text=data["alt_text"],
                image_rights_confirmed=data["image_rights_confirmed"],
                shows_pupils=data["shows_pupils"],
                parental_consent_confirmed=data["parental_consent_confirmed"],
            )
        except (services.ReportError, ValidationError) as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Photo ajoutée."))
            return redirect("reports:edit", pk=event.pk)
    return _render(request, event, report, report_form=ReportForm(instance=report),
                   photo_form=form)  # fmt: skip


@login_required
@require_POST
def remove_photo(request, pk: int, photo_pk: int):
    event = _own_event(request, pk)
    # Allowed whatever the event's status: consent can be withdrawn at any time.
    # Scoped to the organiser's event: another report's photo id is a 404.
    photo = get_object_or_404(ReportPhoto, pk=photo_pk, report__event=event)
    services.remove_photo(photo=photo)
    messages.success(request, _("Photo retirée."))
    return redirect("reports:edit", pk=event.pk)
