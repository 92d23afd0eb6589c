"""Coordination: the lists behind the dashboard's figures, their CSV and XLSX files, and the
log of who exported what.

Personal data (registrations, volunteers) and the log are for coordinators; moderators see
and export the rest. Every export is logged, with whether it held personal data.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jres.core.access import coordinator_required, staff_required
from jres.editions.models import Edition
from jres.events.models import Audience, EventKind
from jres.geo.models import Department, Region
from jres.partners.models import PartnerKind

from . import writers
from .datasets import CHUNK_SIZE, DATASETS, Dataset, visible_to
from .filters import ALL_EDITIONS
from .models import ExportLog, Format, Source
from .services import log_export

PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 50
MAX_PERSON_LENGTH = 254


def _dataset(request, kind: str) -> Dataset:
    """The dataset `kind`, if this staff member may see it: else a 404 or a 403."""
    dataset = DATASETS.get(kind)
    if dataset is None:
        raise Http404
    if not dataset.may_see(request.user):
        raise PermissionDenied
    return dataset


def _filter_choices(dataset: Dataset) -> dict:
    """The options of the filter form's selects, one query each, whatever the data."""
    choices: dict = {}
    if "edition" in dataset.filters:
        choices["editions"] = list(Edition.objects.values_list("year", flat=True))
    if "region" in dataset.filters:
        choices["regions"] = list(Region.objects.values_list("code", "name"))
    if "departement" in dataset.filters:
        choices["departments"] = list(Department.objects.values_list("code", "name"))
    if dataset.statuses:
        choices["statuses"] = dataset.statuses.choices
    if "type" in dataset.filters:
        choices["kinds"] = (
            PartnerKind.choices
            if dataset.kinds == "partner"
            else [(kind.slug, kind.localized("name")) for kind in EventKind.objects.all()]
        )
    if "public" in dataset.filters:
        choices["audiences"] = [
            (audience.slug, audience.localized("name")) for audience in Audience.objects.all()
        ]
    if "scolaire" in dataset.filters:
        choices["places"] = [("0", _("ouverts au public")), ("1", _("en établissement scolaire"))]
    return choices


@staff_required
@require_safe
def index(request):
    """Staff: the datasets they may list and export."""
    return render(request, "exports/index.html", {"datasets": visible_to(request.user)})


@staff_required
@require_safe
def data_list(request, kind: str):
    """Staff: one dataset's selection, filtered, counted and paginated, with its files."""
    dataset = _dataset(request, kind)
    filters = dataset.parse(request.GET)
    paginator = Paginator(dataset.select(filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = [[writers.as_text(value) for value in dataset.row(item)] for item in page]
    query = filters.as_query()
    return render(
        request,
        "exports/data_list.html",
        {
            "dataset": dataset,
            "filters": filters,
            "choices": _filter_choices(dataset),
            "all_editions": ALL_EDITIONS,
            "page": page,
            "rows": rows,
            "query": query,
            "page_query": f"{query}&" if query else "",
            "too_many_for_xlsx": paginator.count > writers.XLSX_MAX_ROWS,
            "xlsx_max_rows": writers.XLSX_MAX_ROWS,
        },
    )


@staff_required
@require_safe
def download(request, kind: str, format: str):
    """Staff: the dataset's selection as a CSV (streamed) or XLSX file, logged first.

    The rows are counted before the file is written (one COUNT query): the log needs the
    figure, and an XLSX selection past Excel's limit is refused before any work.
    """
    dataset = _dataset(request, kind)
    filters = dataset.parse(request.GET)
    selection = dataset.select(filters)
    rows = selection.count()
    list_url = reverse("exports:list", args=[kind])
    if filters.as_query():
        list_url += "?" + filters.as_query()
    if format == Format.XLSX and rows > writers.XLSX_MAX_ROWS:
        messages.error(
            request,
            _(
                "Cette sélection compte %(rows)s lignes : un fichier XLSX en contient "
                "%(max)s au plus. Téléchargez-la en CSV, ou resserrez les filtres."
            )
            % {"rows": rows, "max": writers.XLSX_MAX_ROWS},
        )
        return redirect(list_url)
    log_export(
        user=request.user,
        dataset=dataset.kind,
        format=format,
        filters=filters.applied(),
        rows=rows,
        personal=dataset.personal,
    )
    stamp = timezone.localdate().isoformat()
    filename = f"{dataset.kind}-{stamp}.{format}"
    items = selection.iterator(chunk_size=CHUNK_SIZE)
    if format == Format.XLSX:
        return writers.xlsx_response(filename, dataset.title, dataset.columns, items, dataset.row)
    return writers.csv_response(filename, dataset.columns, items, dataset.row)


@coordinator_required
@require_safe
def audit(request):
    """Coordinators: every export, newest first, filtered by person and by dataset."""
    entries = ExportLog.objects.all()
    person = " ".join(request.GET.get("personne", "").replace("\x00", "").split())
    person = person[:MAX_PERSON_LENGTH]
    if person:
        entries = entries.filter(user_email__icontains=person)
    source = request.GET.get("donnees", "")
    ignored = []
    if source in Source.values:
        entries = entries.filter(dataset=source)
    elif source:
        ignored.append(_("données « %(value)s » inconnues") % {"value": source[:40]})
        source = ""
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "exports/audit.html",
        {
            "page": page,
            "person": person,
            "source": source,
            "sources": Source.choices,
            "ignored": ignored,
        },
    )
