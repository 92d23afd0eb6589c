"""Demo initiatives: the ones the association's guide tells of, in our own words, published;
two of them featured on the home page, one followed by an event of the current edition."""

from django.utils import timezone

from jres.accounts.models import User
from jres.editions.models import Edition
from jres.events.models import Event, EventStatus
from jres.geo.models import Commune

from .models import Initiative, InitiativeLog, InitiativeLogAction, InitiativeStatus, Theme

INITIATIVES = [
    {
        "title": "Des débats entre collégiens pendant les temps de vie scolaire",
        "commune": "86194",
        "organisation": "Collèges du réseau de la journée",
        "themes": ["debats-parole-eleves", "decrochage"],
        "levels": ["lower_secondary"],
        "featured": True,
        "summary": "Dans des dizaines de collèges, les élèves prennent la parole sur l'école "
        "qu'ils vivent, pendant un temps prévu à l'emploi du temps.",
        "description": """\
L'idée est simple : réserver, le jour de la journée ou autour, un **temps de vie scolaire**
à un débat entre élèves sur leur rapport à l'école.

- les élèves choisissent les questions (le travail à la maison, l'orientation, la peur
  de se tromper) ;
- un ou deux élèves animent, un adulte de l'équipe éducative veille au temps ;
- la classe garde une trace des propositions et les transmet à la direction.

Des établissements de Poitiers, Perpignan, Toulouse et Marseille l'ont fait lors des
précédentes éditions, parfois en invitant les équipes éducatives à débattre avec eux.
""",
        "results": "Des dizaines d'établissements l'ont organisé dans quatre villes ; "
        "plusieurs l'ont reconduit l'année suivante avec les outils de la journée.",
    },
    {
        "title": "Ateliers et conférences sur le décrochage scolaire dans le Val-d'Oise",
        "commune": "95127",
        "organisation": "Aide et Action France, Maison départementale de l'éducation du "
        "Val-d'Oise, Ville-École-Intégration et l'Afev du Val-d'Oise",
        "themes": ["decrochage", "raccrochage", "orientation"],
        "levels": ["lower_secondary", "upper_secondary", "outside_school"],
        "featured": False,
        "summary": "Quatre structures du département ont uni leurs forces pour une journée "
        "d'ateliers et de conférences sur le décrochage.",
        "description": """\
Plutôt qu'un événement chacun, quatre acteurs du Val-d'Oise ont préparé ensemble une
journée sur le **décrochage scolaire** : des ateliers le matin pour les professionnels et
les familles, des conférences l'après-midi.

Ce qui a fait la différence : un programme commun, un seul lieu, et des intervenants qui
travaillent au quotidien avec des jeunes sortis du système scolaire.
""",
        "results": "Le 19 septembre 2012, une journée complète ; un partenariat qui a "
        "continué au-delà de la journée.",
    },
    {
        "title": "Une conférence départementale avec le Conseil général de la Gironde",
        "commune": "33063",
        "organisation": "Afev Gironde, avec la Direction jeunesse, éducation et citoyenneté "
        "du Conseil général",
        "themes": ["decrochage", "parents"],
        "levels": ["primary", "lower_secondary"],
        "featured": False,
        "summary": "Une après-midi de conférence conçue avec le département, qui a réuni "
        "85 participants aux Archives départementales.",
        "description": """\
Pour la 5ᵉ édition, la conférence bordelaise a été **conçue avec le Conseil général**,
et plus précisément son service jeunesse, éducation et citoyenneté : le département a
ouvert ses réseaux et prêté la salle des Archives départementales.

À reproduire : associer dès le départ le service de la collectivité qui connaît les
acteurs locaux, et choisir un lieu public que chacun identifie.
""",
        "results": "85 participants le 19 septembre 2012, élus, professionnels et parents.",
    },
    {
        "title": "Accompagner la réussite éducative avec le numérique, à Fontenay-sous-Bois",
        "commune": "94033",
        "organisation": "Ville de Fontenay-sous-Bois et Conseil général du Val-de-Marne",
        "themes": ["numerique", "parents"],
        "levels": ["lower_secondary"],
        "featured": True,
        "summary": "Une journée à l'Espace parents d'un collège, le jour où le département "
        "remettait un ordinateur à chaque élève entrant en 6ᵉ.",
        "description": """\
Le samedi 29 septembre 2012, l'Espace parents du collège Jean Macé a accueilli la journée,
choisie **le même jour** qu'une distribution d'ordinateurs aux nouveaux collégiens par le
Conseil général.

Les familles venues chercher l'ordinateur ont trouvé sur place des ateliers : comment
suivre les devoirs en ligne, quels usages pour apprendre, comment en parler avec son
enfant.
""",
        "results": "Des familles que les réunions habituelles touchent peu sont venues, "
        "parce que la date coïncidait avec un moment qui les concernait.",
    },
]


def load() -> int:
    """Create the demo initiatives; return how many."""
    proposers = list(
        User.objects.filter(
            email__in=["organisatrice@jres.localhost", "organisateur@jres.localhost"]
        ).order_by("email")
    )
    moderator = User.objects.filter(email="moderation@jres.localhost").first()
    communes = Commune.objects.in_bulk([row["commune"] for row in INITIATIVES])
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    edition_2012 = Edition.objects.filter(year=2012).first()
    now = timezone.now()
    created = []
    for index, row in enumerate(INITIATIVES):
        proposer = proposers[index % len(proposers)]
        initiative = Initiative(
            proposer=proposer,
            title=row["title"],
            summary=row["summary"],
            description=row["description"],
            results=row["results"],
            commune=communes[row["commune"]],
            organisation=row["organisation"],
            contact_email=proposer.email,
            featured=row["featured"],
            status=InitiativeStatus.PUBLISHED,
            submitted_at=now,
            published_at=now,
        )
        initiative.level_list = row["levels"]
        initiative.full_clean()
        initiative.save()
        initiative.themes.set([themes[slug] for slug in row["themes"]])
        if edition_2012:
            initiative.editions.add(edition_2012)
        InitiativeLog.objects.bulk_create(
            [
                InitiativeLog(
                    initiative=initiative, actor=proposer, action=action, status=status
                )  # fmt: skip
                for action, status in (
                    (InitiativeLogAction.CREATED, InitiativeStatus.DRAFT),
                    (InitiativeLogAction.SUBMITTED, InitiativeStatus.SUBMITTED),
                )
            ]
            + [
                InitiativeLog(
                    initiative=initiative,
                    actor=moderator,
                    action=InitiativeLogAction.PUBLISHED,
                    status=InitiativeStatus.PUBLISHED,
                )
            ]
        )
        created.append(initiative)
    # An in-school debate of the current edition, held on the model of the first one.
    inspired = (
        Event.objects.filter(
            edition__is_current=True,
            status=EventStatus.LABELLED,
            kind__slug="temps-echange-scolaire",
        )  # fmt: skip
        .order_by("pk")
        .first()
    )
    if inspired:
        inspired.initiative = created[0]
        inspired.save(update_fields=["initiative"])
    return len(created)
