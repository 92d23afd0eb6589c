"""Demo testimonies: published ones (one about the Paris afternoon event) and one from a
pupil under 15 still waiting for a parent's consent."""

from django.utils import timezone

from jres.events.models import Event
from jres.geo.models import Commune

from .models import Testimony, TestimonyStatus, new_token

PARIS_EVENT = "Après-midi national : refuser l'échec scolaire, ensemble"

# (first name, role, age bracket, INSEE code, text)
PUBLISHED = [
    (
        "Inès",
        "pupil",
        "15_17",
        "33063",
        "En troisième, je n'arrivais plus à suivre en maths et je n'osais pas le dire. Une "
        "étudiante est venue chaque mercredi pendant un an : j'ai repris confiance, et je "
        "prépare aujourd'hui un bac pro.",
    ),
    (
        "M. D.",
        "parent",
        "26_plus",
        "69123",
        "Mon fils décrochait sans bruit. Le débat organisé dans notre centre social nous a fait "
        "rencontrer d'autres parents et le collège : nous avons trouvé ensemble un tutorat.",
    ),
    (
        "Karim",
        "teacher",
        "26_plus",
        "13055",
        "Dans ma classe, le temps d'échange de la journée a permis à des élèves de dire pour la "
        "première fois ce qui les bloquait. Nous l'avons refait chaque trimestre.",
    ),
    (
        "Lou",
        "professional",
        "18_25",
        "75056",
        "Mentore depuis deux ans, j'ai appris qu'une heure par semaine peut suffire à changer un "
        "regard sur l'école. L'après-midi national m'a donné envie de continuer.",
    ),
]


def load() -> int:
    """Create the demo testimonies; return how many."""
    communes = Commune.objects.in_bulk([row[3] for row in PUBLISHED])
    if len(communes) < len(PUBLISHED):
        return 0
    paris_event = Event.objects.filter(title=PARIS_EVENT).first()
    now = timezone.now()
    testimonies = [
        Testimony(
            first_name=first_name, role=role, age_bracket=age, commune=communes[insee],
            text=text, email=f"temoin{index}@example.org", consent=True,
            status=TestimonyStatus.PUBLISHED, published_at=now,
            event=paris_event if insee == "75056" else None,
        )
        for index, (first_name, role, age, insee, text) in enumerate(PUBLISHED)
    ]  # fmt: skip
    testimonies.append(
        Testimony(
            first_name="Tom",
            role="pupil",
            age_bracket="under_15",
            commune=communes["33063"],
            text="Au collège, le club de devoirs m'a aidé à ne plus avoir peur des contrôles.",
            email="tom@example.org",
            parent_email="parent.tom@example.org",
            consent=True,
            status=TestimonyStatus.PENDING_PARENT,
            parent_token=new_token(),
        )
    )
    Testimony.objects.bulk_create(testimonies)
    return len(testimonies)
