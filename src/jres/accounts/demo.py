"""One demo account per role. The passwords are public: demo data never goes to production."""

from .models import COORDINATORS, MODERATORS, OrganiserKind
from .services import create_account

ACCOUNTS = [
    # email, password, display name, kind, organisation, groups
    ("coordination@jres.localhost", "coordination-2026", "Camille Coordination",
     OrganiserKind.ASSOCIATION, "Association nationale", (COORDINATORS,)),
    ("moderation@jres.localhost", "moderation-2026", "Malik Modération",
     OrganiserKind.ASSOCIATION, "Association nationale", (MODERATORS,)),
    ("organisatrice@jres.localhost", "organisatrice-2026", "Odile Organisatrice",
     OrganiserKind.TEACHER, "Collège Jean Macé", ()),
    ("organisateur@jres.localhost", "organisateur-2026", "Omar Organisateur",
     OrganiserKind.PARENT, "", ()),
]  # fmt: skip


def load() -> list[tuple[str, str, str]]:
    """Create the accounts; return (role, e-mail, password) for the terminal."""
    created = []
    for email, password, name, kind, organisation, groups in ACCOUNTS:
        user = create_account(
            email=email,
            password=password,
            display_name=name,
            groups=groups,
            organiser_kind=kind,
            organisation=organisation,
        )
        created.append((str(user.role_label), email, password))
    return created
