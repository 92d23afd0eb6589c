"""The categories of resources every installation starts with (editable in the admin)."""

# Slugs the code relies on: the press area and the banners' embed codes look them up.
BAROMETERS = "barometres"
LOGOS = "visuels-logos"
BANNERS = "bannieres-web"
PRESS_RELEASES = "communiques-de-presse"
VIDEOS = "videos"

CATEGORIES = [
    # slug, French, English
    (
        BAROMETERS,
        "Baromètres : les enfants des quartiers populaires et l'école",
        "Barometers: children of working-class neighbourhoods and school",
    ),
    ("texte-de-cadrage", "Texte de cadrage", "Framing text"),
    ("presentation-du-theme", "Présentation du thème de l'édition", "The edition's theme"),
    (LOGOS, "Visuels et logos", "Visuals and logos"),
    ("affiches", "Affiches", "Posters"),
    (BANNERS, "Bannières web", "Web banners"),
    (PRESS_RELEASES, "Communiqués de presse", "Press releases"),
    (VIDEOS, "Vidéos", "Videos"),
    ("contributions", "Contributions écrites", "Written contributions"),
]
