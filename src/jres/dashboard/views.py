from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jres.core.access import staff_required
from jres.editions.models import Edition
from jres.events.models import EventStatus
from jres.geo.models import Department, Region
from jres.initiatives.models import InitiativeStatus
from jres.registrations.models import RegistrationStatus

from . import charts, figures
from .filters import DashboardFilters, parse_filters

# Curves of the edition and of its previous ones; rows of the year-over-year table.
COMPARED_CURVES = 3
COMPARED_EDITIONS = 10
# The curves' table gives one row a week.
TABLE_STEP_DAYS = 7
# Not on the map: listed beside it (names for a database without the overseas geography).
OVERSEAS_DEPARTMENTS = {
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "976": "Mayotte",
}


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: int
    url: str
    detail: str = ""


def _list_url(kind: str, filters: DashboardFilters, *, edition=None, **extra: str) -> str:
    return f"{reverse('exports:list', args=[kind])}?{filters.query(edition=edition, **extra)}"


def _cards(figures_: figures.EditionFigures, filters: DashboardFilters) -> list[Card]:
    edition = filters.edition
    labelled = _list_url("evenements", filters, statut=EventStatus.LABELLED)
    # Not tied to an edition: the platform's current totals (see figures.edition_figures).
    every_edition = _("toutes éditions")
    national = _("national") if filters.region else ""
    return [
        Card(
            "labelled_events",
            _("événements labellisés"),
            figures_.labelled_events,
            labelled,
            _("sur %(count)s soumis") % {"count": figures_.submitted_events},
        ),
        Card(
            "in_school_events",
            _("dont en établissement scolaire"),
            figures_.in_school_events,
            _list_url("evenements", filters, statut=EventStatus.LABELLED, scolaire="1"),
        ),
        Card("communes", _("communes touchées"), figures_.communes, labelled),
        Card("departments", _("départements touchés"), figures_.departments, labelled),
        Card(
            "places",
            _("places réservées"),
            figures_.places,
            _list_url("inscriptions", filters, statut=RegistrationStatus.CONFIRMED),
            _("%(count)s inscriptions confirmées") % {"count": figures_.registrations},
        ),
        Card(
            "waiting",
            _("inscriptions en liste d'attente"),
            figures_.waiting,
            _list_url("inscriptions", filters, statut=RegistrationStatus.WAITING),
            _("%(count)s places demandées") % {"count": figures_.waiting_places},
        ),
        Card(
            "participants",
            _("participants déclarés"),
            figures_.participants,
            # Reports of labelled events only, as the figure counts them.
            _list_url("bilans", filters, statut=EventStatus.LABELLED),
            _("dans %(count)s bilans") % {"count": figures_.reports},
        ),
        Card(
            "partners",
            _("collectivités partenaires"),
            figures_.partners,
            _list_url("collectivites", filters),
            every_edition,
        ),
        Card(
            "initiatives",
            _("initiatives publiées"),
            figures_.initiatives,
            _list_url("initiatives", filters, statut=InitiativeStatus.PUBLISHED),
            every_edition,
        ),
        Card(
            "testimonies",
            _("témoignages publiés"),
            figures_.testimonies,
            reverse("testimonies:list"),
            every_edition,
        ),
        Card(
            "volunteers",
            _("bénévoles inscrits"),
            figures_.volunteers,
            _list_url("benevoles", filters),
            every_edition,
        ),
        Card(
            "toolkit_downloads",
            _("téléchargements du kit"),
            figures_.toolkit_downloads,
            reverse("toolkit:edition_kit", args=[edition.year]),
            national,
        ),
    ]


def _curves(edition: Edition, previous: list[Edition], filters: DashboardFilters) -> dict:
    timelines = [
        figures.timeline(each, region=filters.region_code, department=filters.department_code)
        for each in [edition, *previous[:COMPARED_CURVES]]
    ]
    days = timelines[0].days
    rows = [
        (
            charts.day_label(day),
            [(timeline.labelled[index], timeline.places[index]) for timeline in timelines],
            timelines[0].submitted[index],
        )
        for index, day in enumerate(days)
        if (day - days[-1]) % TABLE_STEP_DAYS == 0
    ]
    return {
        "timelines": timelines,
        "rows": rows,
        "labelled_chart": charts.line_chart(
            chart_id="chart-curve-events",
            title=_("Événements labellisés, cumulés jusqu'à la journée"),
            days=days,
            series=[charts.Series(str(each.year), each.labelled) for each in timelines],
        ),
        "places_chart": charts.line_chart(
            chart_id="chart-curve-places",
            title=_("Places réservées, cumulées jusqu'à la journée"),
            days=days,
            series=[charts.Series(str(each.year), each.places) for each in timelines],
        ),
    }


