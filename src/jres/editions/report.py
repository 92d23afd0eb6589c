"""The edition's national report: a PDF drawn on demand from the dashboard's figures and
charts, and published in the edition's kit when the coordinator chooses.

The numbers and the SVG charts come from `jres.dashboard.figures` and
`jres.dashboard.charts`, so that the report and the dashboard never disagree.
"""

import base64
import functools

import weasyprint
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jres.dashboard import charts, figures
from jres.geo.models import Department
from jres.initiatives.models import Initiative
from jres.testimonies.models import Testimony
from jres.toolkit.files import check_file
from jres.toolkit.models import Category, Resource
from jres.toolkit.services import save_resource

from .models import Edition, EditionLog, EditionLogAction

# The kit category the report is published in (created by a toolkit data migration).
REPORTS_CATEGORY = "bilans-et-rapports"
FEATURED_INITIATIVES = 3
TESTIMONIES = 3
# Editions side by side in the year-over-year table, the report's own included.
COMPARED_EDITIONS = 5
DEPARTMENTS_LISTED = 15


def report_title(edition: Edition) -> str:
    return f"Rapport national {edition.year}"


def published_report(edition: Edition) -> Resource | None:
    """The report this edition's kit shows, if one was published."""
    return (
        Resource.objects.filter(
            edition=edition,
            category__slug=REPORTS_CATEGORY,
            title_fr=report_title(edition),
            is_published=True,
        )
        .order_by("-updated_at")
        .first()
    )


def _number(value: int) -> str:
    return number_format(value, decimal_pos=0, force_grouping=True)


def headline(numbers: figures.EditionFigures) -> list[tuple[str, str]]:
    """(value, label) for each headline figure, in the order the report shows them."""
    rows = [
        (numbers.labelled_events, ngettext(
            "événement labellisé", "événements labellisés", numbers.labelled_events)),
        (numbers.communes, ngettext(
            "commune où a lieu au moins un événement",
            "communes où a lieu au moins un événement", numbers.communes)),
        (numbers.departments, ngettext(
            "département touché", "départements touchés", numbers.departments)),
        (numbers.in_school_events, ngettext(
            "événement en milieu scolaire", "événements en milieu scolaire",
            numbers.in_school_events)),
        (numbers.registrations, ngettext(
            "inscription confirmée", "inscriptions confirmées", numbers.registrations)),
        (numbers.places, ngettext("place réservée", "places réservées", numbers.places)),
        (numbers.participants, ngettext(
            "participant déclaré dans les bilans", "participants déclarés dans les bilans",
            numbers.participants)),
        (numbers.partners, ngettext(
            "collectivité partenaire", "collectivités partenaires", numbers.partners)),
        (numbers.initiatives, ngettext(
            "initiative publiée", "initiatives publiées", numbers.initiatives)),
        (numbers.testimonies, ngettext(
            "témoignage publié", "témoignages publiés", numbers.testimonies)),
        (numbers.volunteers, ngettext(
            "bénévole inscrit", "bénévoles inscrits", numbers.volunteers)),
        (numbers.toolkit_downloads, ngettext(
            "téléchargement du kit", "téléchargements du kit", numbers.toolkit_downloads)),
    ]  # fmt: skip
    return [(_number(value), label) for value, label in rows]


def _featured_initiatives(edition: Edition) -> list[Initiative]:
    featured = Initiative.objects.featured().select_related("commune")
    return list(featured.filter(editions=edition)[:FEATURED_INITIATIVES]) or list(
        featured[:FEATURED_INITIATIVES]
    )


def _testimonies(edition: Edition) -> list[Testimony]:
    # Written testimonies (a video does not print), about the edition's events first.
    written = Testimony.objects.shown().exclude(text="")
    return list(written.filter(event__edition=edition)[:TESTIMONIES]) or list(written[:TESTIMONIES])


def _curves(edition: Edition, previous: Edition | None):
    timeline = figures.timeline(edition)
    series = [
        charts.Series(_("Événements soumis"), timeline.submitted),
        charts.Series(_("Événements labellisés"), timeline.labelled),
    ]
    if previous is not None:
        series.append(
            charts.Series(
                _("Labellisés en %(year)s") % {"year": previous.year},
                figures.timeline(previous).labelled,
            )
        )
    events = charts.line_chart(
        chart_id="curve-events",
        title=_("Les événements jusqu'à la journée"),
        days=timeline.days,
        series=series,
    )
    places = charts.line_chart(
        chart_id="curve-places",
        title=_("Les places réservées jusqu'à la journée"),
        days=timeline.days,
        series=[charts.Series(_("Places réservées"), timeline.places)],
        height=240,
    )
    return events, places


