"""Demo events: about sixty labelled events across France for the current edition, a few in
every other status, and past editions' events drawn from the association's guide."""

import datetime
import random
import zoneinfo

from django.utils import timezone

from jres.accounts.models import OrganiserKind, User
from jres.editions.models import CharterItem, Edition
from jres.geo.models import Commune

from .models import AttendanceMode, Audience, Event, EventKind, EventStatus, RegistrationMode

PARIS_TZ = zoneinfo.ZoneInfo("Europe/Paris")

CHARTER = [
    ("Entrée libre et gratuite", "Free entry"),
    ("Ouvert aux familles", "Open to families"),
    ("Un temps réservé à la parole des jeunes", "Time set aside for young people to speak"),
]

# (INSEE code, postal code, venue, address)
CITIES = [
    ("13055", "13001", "Cité des associations", "93 La Canebière"),
    ("69123", "69007", "Maison des familles", "14 rue de Marseille"),
    ("31555", "31000", "Centre social des Minimes", "5 place du Marché aux Cochons"),
    ("06088", "06000", "Maison de quartier", "18 avenue Malausséna"),
    ("44109", "44000", "Médiathèque", "24 quai de la Fosse"),
    ("67482", "67000", "Centre socioculturel", "2 rue d'Ingwiller"),
    ("34172", "34000", "Maison pour tous", "36 rue de la Cavalerie"),
    ("33063", "33000", "Athénée municipal", "place Saint-Christoly"),
    ("59350", "59000", "Maison de l'éducation", "50 rue Gambetta"),
    ("35238", "35000", "Maison de quartier", "3 rue de la Marbaudais"),
    ("38185", "38000", "Maison des habitants", "12 rue Saint-Laurent"),
    ("54395", "54000", "Salle des fêtes", "8 rue de la Ravinelle"),
    ("57463", "57000", "Espace jeunesse", "22 rue du Pont-des-Morts"),
    ("62193", "62100", "Centre social", "6 rue Auber"),
    ("93006", "93170", "Salle polyvalente", "1 place Salvador-Allende"),
    ("93072", "93240", "Espace Paul-Éluard", "avenue George-Sand"),
    ("92040", "92130", "Auditorium", "11 rue du Général-Leclerc"),
    ("94033", "94120", "Espace parents", "4 rue Roublot"),
    ("86194", "86000", "Maison des étudiants", "1 rue Neuma"),
    ("66136", "66000", "Centre culturel", "9 rue Grande-la-Réal"),
    ("97411", "97400", "Maison de la famille", "27 rue Jean-Chatel"),
    ("63113", "63000", "Maison de la culture", "71 boulevard François-Mitterrand"),
    ("76540", "76000", "Centre social du Château blanc", "2 rue Louis-Poterat"),
    ("87085", "87000", "Bibliothèque francophone", "2 place Aimé-Césaire"),
    ("25056", "25000", "Maison de quartier", "10 rue Champrond"),
    ("45234", "45000", "Salle de l'Institut", "4 place Sainte-Croix"),
    ("80021", "80000", "Maison du théâtre", "8 rue des Majots"),
    ("29019", "29200", "Patronage laïque", "3 rue Jules-Ferry"),
    ("14118", "14000", "Centre d'animation", "9 rue du Marais"),
    ("95127", "95000", "Maison de l'éducation", "2 rue de la Préfecture"),
]

TITLES = [
    ("debat", "Débat : comment accompagner les devoirs sans s'épuiser ?"),
    ("debat", "Parents, enseignants : parlons de l'orientation"),
    ("conference", "Conférence : ce que le mentorat étudiant change pour les collégiens"),
    ("conference", "Décrochage scolaire : repérer les signaux faibles"),
    ("atelier", "Atelier parents-enfants : apprendre à apprendre"),
    ("atelier", "Atelier : le numérique au service des devoirs"),
    ("projection-debat", "Projection-débat : « Rester dans la course »"),
    ("portes-ouvertes", "Portes ouvertes du dispositif de raccrochage scolaire"),
    ("debat", "Jeunes et élus face à face : l'école de demain"),
    ("atelier", "Atelier théâtre-forum : la confiance en soi à l'école"),
]

DESCRIPTION = """\
Une rencontre ouverte à toutes et à tous pour parler de la réussite des élèves du quartier.

- des **témoignages** de parents, de jeunes et d'enseignants ;
- la présentation d'initiatives locales qui fonctionnent ;
- un temps d'échange avec la salle.

Goûter offert à la fin de la rencontre.
"""

SCHOOLS = [
    ("86194", "86000", "Collège Henri-IV"),
    ("66136", "66000", "Collège Jean-Moulin"),
    ("31555", "31000", "Collège Berthelot"),
    ("13055", "13001", "Collège du Vieux-Port"),
    ("94033", "94120", "Collège Jean Macé"),
    ("59350", "59000", "Collège Carnot"),
]

