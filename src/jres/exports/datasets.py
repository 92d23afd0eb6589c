"""The data the coordination lists and exports: one declaration per dataset.

Each dataset says its title, its columns (French headers), which shared filters apply, how
its selection is built from them, how one row reads, whether it holds personal data and so
who may see it. The list page, the CSV and the XLSX all go through the same row function:
what the staff see on the page is what the file holds.

Events are not personal data here: the organiser column is the name the event's page shows
(the organisation, else the account's display name), which moderators see anyway; the
organiser's e-mail address is left out, so the export is not a contact list.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, TextChoices
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jres.events.models import Event, EventStatus
from jres.initiatives.models import Initiative, InitiativeStatus
from jres.partners.models import Partner
from jres.registrations.models import Registration, RegistrationStatus, Role
from jres.reports.models import EventReport
from jres.volunteers.models import Volunteer

from .filters import DataFilters, parse_filters

# Rows fetched from the database at a time while a file is written.
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Dataset:
    kind: str
    title: Promise
    description: Promise
    columns: tuple[Promise, ...]
    # The shared GET parameters that narrow this dataset.
    filters: frozenset[str]
    # Builds the ordered selection from the understood filters.
    select: Callable[[DataFilters], QuerySet]
    # One row's cells, in the order of `columns`, from one item of the selection.
    row: Callable[[object], list]
    personal: bool
    statuses: type[TextChoices] | None = None
    kinds: str = "event"

    def may_see(self, user) -> bool:
        """Personal data for coordinators only; the rest for moderators too."""
        return user.is_coordinator if self.personal else user.is_moderator

    def parse(self, params) -> DataFilters:
        return parse_filters(
            params,
            accepted=self.filters,
            statuses=self.statuses,
            kinds=self.kinds,
        )


def _yes_no(value: bool) -> str:
    return _("oui") if value else _("non")


def _page_url(path: str) -> str:
    return settings.SITE_URL + path


def _names(items) -> str:
    return ", ".join(item.localized("name") for item in items)


def _with_audiences(queryset: QuerySet, filters: DataFilters, through, column: str) -> QuerySet:
    """Rows whose event (or report) has one of the audiences: EXISTS, so no duplicates."""
    if not filters.audiences:
        return queryset
    return queryset.filter(
        Exists(through.objects.filter(**{column: OuterRef("pk")}, audience__in=filters.audiences))
    )


def _territory(queryset: QuerySet, filters: DataFilters, prefix: str = "") -> QuerySet:
    if filters.region:
        queryset = queryset.filter(**{f"{prefix}region": filters.region})
    if filters.department:
        queryset = queryset.filter(**{f"{prefix}department": filters.department})
    return queryset


def _edition(queryset: QuerySet, filters: DataFilters, column: str) -> QuerySet:
    if filters.all_editions:
        return queryset
    if filters.edition is None:
        return queryset.none()
    return queryset.filter(**{column: filters.edition})


# --- events -----------------------------------------------------------------------------


def _select_events(filters: DataFilters) -> QuerySet:
    events = Event.objects.select_related(
        "edition", "kind", "commune", "department", "region", "organiser"
    ).prefetch_related("audiences")
    events = _territory(_edition(events, filters, "edition"), filters)
    if filters.status:
        events = events.filter(status=filters.status)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.in_school is not None:
        events = events.filter(is_public=not filters.in_school)
    events = _with_audiences(events, filters, Event.audiences.through, "event_id")
    return events.order_by("starts_at", "pk")


def _event_row(event: Event) -> list:
    return [
        event.pk,
        event.edition.year,
        event.title,
        event.get_status_display(),
        event.kind.localized("name"),
        event.starts_at,
        event.ends_at,
        event.commune.name if event.commune else event.city,
        event.postal_code,
        event.department_id or "",
        event.region.name if event.region else "",
        _yes_no(event.is_public),
        event.get_attendance_mode_display(),
        _names(event.audiences.all()),
        event.capacity,
        event.get_registration_mode_display(),
        event.organisation or event.organiser.display_name,
        _page_url(event.get_absolute_url()) if event.published else "",
    ]


EVENTS = Dataset(
    kind="evenements",
    title=gettext_lazy("Événements"),
    description=gettext_lazy(
        "Tous les événements de l'édition, quel que soit leur statut, avec leur lieu, leur "
        "type, leurs publics et le nom public de leur organisateur."
    ),
    columns=(
        gettext_lazy("N°"),
        gettext_lazy("Édition"),
        gettext_lazy("Titre"),
        gettext_lazy("Statut"),
        gettext_lazy("Type"),
        gettext_lazy("Début"),
        gettext_lazy("Fin"),
        gettext_lazy("Commune"),
        gettext_lazy("Code postal"),
        gettext_lazy("Département"),
        gettext_lazy("Région"),
        gettext_lazy("Ouvert au public"),
        gettext_lazy("Format"),
        gettext_lazy("Publics"),
        gettext_lazy("Places"),
        gettext_lazy("Inscription"),
        gettext_lazy("Organisé par"),
        gettext_lazy("Page publique"),
    ),
    filters=frozenset({"edition", "region", "departement", "statut", "type", "public", "scolaire"}),
    select=_select_events,
    row=_event_row,
    personal=False,
    statuses=EventStatus,
)


# --- registrations ----------------------------------------------------------------------

# Plain tuples rather than model instances: this is the dataset that reaches a million rows.
REGISTRATION_FIELDS = (
    "name",
    "email",
    "role",
    "places",
    "status",
    "event__title",
    "event__city",
    "event__department_id",
    "created_at",
    "confirmed_at",
    "cancelled_at",
    "erased_at",
)


def _select_registrations(filters: DataFilters) -> QuerySet:
    registrations = _territory(
        _edition(Registration.objects.all(), filters, "event__edition"), filters, "event__"
    )
    if filters.status:
        registrations = registrations.filter(status=filters.status)
    if filters.kind:
        registrations = registrations.filter(event__kind=filters.kind)
    if filters.audiences:
        registrations = registrations.filter(
            Exists(
                Event.audiences.through.objects.filter(
                    event_id=OuterRef("event_id"), audience__in=filters.audiences
                )
            )
        )
    # The primary key's order is the order people registered in, and costs no sort.
    return registrations.order_by("pk").values_list(*REGISTRATION_FIELDS)


# The choices' labels translated once per language rather than twice per row: this is the
# row function that runs a million times.
_LABELS: dict[str, tuple[dict, dict]] = {}


def _registration_labels() -> tuple[dict, dict]:
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language not in _LABELS:
        _LABELS[language] = (
            {value: str(label) for value, label in Role.choices},
            {value: str(label) for value, label in RegistrationStatus.choices},
        )
    return _LABELS[language]


def _registration_row(values: tuple) -> list:
    (name, email, role, places, status, event, city, department, created_at, confirmed_at,
     cancelled_at, erased_at) = values  # fmt: skip
    roles, statuses = _registration_labels()
    if erased_at:
        name, email = _("(données effacées)"), ""
    return [
        name,
        email,
        roles.get(role, role),
        places,
        statuses.get(status, status),
        event,
        city,
        department or "",
        created_at,
        confirmed_at,
        cancelled_at,
        erased_at,
    ]


REGISTRATIONS = Dataset(
    kind="inscriptions",
    title=gettext_lazy("Inscriptions"),
    description=gettext_lazy(
        "Les inscriptions aux événements de l'édition : nom, adresse e-mail, places, statut. "
        "Données personnelles : chaque export est consigné dans le journal."
    ),
    columns=(
        gettext_lazy("Nom"),
        gettext_lazy("E-mail"),
        gettext_lazy("Vous êtes"),
        gettext_lazy("Places"),
        gettext_lazy("Statut"),
        gettext_lazy("Événement"),
        gettext_lazy("Commune"),
        gettext_lazy("Département"),
        gettext_lazy("Inscrit le"),
        gettext_lazy("Confirmée le"),
        gettext_lazy("Annulée le"),
        gettext_lazy("Effacée le"),
    ),
    filters=frozenset({"edition", "region", "departement", "statut", "type", "public"}),
    select=_select_registrations,
    row=_registration_row,
    personal=True,
    statuses=RegistrationStatus,
)


# --- partners ---------------------------------------------------------------------------


def _select_partners(filters: DataFilters) -> QuerySet:
    partners = _territory(
        Partner.objects.select_related("commune", "department", "region"), filters
    )
    if filters.kind:
        partners = partners.filter(kind=filters.kind)
    return partners.order_by("name", "pk")


def _partner_row(partner: Partner) -> list:
    return [
        partner.name,
        partner.get_kind_display(),
        partner.commune.name if partner.commune else "",
        partner.department_id or "",
        partner.region.name if partner.region else "",
        partner.contact_name,
        partner.contact_role,
        _yes_no(partner.is_public),
        partner.joined_at,
        _page_url(partner.get_absolute_url()) if partner.is_public else "",
    ]


PARTNERS = Dataset(
    kind="collectivites",
    title=gettext_lazy("Collectivités partenaires"),
    description=gettext_lazy(
        "Les collectivités du réseau, avec leur territoire et la personne à contacter que "
        "leur page publie (jamais son adresse e-mail)."
    ),
    columns=(
        gettext_lazy("Nom"),
        gettext_lazy("Type de collectivité"),
        gettext_lazy("Commune"),
        gettext_lazy("Département"),
        gettext_lazy("Région"),
        gettext_lazy("Personne à contacter"),
        gettext_lazy("Fonction"),
        gettext_lazy("Dans l'annuaire"),
        gettext_lazy("Partenaire depuis"),
        gettext_lazy("Page publique"),
    ),
    filters=frozenset({"region", "departement", "type"}),
    select=_select_partners,
    row=_partner_row,
    personal=False,
    kinds="partner",
)


# --- initiatives ------------------------------------------------------------------------


def _select_initiatives(filters: DataFilters) -> QuerySet:
    initiatives = Initiative.objects.select_related(
        "commune", "commune__department", "commune__department__region"
    ).prefetch_related("themes", "editions")
    if filters.region:
        initiatives = initiatives.filter(commune__department__region=filters.region)
    if filters.department:
        initiatives = initiatives.filter(commune__department=filters.department)
    if filters.status:
        initiatives = initiatives.filter(status=filters.status)
    return initiatives.order_by("title", "pk")


def _initiative_row(initiative: Initiative) -> list:
    department = initiative.commune.department
    return [
        initiative.title,
        initiative.get_status_display(),
        _names(initiative.themes.all()),
        ", ".join(str(level) for level in initiative.get_levels_display()),
        initiative.commune.name,
        department.code,
        department.region.name,
        initiative.organisation,
        ", ".join(str(edition.year) for edition in initiative.editions.all()),
        _yes_no(initiative.featured),
        initiative.published_at,
        _page_url(initiative.get_absolute_url()) if initiative.is_published else "",
    ]


INITIATIVES = Dataset(
    kind="initiatives",
    title=gettext_lazy("Initiatives"),
    description=gettext_lazy(
        "Les initiatives proposées, quel que soit leur statut, avec leurs thèmes, leur "
        "territoire et leur structure porteuse (jamais l'adresse de contact)."
    ),
    columns=(
        gettext_lazy("Titre"),
        gettext_lazy("Statut"),
        gettext_lazy("Thèmes"),
        gettext_lazy("Niveaux"),
        gettext_lazy("Commune"),
        gettext_lazy("Département"),
        gettext_lazy("Région"),
        gettext_lazy("Structure porteuse"),
        gettext_lazy("Éditions"),
        gettext_lazy("À la une"),
        gettext_lazy("Publiée le"),
        gettext_lazy("Page publique"),
    ),
    # Not by edition: naming the editions an initiative took part in is optional, and most
    # name none; the dashboard counts initiatives across editions too.
    filters=frozenset({"region", "departement", "statut"}),
    select=_select_initiatives,
    row=_initiative_row,
    personal=False,
    statuses=InitiativeStatus,
)


# --- volunteers -------------------------------------------------------------------------


def _select_volunteers(filters: DataFilters) -> QuerySet:
    volunteers = Volunteer.objects.select_related("commune", "commune__department")
    if filters.region:
        volunteers = volunteers.filter(commune__department__region=filters.region)
    if filters.department:
        volunteers = volunteers.filter(commune__department=filters.department)
    return volunteers.order_by("-created_at", "-pk")


def _volunteer_row(volunteer: Volunteer) -> list:
    return [
        volunteer.name,
        volunteer.email,
        volunteer.commune.name,
        volunteer.commune.department_id,
        _yes_no(volunteer.is_student),
        volunteer.get_availability_display(),
        volunteer.get_heard_from_display(),
        volunteer.created_at,
    ]


VOLUNTEERS = Dataset(
    kind="benevoles",
    title=gettext_lazy("Bénévoles"),
    description=gettext_lazy(
        "Les bénévoles qui proposent du tutorat, avec leurs coordonnées. Données "
        "personnelles : chaque export est consigné dans le journal."
    ),
    columns=(
        gettext_lazy("Nom"),
        gettext_lazy("E-mail"),
        gettext_lazy("Commune"),
        gettext_lazy("Département"),
        gettext_lazy("Étudiant"),
        gettext_lazy("Disponibilité"),
        gettext_lazy("Nous a connus"),
        gettext_lazy("Inscrit le"),
    ),
    filters=frozenset({"region", "departement"}),
    select=_select_volunteers,
    row=_volunteer_row,
    personal=True,
)


# --- reports ----------------------------------------------------------------------------


def _select_reports(filters: DataFilters) -> QuerySet:
    reports = EventReport.objects.select_related(
        "event", "event__edition", "event__kind", "event__commune"
    ).prefetch_related("audiences")
    reports = _territory(_edition(reports, filters, "event__edition"), filters, "event__")
    if filters.status:
        reports = reports.filter(event__status=filters.status)
    if filters.kind:
        reports = reports.filter(event__kind=filters.kind)
    reports = _with_audiences(reports, filters, EventReport.audiences.through, "eventreport_id")
    return reports.order_by("event__starts_at", "pk")


def _report_row(report: EventReport) -> list:
    event = report.event
    return [
        event.title,
        event.edition.year,
        event.starts_at,
        event.commune.name if event.commune else event.city,
        event.department_id or "",
        event.kind.localized("name"),
        event.get_status_display(),
        report.participants,
        _names(report.audiences.all()),
        report.what_worked,
        report.submitted_at,
    ]


REPORTS = Dataset(
    kind="bilans",
    title=gettext_lazy("Bilans des événements"),
    description=gettext_lazy(
        "Ce que les organisateurs racontent après leur événement : participants, publics "
        "touchés, ce qui a marché (sans les photos)."
    ),
    columns=(
        gettext_lazy("Événement"),
        gettext_lazy("Édition"),
        gettext_lazy("Date"),
        gettext_lazy("Commune"),
        gettext_lazy("Département"),
        gettext_lazy("Type"),
        gettext_lazy("Statut de l'événement"),
        gettext_lazy("Participants"),
        gettext_lazy("Publics touchés"),
        gettext_lazy("Ce qui a marché"),
        gettext_lazy("Envoyé le"),
    ),
    # `statut` is the event's: the dashboard counts the reports of labelled events.
    filters=frozenset({"edition", "region", "departement", "statut", "type", "public"}),
    select=_select_reports,
    row=_report_row,
    personal=False,
    statuses=EventStatus,
)


DATASETS: dict[str, Dataset] = {
    dataset.kind: dataset
    for dataset in (EVENTS, REGISTRATIONS, PARTNERS, INITIATIVES, VOLUNTEERS, REPORTS)
}


def visible_to(user) -> list[Dataset]:
    """The datasets `user` may list and export, in the index's order."""
    return [dataset for dataset in DATASETS.values() if dataset.may_see(user)]
