"""The coordinator's pages for editions: the list, preparing the next one, its dates, the
steps of its life (each confirmed on a page of its own) and its national report."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from jres.core.access import coordinator_required
from jres.events.models import EventStatus

from . import report, services
from .forms import EditionForm
from .models import Edition, EditionStatus

PER_PAGE = 25


def _with_counts(editions):
    # Meta.ordering does not apply to a grouped query: the order is said again.
    return editions.order_by("-year").annotate(
        labelled_count=Count("events", filter=Q(events__status=EventStatus.LABELLED)),
        waiting_count=Count(
            "events",
            filter=Q(events__status__in=[EventStatus.SUBMITTED, EventStatus.CHANGES_REQUESTED]),
        ),
    )


@coordinator_required
@require_safe
def staff_list(request):
    """Coordinator: every edition, drafts included, with its dates and its events."""
    page = Paginator(_with_counts(Edition.objects.all()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "editions/staff_list.html",
        {"page": page, "current": Edition.objects.current()},
    )


@coordinator_required
@require_safe
def staff_detail(request, year: int):
    """Coordinator: one edition, what can be done with it next, and its history."""
    edition = get_object_or_404(_with_counts(Edition.objects.all()), year=year)
    return render(
        request,
        "editions/staff_detail.html",
        {
            "edition": edition,
            "actions": [action for action in ACTIONS.values() if action.is_possible(edition)],
            "refusal": edition.submissions_refusal(),
            "log": edition.log.select_related("actor")[:50],
            "report": report.published_report(edition),
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def prepare(request):
    """Coordinator: the next edition, prefilled from the current one (or the latest)."""
    source = Edition.objects.current() or Edition.objects.first()
    if source is None:
        messages.error(request, _("Créez d'abord une première édition dans l'administration."))
        return redirect("editions:staff_list")
    form = EditionForm(request.POST or None, initial=services.next_edition_initial(source))
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.create_next_edition(
                source=source, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "L'édition %(year)s est prête, en préparation : ouvrez ses soumissions "
                    "et présentez-la sur la page d'accueil quand vous le déciderez."
                )
                % {"year": edition.year},
            )
            return redirect("editions:staff_detail", year=edition.year)
    return render(request, "editions/staff_form.html", {"form": form, "source": source})


@coordinator_required
@require_http_methods(["GET", "POST"])
def edit(request, year: int):
    """Coordinator: an edition's number, dates and texts."""
    edition = get_object_or_404(Edition, year=year)
    form = EditionForm(request.POST or None, instance=edition)
    if request.method == "POST" and form.is_valid():
        form.save()
        services.update_edition(edition=edition, by=request.user, changed_fields=form.changed_data)
        messages.success(request, _("Modifications enregistrées."))
        return redirect("editions:staff_detail", year=edition.year)
    return render(request, "editions/staff_form.html", {"form": form, "edition": edition})


@dataclass(frozen=True)
class Action:
    """A step of an edition's life: the button, the confirmation and the service it calls."""

    name: str
    label: str
    explanation: str
    done: str
    run: object
    allowed: object

    def is_possible(self, edition: Edition) -> bool:
        return self.allowed(edition)


ACTIONS = {
    action.name: action
    for action in [
        Action(
            name="make_current",
            label=gettext_lazy("Présenter sur la page d'accueil"),
            explanation=gettext_lazy(
                "La page d'accueil présentera cette édition (date, thème, chiffres) et les "
                "nouveaux événements des organisateurs lui appartiendront. L'édition "
                "présentée jusqu'ici reste consultable dans les éditions passées."
            ),
            done=gettext_lazy("L'édition %(year)s est présentée sur la page d'accueil."),
            run=lambda edition, user: services.make_current(edition=edition, by=user),
            allowed=lambda edition: (
                not edition.is_current and edition.status != EditionStatus.ARCHIVED
            ),
        ),
        Action(
            name="open",
            label=gettext_lazy("Ouvrir les soumissions maintenant"),
            explanation=gettext_lazy(
                "Les organisateurs pourront envoyer leurs événements à la modération dès "
                "aujourd'hui, jusqu'à la date de clôture prévue."
            ),
            done=gettext_lazy("Les soumissions de l'édition %(year)s sont ouvertes."),
            run=lambda edition, user: services.open_submissions(edition=edition, by=user),
            allowed=lambda edition: (
                edition.status != EditionStatus.ARCHIVED and not edition.accepts_submissions()
            ),
        ),
        Action(
            name="close",
            label=gettext_lazy("Clore les soumissions maintenant"),
            explanation=gettext_lazy(
                "Les organisateurs ne pourront plus envoyer d'événement à la modération ; ceux "
                "déjà envoyés restent à relire et les brouillons restent enregistrés."
            ),
            done=gettext_lazy("Les soumissions de l'édition %(year)s sont closes."),
            run=lambda edition, user: services.close_submissions(edition=edition, by=user),
            allowed=lambda edition: edition.status == EditionStatus.OPEN,
        ),
        Action(
            name="archive",
            label=gettext_lazy("Archiver l'édition"),
            explanation=gettext_lazy(
                "L'édition rejoint les archives : sa page, ses événements et ses chiffres "
                "restent consultables par tous, mais plus rien n'y change."
            ),
            done=gettext_lazy("L'édition %(year)s est archivée."),
            run=lambda edition, user: services.archive_edition(edition=edition, by=user),
            allowed=lambda edition: (
                edition.status == EditionStatus.CLOSED and not edition.is_current
            ),
        ),
    ]
}


@coordinator_required
@require_http_methods(["GET", "POST"])
def action(request, year: int, name: str):
    """Coordinator: confirm one step of the edition's life (GET), then take it (POST)."""
    edition = get_object_or_404(Edition, year=year)
    step = ACTIONS[name]
    if request.method == "POST":
        try:
            step.run(edition, request.user)
        except services.LifecycleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, step.done % {"year": edition.year})
        return redirect("editions:staff_detail", year=edition.year)
    return render(request, "editions/staff_confirm.html", {"edition": edition, "step": step})


@coordinator_required
@require_safe
def report_pdf(request, year: int):
    """Coordinator: the edition's national report, drawn now from today's figures."""
    edition = get_object_or_404(Edition, year=year)
    response = HttpResponse(report.render_report(edition), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rapport-national-{edition.year}.pdf"'
    return response


@coordinator_required
@require_http_methods(["GET", "POST"])
def report_publish(request, year: int):
    """Coordinator: put the report, as drawn now, in the edition's kit (confirmed first)."""
    edition = get_object_or_404(Edition, year=year)
    if request.method == "POST":
        resource = report.publish_report(edition=edition, by=request.user)
        messages.success(
            request,
            _("Le rapport national %(year)s est publié dans le kit.") % {"year": edition.year},
        )
        return redirect("editions:staff_detail", year=resource.edition.year)
    return render(
        request,
        "editions/staff_confirm.html",
        {
            "edition": edition,
            "step": Action(
                name="publish",
                label=_("Publier le rapport dans le kit"),
                explanation=_(
                    "Le rapport est dessiné avec les chiffres d'aujourd'hui et publié dans le "
                    "kit de l'édition, à la place du rapport publié précédemment."
                ),
                done="",
                run=None,
                allowed=None,
            ),
        },
    )
