"""Coordinators: write a message to a segment, preview it, test it, send it and follow the
sending; the newsletter's subscribers, their number and history."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jres.core.access import coordinator_required
from jres.editions.models import Edition

from . import composing, segments, sending, services
from .forms import MailingForm, SubscriberFilters
from .models import (
    Mailing,
    MailingRecipient,
    MailingStatus,
    RecipientStatus,
    Segment,
    Subscriber,
    SubscriberStatus,
)

PAGE_SIZE = 50
HISTORY_MONTHS = 24


def _returning_template() -> dict[str, str]:
    last = segments.previous_edition(Edition.objects.current())
    year = last.year if last else ""
    return {
        "segment": Segment.RETURNING,
        "subject": _("Vous avez organisé un événement l'an dernier : le referez-vous ?"),
        "body": _(
            "Bonjour,\n\nVous avez organisé un événement pour la Journée du Refus de l'Échec "
            "Scolaire %(year)s : merci encore !\n\n**Vous avez organisé un événement l'an "
            "dernier : le referez-vous ?** La nouvelle édition accueille les propositions "
            "d'événements : il suffit de quelques minutes pour proposer le vôtre, et vous "
            "pouvez même repartir de celui de l'an dernier.\n\nÀ très bientôt,\n\nLa "
            "coordination nationale"
        )
        % {"year": year},
    }


@coordinator_required
@require_safe
def mailing_list(request):
    """Coordinators: the messages, newest first, with their status and progress."""
    mailings = Mailing.objects.select_related("created_by", "region").order_by("-created_at", "-pk")
    page = Paginator(mailings, PAGE_SIZE).get_page(request.GET.get("page"))
    # Counted for this page's mailings only (one query), not for every mailing ever sent.
    sent = dict(
        MailingRecipient.objects.filter(
            mailing__in=[mailing.pk for mailing in page], status=RecipientStatus.SENT
        )
        .order_by()
        .values_list("mailing_id")
        .annotate(total=Count("pk"))
    )
    for mailing in page:
        mailing.sent_count = sent.get(mailing.pk, 0)
    confirmed = Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED).count()
    return render(request, "newsletter/mailing_list.html", {"page": page, "confirmed": confirmed})


@coordinator_required
@require_http_methods(["GET", "POST"])
def mailing_create(request):
    """Coordinators: write a new message (a draft until it is sent)."""
    initial = _returning_template() if request.GET.get("modele") == "retour" else {}
    form = MailingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        mailing = form.save(commit=False)
        mailing.created_by = request.user
        mailing.save()
        return redirect("newsletter:mailing_detail", pk=mailing.pk)
    return render(request, "newsletter/mailing_form.html", {"form": form, "mailing": None})


def _mailing_to_change(request, pk: int) -> Mailing:
    """The mailing; a message says so when it is no longer a draft (the view redirects)."""
    mailing = get_object_or_404(Mailing, pk=pk)
    if not mailing.is_draft:
        messages.error(request, _("Ce message est déjà envoyé : il ne peut plus changer."))
    return mailing


@coordinator_required
@require_http_methods(["GET", "POST"])
def mailing_edit(request, pk: int):
    """Coordinators: change a draft."""
    mailing = _mailing_to_change(request, pk)
    if not mailing.is_draft:
        return redirect("newsletter:mailing_detail", pk=mailing.pk)
    form = MailingForm(request.POST or None, instance=mailing)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("newsletter:mailing_detail", pk=mailing.pk)
    return render(request, "newsletter/mailing_form.html", {"form": form, "mailing": mailing})


def _progress_context(mailing: Mailing) -> dict:
    counts = sending.progress(mailing)
    due = sending.due_mailings().filter(pk=mailing.pk).exists()
    return {
        "mailing": mailing,
        "counts": counts,
        "stalled": due and mailing.status == MailingStatus.SENDING and _quiet(mailing),
        "statuses": RecipientStatus.choices,
        "rows": [(label, counts[value]) for value, label in RecipientStatus.choices],
    }


def _quiet(mailing: Mailing) -> bool:
    """Nothing sent for a while although recipients are due: the worker may be gone."""
    sent = mailing.recipients.filter(status=RecipientStatus.SENT).order_by("-sent_at")
    since = sent.values_list("sent_at", flat=True).first() or mailing.started_at
    return since is None or (timezone.now() - since).total_seconds() > 120


def _preview(request, mailing: Mailing):
    """The message as a recipient reading the page's language will receive it."""
    return composing.render_mailing(
        mailing,
        language=request.LANGUAGE_CODE,
        unsubscribe_url=composing.absolute("newsletter:subscribe"),
    )


