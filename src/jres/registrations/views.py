"""Registration pages: the public form, the private link, the parent's consent, and the
organiser's list of registrants."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jres.core.spreadsheets import csv_response
from jres.events.models import Event
from jres.exports.models import Format, Source
from jres.exports.services import log_export
from jres.reports.services import closed_reason as report_closed_reason

from . import services
from .forms import MessageForm, PlacesForm, RegistrationForm, SettingsForm
from .models import (
    PARENT_CONSENT_PERIOD,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
)

PAGE_SIZE = 50
# The organiser's list: who comes first, then the waiting list in its order.
LIST_ORDER = [
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
    RegistrationStatus.PENDING_PARENT,
    RegistrationStatus.CANCELLED,
]


def _published_event(slug: str) -> Event:
    event = get_object_or_404(
        Event.objects.select_related("edition", "kind", "registration_settings"), slug=slug
    )
    if not event.is_published:
        raise Http404
    return event


@require_http_methods(["GET", "POST"])
def register(request, slug: str):
    """Public: the registration form of an event, with the places left. No account needed."""
    event = _published_event(slug)
    registration_settings = RegistrationSettings.for_event(event)
    closed = services.closed_reason(event, registration_settings)
    form = RegistrationForm(request.POST or None, max_places=registration_settings.max_places)
    status = 200
    if request.method == "POST" and not closed and form.is_valid():
        if ratelimit.consume(request, action="event_registration"):
            response = _submit(request, event, form, registration_settings)
            if response is not None:
                return response
        else:
            form.add_error(
                None,
                _(
                    "Beaucoup d'inscriptions sont parties de votre connexion ces dernières "
                    "minutes : réessayez un peu plus tard."
                ),
            )
            status = 429
    return render(
        request,
        "registrations/registration_form.html",
        {
            "event": event,
            "form": form,
            "closed_reason": closed,
            "availability": services.availability(event),
        },
        status=status,
    )


def _submit(request, event: Event, form: RegistrationForm, registration_settings):
    """Register from a valid form: the redirect to follow, or None with the form's errors."""
    data = form.cleaned_data
    try:
        registration = services.register_attendee(
            event=event,
            name=data["name"],
            email=data["email"],
            role=data["role"],
            places=data["places"],
            language=get_language(),
            is_under_15=data["is_under_15"],
            parent_email=data["parent_email"] or "",
            registration_settings=registration_settings,
        )
    except services.AlreadyRegistered as duplicate:
        # Never show the existing registration's link: only its address holder has it.
        messages.info(request, duplicate.message)
        return redirect("registrations:register", slug=event.slug)
    except services.RegistrationError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None
    messages.success(request, _success_message(registration))
    return redirect(registration)


def _success_message(registration: Registration) -> str:
    if registration.status == RegistrationStatus.CONFIRMED:
        return _("Votre inscription est confirmée. Un e-mail de confirmation vous a été envoyé.")
    if registration.status == RegistrationStatus.WAITING:
        return _(
            "L'événement est complet : vous êtes sur la liste d'attente. Vous recevrez un "
            "e-mail si une place se libère."
        )
    return _(
        "Votre demande est enregistrée : elle sera confirmée quand votre parent aura donné "
        "son accord grâce au lien que nous venons de lui envoyer."
    )


def _registration(token: str) -> Registration:
    """The registration whose private link this is; a wrong or truncated token is a 404."""
    return get_object_or_404(
        Registration.objects.select_related("event", "event__edition"), token=token
    )


def _can_change(registration: Registration) -> bool:
    event = registration.event
    return (
        registration.is_active and event.status != "cancelled" and event.starts_at > timezone.now()
    )


@require_http_methods(["GET", "POST"])
def manage(request, token: str):
    """Private link: see the registration, change the number of places."""
    registration = _registration(token)
    registration_settings = RegistrationSettings.for_event(registration.event)
    form = PlacesForm(
        request.POST or None,
        initial={"places": registration.places},
        max_places=registration_settings.max_places,
    )
    if request.method == "POST" and _can_change(registration) and form.is_valid():
        try:
            services.change_places(registration=registration, places=form.cleaned_data["places"])
        except services.RegistrationError as error:
            form.add_error("places", error.message)
        else:
            messages.success(request, _("Le nombre de places est modifié."))
            return redirect(registration)
    return render(
        request,
        "registrations/registration_manage.html",
        {"registration": registration, "event": registration.event, "form": form,
         "can_change": _can_change(registration)},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def cancel(request, token: str):
    """Private link: cancel, after a confirmation step (a link scanner only GETs)."""
    registration = _registration(token)
    if request.method == "POST":
        if registration.is_active:
            services.cancel_registration(registration=registration)
            messages.success(request, _("Votre inscription est annulée."))
        return redirect(registration)
    return render(
        request,
        "registrations/registration_cancel.html",
        {"registration": registration, "event": registration.event},
    )


@require_http_methods(["GET", "POST"])
def authorise(request, token: str):
    """A parent's link: consent to a pupil's registration (on POST, not on opening it)."""
    registration = get_object_or_404(
        Registration.objects.select_related("event"), parent_token=token
    )
    if request.method == "POST":
        try:
            registration = services.confirm_by_parent(registration=registration)
        except services.RegistrationError as error:
            messages.error(request, error.message)
            return redirect("registrations:authorise", token=token)
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("Merci : l'inscription est confirmée."))
        elif registration.status == RegistrationStatus.WAITING:
            messages.success(
                request,
                _("Merci : l'événement étant complet, l'inscription est en liste d'attente."),
            )
        return redirect("registrations:authorise", token=token)
    return render(
        request,
        "registrations/registration_authorise.html",
        {
            "registration": registration,
            "event": registration.event,
            "consent_days": PARENT_CONSENT_PERIOD.days,
        },
    )


