"""The national team's contacts for the demo (the pages come with the default texts)."""

from .models import TeamContact

CONTACTS = [
    ("Eunice Mangado-Lunetta", "Directrice déléguée", "Deputy director",
     "eunice.mangado@afev.org", "01 40 36 01 01"),
    ("Magali De Exposito", "Chargée de communication", "Communications officer",
     "magali.deexposito@afev.org", "01 40 36 86 99"),
]  # fmt: skip


def load() -> None:
    TeamContact.objects.bulk_create(
        TeamContact(name=name, role_fr=role_fr, role_en=role_en, email=email, phone=phone,
                    order=order)
        for order, (name, role_fr, role_en, email, phone) in enumerate(CONTACTS)
    )  # fmt: skip
