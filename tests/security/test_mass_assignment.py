"""Mass assignment: every writing form an ordinary person reaches, sent with valid values
plus the fields it must never take (a status, an owner, a flag, a token, a role).

Each attempt posts through the form's real page (as `_forms_cases` sends it) and then
reads the row back: a forged field "got through" when the database holds the forged value.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group

from jres.accounts.forms import ProfileForm, SignupForm
from jres.events.forms import EventForm
from jres.events.models import Event
from jres.initiatives.forms import InitiativeForm
from jres.initiatives.models import Initiative
from jres.newsletter.forms import SubscribeForm
from jres.newsletter.models import Subscriber
from jres.partners.forms import JoinRequestForm, PartnerPageForm
from jres.partners.models import JoinRequest
from jres.registrations.forms import RegistrationForm, SettingsForm
from jres.registrations.models import Registration, RegistrationSettings
from jres.reports.forms import PhotoForm, ReportForm
from jres.reports.models import EventReport, ReportPhoto
from jres.testimonies import forms as testimonies_forms
from jres.testimonies import models as testimonies_models
from jres.volunteers.forms import VolunteerForm
from jres.volunteers.models import Volunteer
from tests.events.factories import EventFactory
from tests.factories import EditionFactory

from . import tally
from ._forms_cases import CASES, Case, base_values, build_world, client_of

pytestmark = pytest.mark.django_db

FORGED_TOKEN = "f" * 64


@dataclass
class Attempt:
    """`forged(world)`: the extra fields and their values; `stored(world)`: the same
    names read back from the database (foreign keys as primary keys)."""

    form: type
    forged: Callable
    stored: Callable
    url: Callable | None = None  # another page of the same form (an edit)
    case: Case | None = None  # for a form without text fields, absent from CASES


def _latest(model):
    return model.objects.order_by("-pk").first()


def _other_event(world):
    if not hasattr(world, "other_event"):
        world.other_event = EventFactory(
            edition=world.edition, organiser=world.other_organiser, commune=world.france.bordeaux
        )
    return world.other_event


def _other_edition(world):
    if not hasattr(world, "other_edition"):
        world.other_edition = EditionFactory(year=2031)
    return world.other_edition


def _event_forged(world):
    return {"status": "labelled", "organiser": world.other_organiser.pk,
            "edition": _other_edition(world).pk, "slug": "adresse-choisie",
            "published": "on", "labelled_at": "2026-01-01T00:00", "initiative": "1"}  # fmt: skip


def _event_stored(event):
    return {"status": event.status, "organiser": event.organiser_id,
            "edition": event.edition_id, "slug": event.slug, "published": event.published,
            "labelled_at": event.labelled_at, "initiative": event.initiative_id}  # fmt: skip


def _user_forged(world):
    coordinators = Group.objects.get(name="coordinators")
    return {"is_staff": "on", "is_superuser": "on", "groups": [coordinators.pk],
            "email": "pris@example.org", "is_active": "", "deleted_at": "2026-01-01"}  # fmt: skip


def _user_stored(user):
    user.refresh_from_db()
    return {"is_staff": user.is_staff, "is_superuser": user.is_superuser,
            "groups": list(user.groups.values_list("pk", flat=True)) or None,
            "email": user.email, "is_active": user.is_active,
            "deleted_at": getattr(user, "deleted_at", None)}  # fmt: skip


ATTEMPTS = [
    Attempt(EventForm, _event_forged, lambda world: _event_stored(_latest(Event))),
    Attempt(
        EventForm,
        _event_forged,
        lambda world: _event_stored(Event.objects.get(pk=world.draft.pk)),
        url=lambda world: f"/mes-evenements/{world.draft.pk}/modifier/",
    ),  # fmt: skip
    Attempt(
        SignupForm,
        # The address is the sign-up's own field; the rest is the account's standing.
        lambda world: {k: v for k, v in _user_forged(world).items() if k != "email"},
        lambda world: _user_stored(_latest(type(world.organiser))),
    ),
    Attempt(ProfileForm, _user_forged, lambda world: _user_stored(world.organiser)),
    Attempt(
        RegistrationForm,
        lambda world: {
            "status": "cancelled",
            "event": _other_event(world).pk,
            "attended": "on",
            "token": FORGED_TOKEN,
            "parent_token": FORGED_TOKEN,
            "confirmed_at": "2020-01-01T00:00",
            "erased_at": "2020-01-01T00:00",
        },
        lambda world: (
            lambda r: {
                "status": r.status,
                "event": r.event_id,
                "attended": r.attended,
                "token": r.token,
                "parent_token": r.parent_token,
                "confirmed_at": r.confirmed_at,
                "erased_at": r.erased_at,
            }
        )(_latest(Registration)),
    ),  # fmt: skip
    Attempt(
        SettingsForm,
        lambda world: {"event": _other_event(world).pk},
        lambda world: {
            "event": RegistrationSettings.objects.filter(event=_other_event(world))
            .values_list("event", flat=True)
            .first()
        },
        case=Case(
            SettingsForm,
            who="organiser",
            url=lambda world: f"/mes-evenements/{world.event.pk}/inscriptions/reglages/",
            data=lambda world: {"is_open": "on", "max_places": "2"},
        ),
    ),  # fmt: skip
    Attempt(
        testimonies_forms.TestimonyForm,
        lambda world: {
            "status": "published",
            "token": FORGED_TOKEN,
            "parent_token": FORGED_TOKEN,
            "published_at": "2020-01-01T00:00",
            "moderated_by": world.moderator.pk,
        },
        lambda world: (
            lambda t: {
                "status": t.status,
                "token": t.token,
                "parent_token": t.parent_token,
                "published_at": t.published_at,
                "moderated_by": t.moderated_by_id,
            }
        )(_latest(testimonies_models.Testimony)),
    ),  # fmt: skip
    Attempt(
        InitiativeForm,
        lambda world: {
            "status": "published",
            "proposer": world.other_organiser.pk,
            "featured": "on",
            "slug": "adresse-choisie",
            "moderation_message": "ok",
            "published_at": "2020-01-01T00:00",
        },
        lambda world: (
            lambda i: {
                "status": i.status,
                "proposer": i.proposer_id,
                "featured": i.featured,
                "slug": i.slug,
                "moderation_message": i.moderation_message,
                "published_at": i.published_at,
            }
        )(_latest(Initiative)),
    ),  # fmt: skip
    Attempt(
        PartnerPageForm,
        lambda world: {
            "name": "Autre nom",
            "slug": "autre-adresse",
            "kind": "region",
            "accounts": [world.other_organiser.pk],
            "is_public": "",
            "commune": world.france.paris.pk,
        },
        lambda world: (
            lambda p: {
                "name": p.name,
                "slug": p.slug,
                "kind": p.kind,
                "accounts": list(p.accounts.values_list("pk", flat=True)),
                "is_public": p.is_public,
                "commune": p.commune_id,
            }
        )(type(world.partner).objects.get(pk=world.partner.pk)),
    ),  # fmt: skip
    Attempt(
        JoinRequestForm,
        lambda world: {
            "status": "accepted",
            "decided_by": world.coordinator.pk,
            "partner": world.partner.pk,
            "decline_reason": "non",
        },
        lambda world: (
            lambda j: {
                "status": j.status,
                "decided_by": j.decided_by_id,
                "partner": j.partner_id,
                "decline_reason": j.decline_reason,
            }
        )(_latest(JoinRequest)),
    ),  # fmt: skip
    Attempt(
        SubscribeForm,
        lambda world: {
            "status": "confirmed",
            "confirmation_token": FORGED_TOKEN,
            "unsubscribe_token": FORGED_TOKEN,
            "confirmed_at": "2020-01-01T00:00",
        },
        lambda world: (
            lambda s: {
                "status": s.status,
                "confirmation_token": s.confirmation_token,
                "unsubscribe_token": s.unsubscribe_token,
                "confirmed_at": s.confirmed_at,
            }
        )(_latest(Subscriber)),
    ),  # fmt: skip
    Attempt(
        VolunteerForm,
        lambda world: {"created_at": "2000-01-01T00:00", "language": "de"},
        lambda world: (lambda v: {"created_at": v.created_at, "language": v.language})(
            _latest(Volunteer)
        ),
    ),  # fmt: skip
    Attempt(
        ReportForm,
        lambda world: {"event": _other_event(world).pk, "submitted_at": "2020-01-01T00:00"},
        lambda world: {
            "event": EventReport.objects.filter(event=_other_event(world))
            .values_list("event", flat=True)
            .first(),
            "submitted_at": world.report.__class__.objects.get(pk=world.report.pk).submitted_at,
        },
    ),  # fmt: skip
    Attempt(
        PhotoForm,
        lambda world: {
            "report": EventReport.objects.create(event=_other_event(world), participants=1).pk,
            "position": "99",
        },
        lambda world: (lambda p: {"report": p.report_id, "position": p.position})(
            _latest(ReportPhoto)
        ),
    ),  # fmt: skip
]


def _same(stored, forged) -> bool:
    """Whether the database holds the forged form value ("on" for True, pks, texts)."""
    if isinstance(stored, bool):
        return stored == (forged == "on")
    if isinstance(stored, list):
        return sorted(stored) == sorted(forged)
    if stored is None:
        return False
    if hasattr(stored, "isoformat"):
        return str(stored).startswith(str(forged)[:10])
    return str(stored) == str(forged)


@pytest.mark.parametrize(
    "attempt",
    ATTEMPTS,
    ids=lambda attempt: attempt.form.__qualname__ + ("-edit" * bool(attempt.url)),
)
def test_forged_fields_are_not_saved(attempt, current_edition):
    world = build_world(current_edition)
    world.draft = EventFactory(
        edition=world.edition, organiser=world.organiser, commune=world.france.bordeaux,
        status="draft", labelled_at=None,
    )  # fmt: skip
    case = attempt.case or next(case for case in CASES if case.form is attempt.form)
    if case.prepare:
        case.prepare(world)
    url = attempt.url(world) if attempt.url else case.url(world)
    forged = attempt.forged(world)
    values = base_values(world, case, url=url)
    response = client_of(world, case.who).post(url, {**values, **forged})

    assert response.status_code == 302, response  # the form was valid and saved
    stored = attempt.stored(world)
    taken = {name: stored[name] for name in forged if _same(stored[name], forged[name])}
    tally.record("mass assignment", tried=len(forged), through=len(taken))
    assert taken == {}, f"forged fields the database took: {taken}"
