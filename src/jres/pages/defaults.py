"""Default texts of the pages every installation starts with, in French and English.

Created by a data migration so that the links of the layout never lead nowhere; the
coordinator rewrites them in the admin.
"""

from django.conf import settings

WHY_FR = """\
## Un enjeu national

Chaque année, **entre 100 000 et 150 000 jeunes** sortent du système scolaire sans
diplôme : près d'un jeune sur cinq d'une classe d'âge. L'échec scolaire ne se résume pas à
de mauvaises notes. Il touche à la confiance en soi, à l'orientation, aux conditions de vie
des familles, et il pèse ensuite sur l'accès à l'emploi et à la vie citoyenne.

La lutte contre l'échec scolaire figure dans de nombreux textes. Reste le plus difficile :
changer réellement les pratiques, dans les classes, les quartiers et les familles.

## Pourquoi une journée

Lancée en 2008 par une association qui mobilise des étudiants bénévoles auprès d'enfants
en difficulté scolaire, la journée a trois objectifs :

1. **Alerter** l'opinion et **mobiliser** les pouvoirs publics ;
2. **Repérer et encourager** les initiatives efficaces, que d'autres peuvent reproduire ;
3. **Donner la parole** aux jeunes concernés, à leurs parents et à leurs enseignants.

## Qui s'engage

Parents, enseignants, associations, travailleurs sociaux, élus, agents des collectivités,
établissements scolaires : chacun peut communiquer, organiser un événement ou y participer.
Près de trente collectivités forment un réseau de partenaires qui rendent leur engagement
visible ce jour-là.
"""

WHY_EN = """\
## A national issue

Every year, **between 100,000 and 150,000 young people** leave the French school system
without a diploma: nearly one in five of an age group. School failure is more than bad
marks. It affects self-confidence, guidance, families' living conditions, and then weighs on
access to work and to civic life.

Fighting school failure appears in many laws and regulations. The hardest part remains:
actually changing practice in classrooms, neighbourhoods and families.

## Why a day

Launched in 2008 by an association that brings student volunteers to children struggling at
school, the day has three aims:

1. **Alert** the public and **mobilise** public authorities;
2. **Find and encourage** effective initiatives that others can replicate;
3. **Give a voice** to the young people concerned, their parents and their teachers.

## Who takes part

Parents, teachers, associations, social workers, elected officials, local-authority staff,
schools: everyone can spread the word, organise an event or join one. Nearly thirty local
authorities form a partner network that makes its commitment visible on the day.
"""

ORGANISE_FR = """\
## Quel événement ?

Un débat dans votre ville ou votre centre social, une conférence, un atelier, une
projection suivie d'un échange, une journée portes ouvertes… Dans une école ou un collège,
un **temps d'échange où les élèves prennent la parole** trouve naturellement sa place.

## Les étapes

1. **Créez votre compte** d'organisateur (parent, enseignant, association, collectivité…).
2. **Réunissez des acteurs locaux** : parents, jeunes, enseignants, associations qui
   peuvent témoigner de situations vécues et présenter des réponses concrètes.
3. **Déposez votre événement** sur la plateforme pour qu'il soit relu et labellisé.
4. **Communiquez** avec le kit de l'édition : affiche, visuels, messages.
5. **Racontez** ensuite comment il s'est passé : ces retours nourrissent le bilan national.

## Le label

Un événement labellisé respecte une courte charte : entrée libre, ouverture aux familles,
et un temps réservé à la parole des jeunes.
"""

ORGANISE_EN = """\
## What kind of event?

A debate in your town or community centre, a talk, a workshop, a film followed by a
discussion, an open day… In a primary or lower secondary school, **a time when pupils speak
up** fits naturally.

## The steps

1. **Create your organiser account** (parent, teacher, association, local authority…).
2. **Bring local people together**: parents, young people, teachers and associations who can
   speak from experience and present practical answers.
3. **Submit your event** on the platform so that it can be reviewed and labelled.
4. **Spread the word** with the edition's kit: poster, visuals, messages.
5. **Tell us afterwards** how it went: these reports feed the national review.

## The label

A labelled event follows a short charter: free entry, open to families, and time set aside
for young people to speak.
"""

LEGAL_FR = """\
## Éditeur

Cette plateforme est éditée par l'association organisatrice de la Journée du Refus de
l'Échec Scolaire. Directeur ou directrice de la publication : le ou la président·e de
l'association.

## Hébergement

Les coordonnées de l'hébergeur sont indiquées par l'association qui déploie la plateforme.

## Contenus

Les événements sont publiés sous la responsabilité de leurs organisateurs, après relecture
par l'équipe de modération. Pour signaler un contenu, écrivez-nous depuis la page Contact.
"""

LEGAL_EN = """\
## Publisher

This platform is published by the association that runs the Journée du Refus de l'Échec
Scolaire (the day against school failure). Publication director: the association's president.

## Hosting

The host's details are given by the association that deploys the platform.

## Content

Events are published under their organisers' responsibility, after review by the moderation
team. To report content, write to us from the Contact page.
"""


