"""A few demo mentoring volunteers for the coordinator's list."""

from jres.geo.models import Commune

from .models import Volunteer

# (name, e-mail, INSEE code, student, availability, heard from)
VOLUNTEERS = [
    ("Camille Martin", "camille.martin@example.org", "33063", True, "weekly", "school"),
    ("Yanis Benali", "yanis.benali@example.org", "69123", True, "monthly", "social"),
    ("Hélène Roux", "helene.roux@example.org", "75056", False, "event_day", "event"),
    ("Julien Petit", "julien.petit@example.org", "13055", False, "weekly", "friend"),
]


def load() -> int:
    """Create the demo volunteers; return how many."""
    communes = Commune.objects.in_bulk([row[2] for row in VOLUNTEERS])
    volunteers = [
        Volunteer(name=name, email=email, commune=communes[insee], is_student=student,
                  availability=availability, heard_from=heard_from)
        for name, email, insee, student, availability, heard_from in VOLUNTEERS
        if insee in communes
    ]  # fmt: skip
    Volunteer.objects.bulk_create(volunteers)
    return len(volunteers)