@coordinator_required
@require_safe
def mailing_detail(request, pk: int):
    """Coordinators: a draft's preview and actions, or a sending's progress and recipients.

    An htmx request (the progress polling) gets the progress fragment only.
    """
    mailing = get_object_or_404(Mailing.objects.select_related("region", "created_by"), pk=pk)
    if mailing.is_draft:
        count = segments.count(mailing, edition=Edition.objects.current())
        return render(
            request,
            "newsletter/mailing_preview.html",
            {"mailing": mailing, "preview": _preview(request, mailing), "count": count},
        )
    context = _progress_context(mailing)
    if request.htmx:
        return render(request, "newsletter/mailing_detail.html#progress", context)
    recipients = mailing.recipients.order_by("pk")
    status = request.GET.get("statut", "")
    if status in RecipientStatus.values:
        recipients = recipients.filter(status=status)
    else:
        status = ""
    context["page"] = Paginator(recipients, PAGE_SIZE).get_page(request.GET.get("page"))
    context["status"] = status
    context["unknown_status"] = bool(request.GET.get("statut")) and not status
    return render(request, "newsletter/mailing_detail.html", context)


@coordinator_required
@require_POST
def mailing_test(request, pk: int):
    """Coordinators: send the draft, marked [TEST], to oneself only."""
    mailing = _mailing_to_change(request, pk)
    if mailing.is_draft:
        services.send_test(mailing=mailing, to=request.user)
        messages.success(
            request,
            _("Le message de test est parti vers %(email)s.") % {"email": request.user.email},
        )
    return redirect("newsletter:mailing_detail", pk=mailing.pk)


@coordinator_required
@require_http_methods(["GET", "POST"])
def mailing_send(request, pk: int):
    """Coordinators: confirm the number of recipients, then start the sending."""
    mailing = _mailing_to_change(request, pk)
    if not mailing.is_draft:
        return redirect("newsletter:mailing_detail", pk=mailing.pk)
    if request.method == "POST":
        try:
            count = services.start_mailing(mailing=mailing, by=request.user)
        except services.EmptySegment:
            messages.error(
                request,
                _("Aucun destinataire dans ce segment : rien n'a été envoyé. Choisissez-en un "
                  "autre ou élargissez-le."),
            )  # fmt: skip
            return redirect("newsletter:mailing_detail", pk=mailing.pk)
        except services.AlreadyStarted:
            return redirect("newsletter:mailing_detail", pk=mailing.pk)
        messages.success(
            request,
            _("L'envoi à %(count)s destinataires a commencé.") % {"count": count},
        )
        return redirect("newsletter:mailing_detail", pk=mailing.pk)
    count = segments.count(mailing, edition=Edition.objects.current())
    return render(request, "newsletter/mailing_send.html", {"mailing": mailing, "count": count})


@coordinator_required
@require_POST
def mailing_resume(request, pk: int):
    """Coordinators: queue an interrupted sending again (harmless if it is running)."""
    mailing = get_object_or_404(Mailing, pk=pk)
    if services.resume_mailing(mailing=mailing):
        messages.success(request, _("L'envoi reprend là où il s'était arrêté."))
    return redirect("newsletter:mailing_detail", pk=mailing.pk)


def _history() -> list[dict]:
    """Sign-ups, confirmations and unsubscriptions per month, newest month first."""
    since = timezone.now() - datetime.timedelta(days=31 * HISTORY_MONTHS)
    months: dict = {}
    for field, key in (
        ("created_at", "signups"),
        ("confirmed_at", "confirmations"),
        ("unsubscribed_at", "unsubscriptions"),
    ):
        rows = (
            Subscriber.objects.filter(**{f"{field}__gte": since})
            .annotate(month=TruncMonth(field))
            .order_by()
            .values_list("month")
            .annotate(total=Count("pk"))
        )
        for month, total in rows:
            entry = months.setdefault(
                month.date() if hasattr(month, "date") else month,
                {"signups": 0, "confirmations": 0, "unsubscriptions": 0},
            )
            entry[key] = total
    return [{"month": month, **counts} for month, counts in sorted(months.items(), reverse=True)]


@coordinator_required
@require_safe
def subscriber_list(request):
    """Coordinators: the list's size by status, its history by month, and the list."""
    filters = SubscriberFilters(request.GET or None)
    subscribers = filters.filter(Subscriber.objects.order_by("-created_at", "-pk"))
    page = Paginator(subscribers, PAGE_SIZE).get_page(request.GET.get("page"))
    sizes = dict.fromkeys(SubscriberStatus.values, 0)
    sizes.update(Subscriber.objects.order_by().values_list("status").annotate(total=Count("pk")))
    return render(
        request,
        "newsletter/subscriber_list.html",
        {
            "filters": filters,
            "page": page,
            "sizes": [(label, sizes[value]) for value, label in SubscriberStatus.choices],
            "history": _history(),
        },
    )


# The e-mail's own styles (inline, as mail clients want them) and nothing else: no script,
# no request anywhere; framed only by the platform's own preview page.
PREVIEW_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.NONE],
}


@coordinator_required
@require_safe
@xframe_options_sameorigin
@csp_override(PREVIEW_CSP)
def mailing_preview_html(request, pk: int):
    """Coordinators: a draft's HTML part alone, for the preview page's frame."""
    mailing = get_object_or_404(Mailing, pk=pk)
    html = next(content for content, mimetype in _preview(request, mailing).alternatives)
    return HttpResponse(html)
