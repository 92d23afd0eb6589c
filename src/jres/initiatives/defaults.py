"""The themes an installation starts with; the coordinator edits them in the admin."""

THEMES = [
    # slug, French, English
    ("soutien-scolaire", "Accompagnement scolaire", "Tutoring"),
    ("mentorat", "Mentorat", "Mentoring"),
    ("raccrochage", "Retour en formation", "Returning to school"),
    ("parents", "Place des parents", "Parents' involvement"),
    ("numerique", "Outils numériques", "Digital tools"),
    ("orientation", "Orientation", "Guidance"),
    ("lycee-professionnel", "Lycée professionnel", "Vocational high schools"),
    ("debats-parole-eleves", "Débats et parole des élèves", "Debates and pupils' voice"),
    ("decrochage", "Lutte contre le décrochage", "Fight against dropping out"),
]

# A theme that says what kind of event reproduces the initiative best.
EVENT_KIND_BY_THEME = {
    "debats-parole-eleves": "temps-echange-scolaire",
    "decrochage": "atelier",
    "numerique": "atelier",
    "parents": "debat",
}
