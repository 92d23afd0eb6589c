"""Demo editions, from the facts of the association's organiser guide and public page.

Dates and themes that the sources give are used as they are; where the sources are silent
(the first edition's exact date), the date is illustrative and the theme left empty.
"""

import datetime

from .models import Edition, EditionStatus, KeyFigure

FRAMING_2026_FR = """\
Chaque année en France, entre 100 000 et 150 000 jeunes quittent l'école sans diplôme.
Derrière ce chiffre, il y a des parcours : une orientation subie, une confiance qui
s'effrite, une famille qui ne sait plus à qui s'adresser.

La journée du 27 septembre 2026 invite chacun à **regarder ces parcours en face** et à
faire connaître ce qui marche : le mentorat étudiant, l'accompagnement personnalisé, les
dispositifs de raccrochage, les pédagogies qui redonnent envie d'apprendre.

- Dans les écoles et les collèges, un temps pour **donner la parole aux élèves**.
- Dans les quartiers, des débats qui réunissent parents, enseignants, associations et élus.
- Partout, des initiatives locales à partager et à reproduire.
"""

FRAMING_2026_EN = """\
Every year in France, between 100,000 and 150,000 young people leave school without a
diploma. Behind that figure are real paths: guidance that was imposed rather than chosen,
confidence that wears away, families who no longer know whom to turn to.

On 27 September 2026 the day invites everyone to **face these paths squarely** and to spread
what works: student mentoring, one-to-one support, schemes that bring dropouts back, ways of
teaching that make learning worthwhile again.

- In primary and lower secondary schools, time set aside for **pupils to speak**.
- In neighbourhoods, debates bringing together parents, teachers, associations and
  elected officials.
- Everywhere, local initiatives to share and to replicate.
"""

EDITIONS = [
    # year, number, day, theme (fr, en), status
    (2008, 1, datetime.date(2008, 9, 24), ("", ""), EditionStatus.ARCHIVED),
    (2012, 5, datetime.date(2012, 9, 19), ("", ""), EditionStatus.ARCHIVED),
    (
        2013,
        6,
        datetime.date(2013, 9, 25),
        ("Les lycées professionnels", "Vocational high schools"),
        EditionStatus.ARCHIVED,
    ),
    (2025, 18, datetime.date(2025, 9, 27), ("", ""), EditionStatus.ARCHIVED),
    (
        2026,
        19,
        datetime.date(2026, 9, 27),
        (
            "Donner la parole aux jeunes, faire connaître ce qui marche",
            "Giving young people a voice, spreading what works",
        ),
        EditionStatus.OPEN,
    ),
]

# Organisers sent their events from March to a week before the day; "prepare the next
# edition" moves these dates to 2027 with the day.
SUBMISSIONS_2026 = (datetime.date(2026, 3, 1), datetime.date(2026, 9, 20))

FIGURES_2026 = [
    ("100 000 – 150 000", "jeunes sortent chaque année du système scolaire sans diplôme",
     "young people leave the school system without a diploma every year"),
    ("≈ 20 %", "d'une classe d'âge concernée par la sortie sans diplôme",
     "of an age group affected by leaving without a diploma"),
    ("2008", "première édition de la journée, lancée par une association d'étudiants bénévoles",
     "first edition of the day, launched by an association of student volunteers"),
    ("≈ 30", "collectivités engagées dans le réseau des partenaires",
     "local authorities committed to the partner network"),
]  # fmt: skip


def load() -> list[Edition]:
    editions = []
    for year, number, day, (theme_fr, theme_en), status in EDITIONS:
        edition = Edition.objects.create(
            year=year, number=number, day=day, theme_fr=theme_fr, theme_en=theme_en, status=status
        )
        editions.append(edition)
    current = editions[-1]
    current.framing_fr = FRAMING_2026_FR
    current.framing_en = FRAMING_2026_EN
    current.submissions_open_on, current.submissions_close_on = SUBMISSIONS_2026
    current.save(
        update_fields=["framing_fr", "framing_en", "submissions_open_on", "submissions_close_on"]
    )
    current.make_current()
    KeyFigure.objects.bulk_create(
        KeyFigure(edition=current, value=value, label_fr=label_fr, label_en=label_en, order=order)
        for order, (value, label_fr, label_en) in enumerate(FIGURES_2026)
    )
    return editions
