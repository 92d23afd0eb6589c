"""Everything the platform holds about one account, as a ZIP its holder downloads (the
rights of access and to portability): one JSON file per kind of data, and the files they
uploaded.

What belongs to the account: its own rows (by the account, or by its e-mail address for
what was done without signing in: registrations, testimonies, volunteering, the
newsletter). Not what others wrote to or about them through the platform: the attendees of
an organiser's events are the attendees' data, and their own export (the attendee list)
stays the organiser's tool. Private link tokens are left out: a lost ZIP must not open
anything.
"""

import zipfile

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import serializers
from django.db import models
from django.db.models import QuerySet

from jres.events.models import Event, EventLog
from jres.exports.models import ExportLog
from jres.initiatives.models import Initiative, InitiativeDocument
from jres.newsletter.models import OptOut, Subscriber
from jres.partners.models import Partner
from jres.registrations.models import Registration
from jres.reports.models import EventReport, ReportPhoto
from jres.testimonies.models import Testimony
from jres.volunteers.models import Volunteer

# Never in the ZIP: secrets, and the private links' tokens.
LEFT_OUT = {"password", "token", "parent_token", "confirmation_token", "unsubscribe_token"}
FILES_FOLDER = "fichiers"


def _sections(user) -> list[tuple[str, QuerySet]]:
    email = user.email
    return [
        ("compte", get_user_model().objects.filter(pk=user.pk)),
        ("adresses-email", EmailAddress.objects.filter(user=user)),
        ("evenements", Event.objects.filter(organiser=user)),
        ("historique-des-evenements", EventLog.objects.filter(event__organiser=user)),
        ("bilans", EventReport.objects.filter(event__organiser=user)),
        ("photos-des-bilans", ReportPhoto.objects.filter(report__event__organiser=user)),
        ("inscriptions", Registration.objects.filter(email__iexact=email)),
        ("initiatives", Initiative.objects.filter(proposer=user)),
        ("documents-des-initiatives", InitiativeDocument.objects.filter(initiative__proposer=user)),
        ("collectivites", Partner.objects.filter(accounts=user)),
        ("temoignages", Testimony.objects.filter(email__iexact=email)),
        ("benevolat", Volunteer.objects.filter(email__iexact=email)),
        ("lettre-d-information", Subscriber.objects.filter(email__iexact=email)),
        ("opposition-aux-messages", OptOut.objects.filter(email__iexact=email)),
        ("exports-realises", ExportLog.objects.filter(user=user)),
    ]


def _fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.primary_key and field.name not in LEFT_OUT
    ]


def _file_fields(model) -> list[str]:
    return [field.name for field in model._meta.fields if isinstance(field, models.FileField)]


def write_archive(user, output) -> dict[str, int]:
    """Write the ZIP of `user`'s data into `output` (a binary file); {section: rows}."""
    counts = {}
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, queryset in _sections(user):
            model = queryset.model
            rows = list(queryset.order_by("pk"))
            counts[name] = len(rows)
            archive.writestr(
                f"{name}.json",
                serializers.serialize("json", rows, fields=_fields(model), indent=1),
            )
            for row in rows:
                for field_name in _file_fields(model):
                    stored = getattr(row, field_name)
                    if stored and stored.storage.exists(stored.name):
                        with stored.storage.open(stored.name, "rb") as file:
                            archive.writestr(f"{FILES_FOLDER}/{stored.name}", file.read())
        archive.writestr("LISEZ-MOI.txt", _readme(counts))
    return counts


def _readme(counts: dict[str, int]) -> str:
    lines = [
        "Vos données sur la plateforme de la Journée du Refus de l'Échec Scolaire.",
        "Your data on the platform of the Journée du Refus de l'Échec Scolaire.",
        "",
        "Un fichier JSON par type de données ; les fichiers déposés sont dans fichiers/.",
        "One JSON file per kind of data; the files you uploaded are in fichiers/.",
        "",
    ]
    lines += [f"{name}.json: {count}" for name, count in counts.items()]
    return "\n".join(lines) + "\n"