def retention_period(days: int) -> tuple[str, str]:
    """The retention period in words, French and English: "6 mois" for 183 days."""
    months = round(days / 30.44)
    if months >= 1 and abs(months * 30.44 - days) <= 3:
        return f"{months} mois", f"{months} month{'s' if months > 1 else ''}"
    return f"{days} jours", f"{days} days"


def registration_privacy(days: int) -> tuple[str, str]:
    """The privacy page's paragraph on registrations, French and English."""
    period_fr, period_en = retention_period(days)
    return (
        "## Inscriptions aux événements\n\n"
        "Votre nom et votre adresse e-mail (et celle d'un parent avant 15 ans) servent à "
        "gérer votre inscription ; l'organisateur de l'événement les voit. Ils sont effacés "
        f"automatiquement {period_fr} après la fin de l'édition ; seuls restent des chiffres "
        "anonymes (places, présences).\n",
        "## Registering for an event\n\n"
        "Your name and e-mail address (and a parent's, under 15) are used to handle your "
        "registration; the event's organiser sees them. They are deleted automatically "
        f"{period_en} after the end of the edition; only anonymous figures remain (places, "
        "attendance).\n",
    )


REGISTRATION_PRIVACY_FR, REGISTRATION_PRIVACY_EN = registration_privacy(
    settings.REGISTRATION_RETENTION_DAYS
)


def volunteer_privacy(days: int) -> tuple[str, str]:
    """The privacy page's paragraph on mentoring volunteers, French and English."""
    period_fr, period_en = retention_period(days)
    return (
        "## Bénévoles du mentorat\n\n"
        "Quand vous proposez d'être mentor, votre nom, votre adresse e-mail, votre commune et "
        "vos disponibilités servent à l'équipe nationale pour vous recontacter. Ils sont "
        f"effacés automatiquement {period_fr} après votre inscription.\n",
        "## Mentoring volunteers\n\n"
        "When you offer to be a mentor, your name, e-mail address, commune and availability "
        "are used by the national team to get back to you. They are deleted automatically "
        f"{period_en} after you signed up.\n",
    )


def testimony_privacy() -> tuple[str, str]:
    """The privacy page's paragraph on testimonies, French and English."""
    return (
        "## Témoignages\n\n"
        "Un témoignage est publié avec le prénom ou les initiales, le rôle, la tranche d'âge et "
        "la commune que vous donnez, jamais avec votre adresse e-mail, qui ne sert qu'à vous "
        "envoyer le lien pour le retirer. Avant 15 ans, rien n'est publié sans l'accord d'un "
        "parent, donné par le lien que nous lui envoyons. Ce lien privé permet à tout moment "
        "de retirer le témoignage : il est alors effacé, avec les e-mails qui le concernent.\n",
        "## Testimonies\n\n"
        "A testimony is published with the first name or initials, role, age bracket and "
        "commune you give, never with your e-mail address, which only serves to send you the "
        "link to withdraw it. Under 15, nothing is published without a parent's agreement, "
        "given through the link we send them. That private link withdraws the testimony at any "
        "time: it is then erased, with the e-mails about it.\n",
    )


def newsletter_privacy() -> tuple[str, str]:
    """The privacy page's paragraph on the newsletter, messages and exports, French and
    English."""
    return (
        "## Lettre d'information et messages\n\n"
        "La lettre d'information garde votre adresse e-mail, le nom que vous donnez (facultatif) "
        "et votre langue, avec la date de votre accord. Rien n'est envoyé avant que vous ayez "
        "confirmé votre inscription depuis l'e-mail reçu ; une inscription non confirmée sous "
        "sept jours est effacée. Chaque lettre, et chaque message de la coordination aux "
        "organisateurs et aux collectivités, porte un lien de désinscription qui agit en un "
        "clic. Les listes de données personnelles (inscriptions, bénévoles) ne sont exportées "
        "que par la coordination nationale, et chaque export est consigné : qui, quand, quelles "
        "données.\n",
        "## Newsletter and messages\n\n"
        "The newsletter keeps your e-mail address, the name you give (optional) and your "
        "language, with the date you agreed. Nothing is sent before you confirm your "
        "subscription from the e-mail you receive; a subscription not confirmed within seven "
        "days is erased. Every newsletter, and every message from the national coordination to "
        "organisers and local authorities, carries an unsubscribe link that works in one click. "
        "Lists of personal data (registrations, volunteers) are exported only by the national "
        "coordination, and every export is logged: who, when, which data.\n",
    )


