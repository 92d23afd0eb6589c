"""The demo partner network: the authorities the association's guide names as partners.

Their commitments are written for the demo, in general terms; the contacts are services,
not people. One demo account speaks for Grenoble, and one request waits for an answer.
"""

from jres.accounts.models import PARTNERS, OrganiserKind
from jres.accounts.services import create_account
from jres.geo.models import Commune, Department, Region

from .models import JoinRequest, Partner, PartnerKind

ACCOUNTS = [
    # email, password, display name (printed by load_demo with the other accounts)
    ("collectivite@jres.localhost", "collectivite-2026", "Ville de Grenoble"),
]

# (kind, name, territory code, contact, commitment)
PARTNERS_DATA = [
    (PartnerKind.COMMUNE, "Ville de Bagnolet", "93006", "Service éducation",
     "Chaque année, la ville ouvre ses **centres sociaux** et ses médiathèques aux "
     "débats de la journée, et invite les familles à rencontrer les associations "
     "d'aide aux devoirs du quartier."),
    (PartnerKind.COMMUNE, "Ville de Calais", "62193", "Direction de la réussite éducative",
     "Le programme de réussite éducative de la ville accompagne les enfants qui en ont "
     "besoin. Pour la journée, les équipes présentent leur travail aux parents."),
    (PartnerKind.REGION, "Région Île-de-France", "11", "Direction des lycées",
     "La région soutient les lycées qui organisent un temps d'échange sur le "
     "décrochage, et relaie la journée auprès des établissements franciliens."),
    (PartnerKind.DEPARTMENT, "Département du Val-de-Marne", "94",
     "Direction de l'éducation et des collèges",
     "Le département invite les collèges à ouvrir leurs portes aux parents ce jour-là, "
     "et fait connaître les dispositifs d'accompagnement des collégiens."),
    (PartnerKind.DEPARTMENT, "Département de la Gironde", "33", "Mission jeunesse",
     "Depuis les premières éditions, le département accueille une conférence sur la "
     "réussite de tous les élèves, ouverte au public."),
    (PartnerKind.COMMUNE, "Ville d'Issy-les-Moulineaux", "92040", "Service enfance et jeunesse",
     "La ville réunit enseignants, animateurs et parents autour d'une question simple : "
     "comment donner envie d'apprendre ?"),
    (PartnerKind.COMMUNE, "Ville de Lyon", "69123", "Direction de l'éducation",
     "Dans chaque arrondissement, des maisons de l'enfance accueillent un atelier ou un "
     "débat. La ville publie ensuite ce qui en est ressorti."),
    (PartnerKind.COMMUNE, "Ville de Stains", "93072", "Service réussite éducative",
     "La ville met en avant les initiatives de ses quartiers : tutorat, clubs de "
     "lecture, accompagnement des familles."),
    (PartnerKind.COMMUNE, "Ville de Nancy", "54395", "Service éducation",
     "Avec les associations de la ville, Nancy organise une soirée d'échange entre "
     "parents, jeunes et professionnels de l'éducation."),
    (PartnerKind.COMMUNE, "Ville de Grenoble", "38185", "Direction éducation jeunesse",
     "Les maisons des habitants accueillent des temps de parole où les jeunes disent "
     "ce qui les aide, ou les freine, à l'école."),
    (PartnerKind.COMMUNE, "Ville de Fontenay-sous-Bois", "94033", "Service éducation",
     "La ville soutient les parents dans le suivi de la scolarité : l'espace parents "
     "propose des rencontres tout au long de l'année, et un temps fort ce jour-là."),
    (PartnerKind.COMMUNE, "Ville de Metz", "57463", "Pôle éducation",
     "Metz associe ses espaces jeunesse à la journée, avec des ateliers sur "
     "l'orientation et la confiance en soi."),
    (PartnerKind.OVERSEAS, "La Réunion", "04", "Service éducation et jeunesse",
     "La collectivité relaie la journée dans l'île et soutient les associations qui "
     "accompagnent les élèves en difficulté."),
]  # fmt: skip


def _territory(kind: str, code: str) -> dict:
    if kind == PartnerKind.REGION or (kind == PartnerKind.OVERSEAS and len(code) == 2):
        return {"region": Region.objects.filter(code=code).first()}
    if kind == PartnerKind.DEPARTMENT:
        return {"department": Department.objects.filter(code=code).first()}
    return {"commune": Commune.objects.filter(pk=code).first()}


def load() -> int:
    """Create the partners whose territory is loaded; return how many.

    The demo partner account exists in any case (load_demo prints it), linked to Grenoble
    when the geography is there.
    """
    email, password, display_name = ACCOUNTS[0]
    account = create_account(
        email=email, password=password, display_name=display_name, groups=(PARTNERS,),
        organiser_kind=OrganiserKind.LOCAL_AUTHORITY, organisation=display_name,
    )  # fmt: skip
    created = 0
    for kind, name, code, contact, commitment in PARTNERS_DATA:
        territory = _territory(kind, code)
        if not any(territory.values()):
            continue  # geography not loaded (load_demo --without-events)
        partner = Partner.objects.create(
            kind=kind,
            name=name,
            contact_name=contact,
            contact_role="",
            contact_email=f"contact-{code.lower()}@collectivite.example",
            commitment=commitment,
            **territory,
        )
        created += 1
        if name == display_name:
            partner.accounts.add(account)
    bordeaux = Commune.objects.filter(pk="33063").first()
    if bordeaux:
        JoinRequest.objects.create(
            authority_name="Ville de Bordeaux",
            kind=PartnerKind.COMMUNE,
            commune=bordeaux,
            contact_name="Service de la vie scolaire",
            contact_role="Chargé de mission",
            contact_email="vie-scolaire@collectivite.example",
            message="Nous souhaitons faire connaître les actions de la ville lors de la journée.",
        )
    return created
