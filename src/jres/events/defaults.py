"""The kinds of events and the audiences every installation starts with (editable)."""

KINDS = [
    # slug, French, English
    ("debat", "Débat", "Debate"),
    ("conference", "Conférence", "Talk"),
    ("atelier", "Atelier", "Workshop"),
    ("projection-debat", "Projection-débat", "Film and debate"),
    ("temps-echange-scolaire", "Temps d'échange en établissement", "In-school exchange time"),
    ("portes-ouvertes", "Portes ouvertes", "Open day"),
    ("autre", "Autre", "Other"),
]

AUDIENCES = [
    ("parents", "Parents", "Parents"),
    ("eleves", "Élèves", "Pupils"),
    ("enseignants", "Enseignants", "Teachers"),
    (
        "professionnels",
        "Professionnels de l'éducation et du social",
        "Education and social professionals",
    ),
    ("elus", "Élus", "Elected officials"),
    ("grand-public", "Grand public", "General public"),
]