ORGANISERS = [
    ("Association des parents du quartier", OrganiserKind.ASSOCIATION),
    ("Centre social municipal", OrganiserKind.LOCAL_AUTHORITY),
    ("Collectif d'enseignants", OrganiserKind.TEACHER),
    ("Antenne locale d'étudiants bénévoles", OrganiserKind.ASSOCIATION),
    ("Service jeunesse et éducation", OrganiserKind.LOCAL_AUTHORITY),
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS_TZ)


def _jitter(rng: random.Random, commune: Commune) -> tuple[float, float]:
    """Spread events of one commune around its centre, as real addresses would be."""
    return (
        round(commune.latitude + rng.uniform(-0.012, 0.012), 6),
        round(commune.longitude + rng.uniform(-0.018, 0.018), 6),
    )


def _organisers() -> list[User]:
    users = list(User.objects.filter(email__in=[
        "organisatrice@jres.localhost", "organisateur@jres.localhost"]))  # fmt: skip
    for index, (organisation, kind) in enumerate(ORGANISERS):
        user, _created = User.objects.get_or_create(
            email=f"organisation{index + 1}@jres.localhost",
            defaults={
                "display_name": organisation,
                "organiser_kind": kind,
                "organisation": organisation,
            },  # fmt: skip
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        users.append(user)
    return users


def _event(*, edition, organiser, commune, postal_code, kind, title, starts_at, hours=3,
           status=EventStatus.LABELLED, rng, **fields) -> Event:  # fmt: skip
    latitude, longitude = _jitter(rng, commune)
    now = timezone.now()
    event = Event.objects.create(
        edition=edition,
        organiser=organiser,
        organisation=organiser.organisation,
        kind=kind,
        title=title,
        description=fields.pop("description", DESCRIPTION),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        postal_code=postal_code,
        city=commune.name,
        commune=commune,
        department_id=commune.department_id,
        region_id=commune.department.region_id,
        latitude=latitude,
        longitude=longitude,
        status=status,
        submitted_at=None if status == EventStatus.DRAFT else now,
        labelled_at=now if status in {EventStatus.LABELLED, EventStatus.CANCELLED} else None,
        **fields,
    )
    return event


def load() -> int:
    """Create the demo events; return how many."""
    rng = random.Random(2026)  # the same demo every time
    kinds = {kind.slug: kind for kind in EventKind.objects.all()}
    audiences = {audience.slug: audience for audience in Audience.objects.all()}
    communes = Commune.objects.select_related("department").in_bulk(
        [code for code, *_rest in CITIES + SCHOOLS] + ["75056", "92040", "33063", "94033"]
    )
    organisers = _organisers()
    current = Edition.objects.get(is_current=True)
    CharterItem.objects.bulk_create(
        CharterItem(edition=current, text_fr=fr, text_en=en, order=order)
        for order, (fr, en) in enumerate(CHARTER)
    )
    day = current.day
    events = []

    # The Paris afternoon event that opens the day.
    events.append(_event(
        edition=current, organiser=organisers[0], commune=communes["75056"], postal_code="75011",
        kind=kinds["conference"], rng=rng, starts_at=_at(day, 14), hours=4,
        title="Après-midi national : refuser l'échec scolaire, ensemble",
        venue_name="Maison des métallos", address="94 rue Jean-Pierre-Timbaud",
        capacity=300, registration_mode=RegistrationMode.PLATFORM,
        step_free_access=True, sign_language=True,
    ))  # fmt: skip

    # Events in about thirty cities, around the day.
    for index, (insee, postal_code, venue, address) in enumerate(CITIES):
        for repeat in range(2 if index < 19 else 1):
            kind_slug, title = TITLES[(index + repeat * 3) % len(TITLES)]
            when = day + datetime.timedelta(days=rng.choice([-3, -2, -1, 0, 0, 0, 1, 2]))
            events.append(_event(
                edition=current, organiser=organisers[(index + repeat) % len(organisers)],
                commune=communes[insee], postal_code=postal_code, kind=kinds[kind_slug],
                title=title, starts_at=_at(when, rng.choice([10, 14, 18])), rng=rng,
                venue_name=venue, address=address,
                capacity=rng.choice([None, 40, 60, 120]),
                registration_mode=rng.choice([RegistrationMode.NONE, RegistrationMode.PLATFORM]),
                step_free_access=rng.random() < 0.7, hearing_loop=rng.random() < 0.2,
            ))  # fmt: skip

    # In-school exchange times: counted, never with the school's address.
    for insee, postal_code, school in SCHOOLS:
        events.append(_event(
            edition=current, organiser=organisers[1], commune=communes[insee],
            postal_code=postal_code, kind=kinds["temps-echange-scolaire"], rng=rng,
            title=f"{school} : les élèves prennent la parole", is_public=False,
            starts_at=_at(day + datetime.timedelta(days=-2), 10), hours=2,
            venue_name=school, address="adresse non publiée",
        ))  # fmt: skip

    # Online events.
    for title, when in [
        ("Webinaire : le numérique au service de la réussite éducative", 18),
        ("En ligne : questions-réponses sur le mentorat étudiant", 20),
        ("Table ronde en ligne : raccrocher après le décrochage", 19),
    ]:
        events.append(_event(
            edition=current, organiser=organisers[2], commune=communes["92040"],
            postal_code="92130", kind=kinds["conference"], rng=rng, title=title,
            starts_at=_at(day + datetime.timedelta(days=-1), when), hours=2,
            attendance_mode=AttendanceMode.ONLINE, online_url="https://visio.example.org/jres",
        ))  # fmt: skip

    # A few in every other status, for the organiser's space and the moderators' queue.
    others = [
        (EventStatus.DRAFT, "Brouillon : café des parents", "", ""),
        (EventStatus.SUBMITTED, "Débat au centre social (en attente)", "", ""),
        (EventStatus.SUBMITTED, "Atelier orientation pour les 3e", "", ""),
        (EventStatus.CHANGES_REQUESTED, "Rencontre à préciser",
         "Précisez l'heure de fin et le public visé.", ""),
        (EventStatus.REFUSED, "Vente de soutien scolaire payant",
         "Le label exige une entrée libre et gratuite.", ""),
        (EventStatus.CANCELLED, "Ciné-débat annulé", "", "La salle n'est plus disponible."),
    ]  # fmt: skip
    for offset, (status, title, message, reason) in enumerate(others):
        insee, postal_code, venue, address = CITIES[offset]
        events.append(_event(
            edition=current, organiser=organisers[offset % 2], commune=communes[insee],
            postal_code=postal_code, kind=kinds["debat"], title=title, rng=rng,
            starts_at=_at(day, 18), status=status, moderation_message=message,
            cancellation_reason=reason, venue_name=venue, address=address,
        ))  # fmt: skip

    events += _past_events(rng, kinds, communes, organisers)
    for event in events:
        chosen = rng.sample(list(audiences.values()), k=rng.randint(1, 3))
        if event.kind.slug == "temps-echange-scolaire":
            chosen = [audiences["eleves"], audiences["enseignants"]]
        event.audiences.set(chosen)
    return len(events)


def _past_events(rng, kinds, communes, organisers) -> list[Event]:
    """What the guide tells of the 2012 edition."""
    edition = Edition.objects.filter(year=2012).first()
    if edition is None:
        return []
    gironde = Commune.objects.select_related("department").get(insee_code="33063")
    events = [
        _event(
            edition=edition, organiser=organisers[4], commune=gironde, postal_code="33300",
            kind=kinds["conference"], rng=rng, starts_at=_at(datetime.date(2012, 9, 19), 14),
            hours=4, title="5e journée : conférence aux Archives départementales de la Gironde",
            venue_name="Archives départementales de la Gironde",
            address="72 cours Balguerie-Stuttenberg",
            description="Conçue avec le Département de la Gironde (direction Jeunesse, "
            "Éducation et Citoyenneté). **85 participants** sur l'après-midi.",
        ),
        _event(
            edition=edition, organiser=organisers[1], commune=communes["94033"],
            postal_code="94120", kind=kinds["portes-ouvertes"], rng=rng,
            starts_at=_at(datetime.date(2012, 9, 29), 10), hours=5,
            title="Accompagner la réussite éducative avec le numérique",
            venue_name="Espace Parents du collège Jean Macé", address="4 rue Roublot",
            description="Le même jour que la remise d'un ordinateur à chaque élève entrant "
            "en 6e par le Département du Val-de-Marne.",
        ),
    ]  # fmt: skip
    val_doise = communes.get("95127")
    if val_doise:
        events.append(_event(
            edition=edition, organiser=organisers[3], commune=val_doise, postal_code="95000",
            kind=kinds["atelier"], rng=rng, starts_at=_at(datetime.date(2012, 9, 19), 9),
            hours=7, title="Ateliers et conférences sur le décrochage scolaire",
            venue_name="Maison départementale de l'éducation du Val-d'Oise",
            address="2 rue de la Préfecture",
            description="Avec une association engagée contre l'exclusion éducative, "
            "Ville-École-Intégration et des étudiants bénévoles du Val-d'Oise.",
        ))  # fmt: skip
    for insee, postal_code, school in SCHOOLS[:4]:
        events.append(_event(
            edition=edition, organiser=organisers[2], commune=communes[insee],
            postal_code=postal_code, kind=kinds["temps-echange-scolaire"], rng=rng,
            starts_at=_at(datetime.date(2012, 9, 18), 10), hours=2, is_public=False,
            title=f"{school} : débat entre collégiens sur le temps de vie scolaire",
            venue_name=school, address="adresse non publiée",
        ))  # fmt: skip
    return events
