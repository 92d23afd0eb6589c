"""Name normalisation shared by the database search and the data conversion script.

Pure Python, no Django import: `scripts/build_geo_data.py` imports it outside a project.
"""

import re
import unicodedata

# Ligatures that NFKD does not decompose.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_SEPARATORS = re.compile(r"[^0-9a-z]+")
# Abbreviations as people type them, expanded to the official spelling of commune names.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def fold(text: str) -> str:
    """Lowercase ASCII words separated by single spaces: accents, hyphens, apostrophes gone."""
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return _SEPARATORS.sub(" ", text).strip()


def normalise(name: str) -> str:
    """The searchable form of a place name: "Sainte-Foy-l'Argentière" -> "sainte foy l argentiere".

    Folded (see `fold`), with "St"/"Ste" expanded to "saint"/"sainte", so that
    "St-Émilion", "saint emilion" and "Saint-Émilion" all give the same string.
    """
    return " ".join(_ABBREVIATIONS.get(word, word) for word in fold(name).split())
