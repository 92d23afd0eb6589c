"""The published objects as plain data: what every format of the API is written from.

One function per object, shared by JSON, GeoJSON, CSV and the one-object answers, so that
the rule of what may be published is written once. An in-school event gives its commune
and the commune's centre, never its venue, street or own point; nobody's e-mail address,
account or contact person is published.
"""

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from jres.editions.models import Edition
from jres.events.calendar import event_uid
from jres.events.models import Event, EventStatus, RegistrationMode
from jres.events.structured_data import absolute_url
from jres.initiatives.models import Initiative, InitiativeDocument
from jres.partners.models import Partner
from jres.toolkit.models import Resource

DECIMALS = 6


def iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _named(item) -> dict:
    return {"slug": item.slug, "name_fr": item.name_fr, "name_en": item.name_en or item.name_fr}


def _file_url(field) -> str | None:
    return absolute_url(field.url) if field else None


# --- editions ---------------------------------------------------------------------------


def edition_data(edition: Edition) -> dict:
    return {
        "year": edition.year,
        "number": edition.number,
        "day": edition.day.isoformat(),
        "theme_fr": edition.theme_fr,
        "theme_en": edition.theme_en or edition.theme_fr,
        "status": edition.status,
        "is_current": edition.is_current,
        "window_start": edition.window_start.isoformat() if edition.window_start else None,
        "window_end": edition.window_end.isoformat() if edition.window_end else None,
        "url": absolute_url(reverse("editions:detail", kwargs={"year": edition.year})),
        "api_url": absolute_url(reverse("api-1:edition", kwargs={"year": edition.year})),
        "events_url": absolute_url(reverse("api-1:events") + f"?edition={edition.year}"),
    }


# --- events -----------------------------------------------------------------------------


def events_for_output(queryset: QuerySet) -> QuerySet:
    """What event_data reads, fetched in three queries whatever the number of events."""
    return queryset.select_related("kind", "edition").prefetch_related("audiences")


def event_point(event: Event) -> tuple[float | None, float | None, str | None]:
    """(latitude, longitude, precision) the public may see: see Event.refresh_public_fields."""
    if event.map_latitude is None or event.map_longitude is None:
        return None, None, None
    precision = "address" if event.shows_address else "commune"
    return round(event.map_latitude, DECIMALS), round(event.map_longitude, DECIMALS), precision


def event_data(event: Event) -> dict:
    latitude, longitude, precision = event_point(event)
    shows_address = event.shows_address
    registration_url = None
    if event.registration_mode == RegistrationMode.EXTERNAL:
        registration_url = event.registration_url or None
    elif event.registration_mode == RegistrationMode.PLATFORM:
        registration_url = absolute_url(
            reverse("registrations:register", kwargs={"slug": event.slug})
        )
    return {
        "id": event.pk,
        "slug": event.slug,
        "url": absolute_url(event.get_absolute_url()),
        "api_url": absolute_url(reverse("api-1:event", kwargs={"event_id": event.pk})),
        "ical_uid": event_uid(event),
        "edition": event.edition.year,
        "title": event.title,
        "description": event.description,
        "kind": _named(event.kind),
        "audiences": [_named(audience) for audience in event.audiences.all()],
        "starts_at": iso(event.starts_at),
        "ends_at": iso(event.ends_at),
        "status": "cancelled" if event.status == EventStatus.CANCELLED else "labelled",
        "cancellation_reason": (
            event.cancellation_reason or None if event.status == EventStatus.CANCELLED else None
        ),
        "in_school": not event.is_public,
        "attendance_mode": event.attendance_mode,
        "venue_name": (event.venue_name or None) if shows_address else None,
        "address": (event.address or None) if shows_address else None,
        "postal_code": event.postal_code,
        "city": event.city,
        "commune": event.commune_id,
        "department": event.department_id,
        "region": event.region_id,
        "latitude": latitude,
        "longitude": longitude,
        "location_precision": precision,
        "organisation": event.organisation or None,
        "local_partners": event.local_partners or None,
        "accessibility": {
            "step_free_access": event.step_free_access,
            "sign_language": event.sign_language,
            "hearing_loop": event.hearing_loop,
            "notes": event.accessibility_notes or None,
        },
        "capacity": event.capacity,
        "registration": {"mode": event.registration_mode, "url": registration_url},
        "image": _file_url(event.image),
        "updated_at": iso(event.updated_at),
    }