def _breakdown(name: str, title: str, shares: list[figures.Share], link) -> dict:
    return {
        "name": name,
        "title": title,
        "rows": [(share, link(share)) for share in shares],
        "events_chart": charts.bar_chart(
            chart_id=f"chart-{name}-events",
            title=_("%(title)s : événements labellisés") % {"title": title},
            rows=[(share.name, share.events) for share in shares],
        ),
        "places_chart": charts.bar_chart(
            chart_id=f"chart-{name}-places",
            title=_("%(title)s : places réservées") % {"title": title},
            rows=[(share.name, share.places) for share in shares],
            colour="#d55e00",
        ),
    }


def _maps(edition: Edition, filters: DashboardFilters) -> dict:
    per_department = figures.by_department(edition, region=filters.region_code)
    names = dict(Department.objects.values_list("code", "name"))
    mapped = charts.mapped_departments()
    return {
        "events_map": charts.department_map(
            chart_id="chart-map-events",
            title=_("Événements labellisés par département"),
            values={code: events for code, (events, _p) in per_department.items()},
            names=names,
        ),
        "participants_map": charts.department_map(
            chart_id="chart-map-participants",
            title=_("Participants déclarés par département"),
            values={code: participants for code, (_e, participants) in per_department.items()},
            names=names,
        ),
        "rows": [
            (code, names.get(code, code), events, participants, code not in mapped)
            for code, (events, participants) in per_department.items()
        ],
        "overseas": [
            (code, names.get(code, name), *per_department.get(code, (0, 0)))
            for code, name in OVERSEAS_DEPARTMENTS.items()
        ],
    }


def _figures(edition: Edition, filters: DashboardFilters) -> dict:
    """The page's figures, charts and tables, read against one state of the data."""
    region, department = filters.region_code, filters.department_code
    headline = figures.edition_figures(edition, region=region, department=department)
    previous = list(
        Edition.objects.filter(year__lt=edition.year).order_by("-year")[:COMPARED_EDITIONS]
    )
    labelled = {"statut": EventStatus.LABELLED}
    return {
        "figures": headline,
        "cards": _cards(headline, filters),
        "statuses": [
            (
                status.label,
                headline.status_count(status.value),
                _list_url("evenements", filters, statut=status.value),
            )
            for status in EventStatus
        ],
        "curves": _curves(edition, previous, filters),
        "breakdowns": [
            _breakdown(
                "regions",
                _("Par région"),
                figures.by_region(edition),
                lambda share: (
                    f"{reverse('exports:list', args=['evenements'])}?"
                    + DashboardFilters(edition=edition).query(region=share.code, **labelled)
                ),
            ),
            _breakdown(
                "kinds",
                _("Par type d'événement"),
                figures.by_kind(edition, region=region, department=department),
                lambda share: _list_url("evenements", filters, type=share.code, **labelled),
            ),
            _breakdown(
                "audiences",
                _("Par public"),
                figures.by_audience(edition, region=region, department=department),
                lambda share: _list_url("evenements", filters, public=share.code, **labelled),
            ),
        ],
        "maps": _maps(edition, filters),
        "comparison": [
            (
                summary,
                _list_url(
                    "evenements",
                    filters,
                    edition=Edition(year=summary.year),
                    **labelled,
                ),
            )
            for summary in figures.compare_editions(
                [edition, *previous], region=region, department=department
            )
        ],
    }


@staff_required
@require_safe
def home(request):
    """Moderators and coordinators: an edition's figures, charts and map, with the lists
    behind them; `edition`, `region` and `departement` narrow them (see filters.py)."""
    filters = parse_filters(request.GET)
    context = {
        "filters": filters,
        "editions": Edition.objects.order_by("-year"),
        "regions": Region.objects.order_by("name"),
        "departments": Department.objects.order_by("code"),
    }
    edition = filters.edition
    if edition is None:
        return render(request, "dashboard/home.html", context)
    with figures.snapshot() as state:
        context.update(_figures(edition, filters))
    # The figures shown may come from different minutes: the oldest one's time.
    context["computed_at"] = timezone.localtime(state.computed_at or timezone.now())
    context["comparison_chart"] = charts.bar_chart(
        chart_id="chart-comparison",
        title=_("Événements labellisés, édition par édition"),
        rows=[
            (str(summary.year), summary.labelled_events) for summary, _url in context["comparison"]
        ],
    )
    return render(request, "dashboard/home.html", context)