# Mail clients send the one-click unsubscribe (RFC 8058) as a POST without a CSRF token;
# it can only stop reminders and messages, never touch the registration.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def stop_news(request, token: str):
    registration = _registration(token)
    if request.method == "POST":
        services.stop_news(registration=registration)
        if "List-Unsubscribe" in request.POST:
            return HttpResponse(status=204)
        messages.success(request, _("Vous ne recevrez plus de rappels ni de messages."))
        return redirect(registration)
    return render(
        request,
        "registrations/registration_stop_news.html",
        {"registration": registration, "event": registration.event},
    )


# --- the organiser's side ---------------------------------------------------------------


def _own_event(request, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.select_related("edition", "kind"), pk=pk, organiser=request.user
    )


@login_required
@require_safe
def registrants(request, pk: int):
    """Organiser: counts, settings, the registrants and who came on the day."""
    event = _own_event(request, pk)
    rank = Case(
        *(When(status=status, then=Value(order)) for order, status in enumerate(LIST_ORDER)),
        default=Value(len(LIST_ORDER)),
    )
    registrations = Registration.objects.filter(event=event).order_by(rank, "queued_at", "pk")
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    registration_settings = RegistrationSettings.for_event(event)
    return render(
        request,
        "registrations/registrant_list.html",
        {
            "event": event,
            "page": page,
            "availability": services.availability(event),
            "settings_form": SettingsForm(instance=registration_settings),
            "can_report": not report_closed_reason(event),
        },
    )


@login_required
@require_POST
def update_settings(request, pk: int):
    event = _own_event(request, pk)
    form = SettingsForm(request.POST, instance=RegistrationSettings.for_event(event))
    if form.is_valid():
        services.update_settings(
            event=event,
            is_open=form.cleaned_data["is_open"],
            max_places=form.cleaned_data["max_places"],
        )
        messages.success(request, _("Réglages des inscriptions enregistrés."))
    else:
        messages.error(request, " ".join(error for errors in form.errors.values()
                                         for error in errors))  # fmt: skip
    return redirect("registrations:registrants", pk=event.pk)


@login_required
@require_POST
def record_attendance(request, pk: int):
    event = _own_event(request, pk)
    shown = request.POST.getlist("shown")
    present = request.POST.getlist("present")
    if not all(value.isdigit() for value in [*shown, *present]):
        messages.error(request, _("Liste de présence illisible : rien n'a été changé."))
    else:
        count = services.record_attendance(event=event, shown_pks=shown, present_pks=present)
        messages.success(request, _("Présences enregistrées (%(count)s présents).")
                         % {"count": count})  # fmt: skip
    page = request.POST.get("page", "")
    url = reverse("registrations:registrants", kwargs={"pk": event.pk})
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@login_required
@require_safe
def export_csv(request, pk: int):
    event = _own_event(request, pk)
    registrations = Registration.objects.filter(event=event)
    header = [_("Nom"), _("E-mail"), _("Vous êtes"), _("Places"), _("Statut"),
              _("Moins de 15 ans"), _("E-mail du parent"), _("Présent"),
              _("Inscrit le")]  # fmt: skip
    rows = (
        [
            registration.name,
            registration.email,
            registration.get_role_display(),
            registration.places,
            registration.get_status_display(),
            _("oui") if registration.is_under_15 else _("non"),
            registration.parent_email,
            _("oui") if registration.attended else _("non"),
            timezone.localtime(registration.created_at).strftime("%d/%m/%Y %H:%M"),
        ]
        for registration in registrations.order_by("created_at", "pk")
    )
    log_export(user=request.user, dataset=Source.EVENT_REGISTRATIONS, format=Format.CSV,
               filters={"evenement": event.pk}, rows=registrations.count(),
               personal=True)  # fmt: skip
    return csv_response(f"inscriptions-{event.slug}.csv", header, rows)


@login_required
@require_http_methods(["GET", "POST"])
def message(request, pk: int):
    """Organiser: write to all registrants; each gets the e-mail in their language."""
    event = _own_event(request, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = services.message_registrants(
            event=event,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            include_waiting=form.cleaned_data["include_waiting"],
        )
        messages.success(request, _("Message envoyé à %(count)s personne(s).") % {"count": count})
        return redirect("registrations:registrants", pk=event.pk)
    return render(request, "registrations/registrant_message.html", {"event": event, "form": form})