# --- partners, initiatives, toolkit -----------------------------------------------------


def partners_for_output(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related("member_communes")


def partner_data(partner: Partner) -> dict:
    return {
        "id": partner.pk,
        "slug": partner.slug,
        "name": partner.name,
        "kind": partner.kind,
        "url": absolute_url(partner.get_absolute_url()),
        "api_url": absolute_url(reverse("api-1:partner", kwargs={"partner_id": partner.pk})),
        "logo": _file_url(partner.logo),
        "commitment": partner.commitment,
        "territory": {
            "level": partner.level,
            "commune": partner.commune_id,
            "department": partner.department_id,
            "region": partner.region_id,
            "member_communes": sorted(c.insee_code for c in partner.member_communes.all()),
        },
        "latitude": round(partner.latitude, DECIMALS) if partner.latitude is not None else None,
        "longitude": (
            round(partner.longitude, DECIMALS) if partner.longitude is not None else None
        ),
        "joined_on": partner.joined_at.isoformat(),
        "updated_at": iso(partner.updated_at),
    }


def initiatives_for_output(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("commune").prefetch_related(
        "themes",
        "editions",
        Prefetch("documents", queryset=InitiativeDocument.objects.order_by("created_at", "pk")),
    )


def initiative_data(initiative: Initiative) -> dict:
    commune = initiative.commune
    return {
        "id": initiative.pk,
        "slug": initiative.slug,
        "title": initiative.title,
        "summary": initiative.summary,
        "description": initiative.description,
        "results": initiative.results or None,
        "themes": [_named(theme) for theme in initiative.themes.all()],
        "levels": initiative.level_list,
        "organisation": initiative.organisation,
        "commune": commune.insee_code,
        "city": commune.name,
        "department": commune.department_id,
        "region": commune.department.region_id if commune.department_id else None,
        "links": [str(link) for link in initiative.links or []],
        "editions": sorted(edition.year for edition in initiative.editions.all()),
        "documents": [
            {"title": document.title, "url": _file_url(document.file)}
            for document in initiative.documents.all()
        ],
        "featured": initiative.featured,
        "url": absolute_url(initiative.get_absolute_url()),
        "api_url": absolute_url(
            reverse("api-1:initiative", kwargs={"initiative_id": initiative.pk})
        ),
        "published_at": iso(initiative.published_at),
        "updated_at": iso(initiative.updated_at),
    }


def resources_for_output(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("edition", "category")


def resource_data(resource: Resource) -> dict:
    return {
        "id": resource.pk,
        "edition": resource.edition.year,
        "category": _named(resource.category),
        "title_fr": resource.title_fr,
        "title_en": resource.title_en or resource.title_fr,
        "description_fr": resource.description_fr or None,
        "description_en": resource.description_en or resource.description_fr or None,
        "kind": "video" if resource.is_video else "file",
        "file_kind": resource.file_kind or None,
        "file_size": resource.file_size if not resource.is_video else None,
        "width": resource.width,
        "height": resource.height,
        "url": (
            resource.video_url
            if resource.is_video
            else absolute_url(reverse("toolkit:download", kwargs={"pk": resource.pk}))
        ),
        "api_url": absolute_url(reverse("api-1:resource", kwargs={"resource_id": resource.pk})),
        "published_at": iso(resource.published_at),
        "updated_at": iso(resource.updated_at),
    }