def retention_privacy(
    *, testimony_days: int, unconfirmed_days: int, unsubscribed_days: int
) -> tuple[str, str]:
    """The privacy page's paragraph on the periods of testimonies and newsletter sign-ups,
    French and English."""
    testimony_fr, testimony_en = retention_period(testimony_days)
    unconfirmed_fr, unconfirmed_en = retention_period(unconfirmed_days)
    unsubscribed_fr, unsubscribed_en = retention_period(unsubscribed_days)
    return (
        "## Durées de conservation des témoignages et de la lettre d'information\n\n"
        "Les adresses e-mail d'un témoignage (la vôtre, et celle d'un parent avant 15 ans) "
        f"sont effacées {testimony_fr} après son envoi : un témoignage publié reste en ligne, "
        "aussi anonyme qu'il l'était, et son lien privé permet toujours de le retirer ; un "
        "témoignage jamais publié est supprimé. Une inscription à la lettre d'information "
        f"jamais confirmée est effacée {unconfirmed_fr} après la demande ; l'adresse d'une "
        f"personne désabonnée est effacée {unsubscribed_fr} après son désabonnement. Les "
        "refus des messages de la coordination sont gardés : ce sont eux qui arrêtent ces "
        "messages. Chaque jour, une tâche automatique applique toutes les durées de cette "
        "page.\n",
        "## How long testimonies and newsletter sign-ups are kept\n\n"
        "The e-mail addresses of a testimony (yours, and a parent's under 15) are deleted "
        f"{testimony_en} after it was sent: a published testimony stays online, as anonymous "
        "as it was, and its private link still withdraws it; a testimony never published is "
        "deleted. A newsletter sign-up never confirmed is deleted "
        f"{unconfirmed_en} after it was asked; the address of someone who unsubscribed is "
        f"deleted {unsubscribed_en} after they left. Refusals of the coordination's messages "
        "are kept: they are what stops those messages. Every day, an automatic task applies "
        "every period on this page.\n",
    )


def current_retention_privacy() -> tuple[str, str]:
    """`retention_privacy` with the periods the settings give (the unconfirmed sign-ups'
    never shorter than their confirmation link, as jres.newsletter.retention applies it)."""
    from jres.newsletter.models import CONFIRMATION_DAYS

    return retention_privacy(
        testimony_days=settings.TESTIMONY_RETENTION_DAYS,
        unconfirmed_days=max(settings.NEWSLETTER_UNCONFIRMED_RETENTION_DAYS, CONFIRMATION_DAYS),
        unsubscribed_days=settings.NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS,
    )


def account_privacy() -> tuple[str, str]:
    """The privacy page's paragraph on downloading and deleting one's account, French and
    English."""
    return (
        "## Télécharger vos données, supprimer votre compte\n\n"
        "Depuis « Mon compte », vous pouvez télécharger tout ce que la plateforme garde de "
        "vous (une archive ZIP de fichiers JSON et de vos fichiers) et supprimer votre compte "
        "vous-même. La suppression efface votre adresse e-mail, votre nom, vos événements et "
        "initiatives jamais publiés, et ce que votre adresse a fait sans connexion : "
        "inscriptions, bénévolat, lettre d'information, témoignages non publiés. Vos "
        "événements publiés restent ceux de votre organisation, sans votre nom ; les chiffres "
        "de la journée ne changent pas.\n",
        "## Downloading your data, deleting your account\n\n"
        'From "My account", you can download everything the platform keeps about you (a ZIP '
        "archive of JSON files and your files) and delete your account yourself. Deletion "
        "erases your e-mail address, your name, your events and initiatives never published, "
        "and what your address did without signing in: registrations, volunteering, "
        "newsletter, unpublished testimonies. Your published events remain your "
        "organisation's, without your name; the day's figures do not change.\n",
    )


PRIVACY_FR = (
    """\
## Ce que nous collectons

- **Comptes** : adresse e-mail, nom affiché, type d'organisateur, organisation facultative,
  langue préférée. Ils servent à vous connecter et à vous écrire au sujet de vos événements.
- **Journal technique** : adresses IP des tentatives de connexion, gardées quelques minutes
  pour bloquer les essais répétés de mots de passe.

Nous ne vendons ni ne cédons aucune donnée. Aucun traceur publicitaire n'est utilisé ; un
seul cookie technique retient votre choix de langue, un autre votre session.

## Vos droits

Vous pouvez consulter et corriger votre profil à tout moment depuis « Mon compte ». Pour
exercer vos droits d'accès, d'effacement ou d'opposition, écrivez à l'équipe depuis la page
Contact.

"""
    + REGISTRATION_PRIVACY_FR
)

PRIVACY_EN = (
    """\
## What we collect

- **Accounts**: e-mail address, display name, kind of organiser, optional organisation,
  preferred language. They let you sign in and let us write to you about your events.
- **Technical log**: IP addresses of sign-in attempts, kept a few minutes to block repeated
  password guessing.

We neither sell nor hand over any data. No advertising tracker is used; one technical
cookie keeps your choice of language, another your session.

## Your rights

You can view and correct your profile at any time from "My account". To exercise your rights
of access, erasure or objection, write to the team from the Contact page.

"""
    + REGISTRATION_PRIVACY_EN
)

PAGES = [
    # slug (linked from the layout), title (fr, en), body (fr, en)
    ("pourquoi-cette-journee", "Pourquoi cette journée", "Why this day", WHY_FR, WHY_EN),
    ("organiser-un-evenement", "Organiser un événement", "Organising an event",
     ORGANISE_FR, ORGANISE_EN),
    ("mentions-legales", "Mentions légales", "Legal notice", LEGAL_FR, LEGAL_EN),
    ("confidentialite", "Politique de confidentialité", "Privacy policy",
     PRIVACY_FR, PRIVACY_EN),
]  # fmt: skip
