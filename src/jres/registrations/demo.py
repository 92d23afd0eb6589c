"""Demo events that take registrations, dated from today so a visitor can always register.

The demo edition's day may be past when the demo is loaded; these three events stay a few
weeks ahead of the loading date: one with room, one nearly full, one full with a waiting
list, all organised by the demo organiser account.
"""

import datetime
import random

from django.utils import timezone

from jres.accounts.models import User
from jres.editions.models import Edition
from jres.events.demo import _event
from jres.events.models import Audience, EventKind, RegistrationMode
from jres.geo.models import Commune

from .models import Registration, RegistrationSettings, RegistrationStatus, Role

EVENTS = [
    # commune, postal code, venue, address, kind, title, days ahead, capacity, taken, waiting
    ("33063", "33000", "Médiathèque Mériadeck", "85 cours du Maréchal-Juin", "atelier",
     "Atelier devoirs : parents et élèves ensemble", 10, 30, 6, 0),
    ("69123", "69007", "Maison des associations", "28 rue Denfert-Rochereau", "debat",
     "Débat : l'orientation, parlons-en avant le bac", 17, 12, 10, 0),
    ("94033", "94120", "Espace parents", "4 rue Roublot", "autre",
     "Rencontre avec des mentors étudiants", 24, 4, 4, 2),
]  # fmt: skip

NAMES = ["Amina Benali", "Julien Moreau", "Sophie Martin", "Karim Haddad", "Léa Dubois",
         "Thomas Petit", "Inès Garcia", "Hugo Lefèvre", "Chloé Roux", "Yanis Mercier",
         "Manon Girard", "Noah Fontaine"]  # fmt: skip


def load() -> int:
    """Create the upcoming demo events and their registrations; return how many events."""
    rng = random.Random(5)
    organiser = User.objects.get(email="organisatrice@jres.localhost")
    edition = Edition.objects.get(is_current=True)
    kinds = {kind.slug: kind for kind in EventKind.objects.all()}
    fallback_kind = next(iter(kinds.values()))
    audiences = list(Audience.objects.all())
    today = timezone.localdate()
    count = 0
    for row in EVENTS:
        insee, postal_code, venue, address, kind, title, days, capacity, taken, waiting = row
        commune = Commune.objects.select_related("department").filter(insee_code=insee).first()
        if commune is None:
            continue
        starts_at = datetime.datetime.combine(
            today + datetime.timedelta(days=days),
            datetime.time(18, 0),
            tzinfo=timezone.get_current_timezone(),
        )
        event = _event(
            edition=edition, organiser=organiser, commune=commune, postal_code=postal_code,
            kind=kinds.get(kind, fallback_kind), title=title, starts_at=starts_at, hours=2,
            rng=rng, venue_name=venue, address=address, capacity=capacity,
            registration_mode=RegistrationMode.PLATFORM, step_free_access=True,
        )  # fmt: skip
        event.audiences.set(audiences[:2])
        RegistrationSettings.objects.create(event=event, max_places=4)
        people = iter(NAMES)
        places_left = taken
        while places_left > 0:
            places = min(places_left, rng.choice([1, 1, 2]))
            _register(event, next(people), places, RegistrationStatus.CONFIRMED)
            places_left -= places
        for _number in range(waiting):
            _register(event, next(people), 1, RegistrationStatus.WAITING)
        count += 1
    return count


def _register(event, name: str, places: int, status: str) -> None:
    email = name.lower().replace(" ", ".").replace("é", "e").replace("è", "e").replace("ï", "i")
    Registration.objects.create(
        event=event,
        name=name,
        email=f"{email}@example.org",
        role=Role.PARENT,
        places=places,
        status=status,
        confirmed_at=timezone.now() if status == RegistrationStatus.CONFIRMED else None,
    )