def report_context(edition: Edition) -> dict:
    """Everything the report's template shows, computed now."""
    numbers = figures.edition_figures(edition)
    compared = list(
        Edition.objects.public()
        .filter(year__lt=edition.year)
        .order_by("-year")[: COMPARED_EDITIONS - 1]
    )
    previous = compared[0] if compared else None
    curve_events, curve_places = _curves(edition, previous)
    regions = figures.by_region(edition)
    kinds = figures.by_kind(edition)
    audiences = figures.by_audience(edition)
    departments = figures.by_department(edition)
    names = dict(Department.objects.filter(code__in=departments).values_list("code", "name"))
    listed = sorted(departments.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
    return {
        "edition": edition,
        "figures": numbers,
        "headline": headline(numbers),
        "curve_events": curve_events,
        "curve_places": curve_places,
        "regions_chart": charts.bar_chart(
            chart_id="regions",
            title=_("Événements labellisés par région"),
            rows=[(share.name, share.events) for share in regions],
        ),
        "kinds_chart": charts.bar_chart(
            chart_id="kinds",
            title=_("Événements labellisés par type"),
            rows=[(share.name, share.events) for share in kinds],
        ),
        "audiences_chart": charts.bar_chart(
            chart_id="audiences",
            title=_("Événements labellisés par public"),
            rows=[(share.name, share.events) for share in audiences],
        ),
        "map": charts.department_map(
            chart_id="map",
            title=_("Événements labellisés par département"),
            values={code: events for code, (events, _participants) in departments.items()},
            names=names,
        ),
        "departments": [
            (code, names.get(code, code), events, participants)
            for code, (events, participants) in listed[:DEPARTMENTS_LISTED]
        ],
        "other_departments": max(0, len(listed) - DEPARTMENTS_LISTED),
        "initiatives": _featured_initiatives(edition),
        "testimonies": _testimonies(edition),
        "comparison": figures.compare_editions([edition, *compared]),
        "generated_at": timezone.localtime(),
        "logo": _logo_uri(),
    }


@functools.cache
def _logo_uri() -> str:
    with open(finders.find("img/logo.svg"), "rb") as logo:
        return "data:image/svg+xml;base64," + base64.b64encode(logo.read()).decode()


@functools.cache
def _data_only_fetcher():
    """The template embeds everything as data: URIs; nothing is fetched from elsewhere."""
    return weasyprint.urls.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def render_report(edition: Edition) -> bytes:
    """The report as a PDF, in the active language, with today's figures."""
    html = render_to_string("editions/report.html", report_context(edition))
    return weasyprint.HTML(string=html, url_fetcher=_data_only_fetcher()).write_pdf()


@transaction.atomic
def publish_report(*, edition: Edition, by) -> Resource:
    """Draw the report now (in French) and publish it in the edition's kit.

    The kit holds one report per edition: a new one replaces the file of the previous one
    (and takes today's date, so it shows as new), even if it had been unpublished.
    """
    with translation.override("fr"):
        pdf = render_report(edition)
    upload = ContentFile(pdf, name=f"rapport-national-{edition.year}.pdf")
    checked = check_file(upload)
    resource = (
        Resource.objects.select_for_update()
        .filter(edition=edition, category__slug=REPORTS_CATEGORY, title_fr=report_title(edition))
        .first()
    ) or Resource(
        edition=edition,
        category=Category.objects.get(slug=REPORTS_CATEGORY),
        title_fr=report_title(edition),
        title_en=f"National report {edition.year}",
    )
    resource.description_fr = (
        "Les chiffres, les graphiques et la carte de l'édition, des initiatives et des témoignages."
    )
    resource.description_en = (
        "The edition's figures, charts and map, with initiatives and testimonies."
    )
    resource.file = upload
    resource.is_published = True
    resource.published_at = None
    save_resource(resource=resource, checked=checked)
    EditionLog.objects.create(edition=edition, actor=by, action=EditionLogAction.REPORT_PUBLISHED)
    return resource
