"""Putting an address on the map.

`get_geocoder().geocode(address=..., postal_code=..., city=...)` gives a point, or None
when even the department is unknown. Two geocoders behind one interface:

- `OfflineGeocoder`: the commune's place from the shipped data, else its department's
  centre; no network, used in development and tests (settings.GEOCODER = "offline").
- `BanGeocoder`: the national address base (Base Adresse Nationale) to the house number,
  falling back to the offline one when it is slow, down, unsure or silent (production:
  GEOCODER=ban).

The organiser can always move the pin: a geocoder's answer is a starting point.
"""

import http.client
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Literal, Protocol

from django.conf import settings

from .models import Commune
from .services import (
    commune_for_insee_code,
    commune_for_postal_code_and_name,
    department_code_for_postal_code,
    department_for_postal_code,
)

__all__ = [
    "BanGeocoder",
    "GeocodeResult",
    "Geocoder",
    "OfflineGeocoder",
    "department_code_for_postal_code",
    "get_geocoder",
]

logger = logging.getLogger(__name__)
# What reading an answer that is not the documented JSON raises.
BAD_ANSWER = (ValueError, KeyError, TypeError, IndexError)

Precision = Literal["address", "street", "municipality", "department"]
BAN_URL = "https://api-adresse.data.gouv.fr/search/"
# The address base's own result types, from most to least precise. A "locality" is a
# named place without street (lieu-dit): as precise as a street.
_BAN_PRECISION: dict[str, Precision] = {
    "housenumber": "address",
    "street": "street",
    "locality": "street",
    "municipality": "municipality",
}


@dataclass(frozen=True)
class GeocodeResult:
    latitude: float
    longitude: float
    commune: Commune | None
    label: str
    precision: Precision


class Geocoder(Protocol):
    def geocode(self, *, address: str, postal_code: str, city: str) -> GeocodeResult | None:
        """Where the address is, or None when not even its department is known."""
        ...


class OfflineGeocoder:
    """The commune's place from its postal code and name, else the department's centre."""

    def geocode(self, *, address: str, postal_code: str, city: str) -> GeocodeResult | None:
        commune = commune_for_postal_code_and_name(postal_code=postal_code, name=city)
        if commune is not None:
            return GeocodeResult(
                latitude=commune.latitude,
                longitude=commune.longitude,
                commune=commune,
                label=commune.name,
                # A commune without a place of its own stands at its department's centre.
                precision="department" if commune.approximate else "municipality",
            )
        department = department_for_postal_code(postal_code)
        if department is not None:
            return GeocodeResult(
                latitude=department.latitude,
                longitude=department.longitude,
                commune=None,
                label=department.name,
                precision="department",
            )
        return None


class BanGeocoder:
    """The national address base's search API, with the offline geocoder as a fallback.

    Any failure (network error, timeout, HTTP error, malformed answer), no result, or a
    result scored below `min_score` (the base's confidence, 0 to 1) falls back, with a
    warning in the log for failures: an organiser submitting an event never sees an error.
    """

    min_score = 0.4

    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float | None = None,
        fallback: Geocoder | None = None,
    ):
        self.base_url = base_url or getattr(settings, "GEOCODER_BAN_URL", BAN_URL)
        self.timeout = timeout if timeout is not None else settings.GEOCODER_TIMEOUT
        self.fallback = fallback or OfflineGeocoder()

    def geocode(self, *, address: str, postal_code: str, city: str) -> GeocodeResult | None:
        query = " ".join(" ".join(part.split()) for part in (address, city) if part.strip())
        result = None
        # The base refuses queries shorter than 3 characters or longer than 200.
        if len(query) >= 3:
            try:
                result = self.search(query[:200], postal_code="".join(postal_code.split()))
            except (OSError, http.client.HTTPException, *BAD_ANSWER) as error:
                # OSError covers URLError, HTTPError and timeouts; the others, a bad answer.
                logger.warning("Address base unavailable (%s); geocoding offline.", error)
        return result or self.fallback.geocode(address=address, postal_code=postal_code, city=city)

    def search(self, query: str, *, postal_code: str) -> GeocodeResult | None:
        """The best result of the address base for the query; None if none is good enough.

        Raises OSError when the base cannot be reached, ValueError (and KeyError,
        TypeError, IndexError) when its answer is not what its documentation says.
        """
        parameters = {"q": query, "limit": "1"}
        if len(postal_code) == 5 and postal_code.isdigit():
            parameters["postcode"] = postal_code
        url = f"{self.base_url}?{urllib.parse.urlencode(parameters)}"
        if not url.startswith(("https://", "http://")):
            raise ValueError(f"Not an HTTP URL: {self.base_url}")
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            url, headers={"Accept": "application/json", "User-Agent": "jres-platform"}
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            answer = json.loads(response.read())
        features = answer["features"]
        if not features:
            return None
        feature = features[0]
        properties = feature["properties"]
        if float(properties["score"]) < self.min_score:
            return None
        longitude, latitude = (float(value) for value in feature["geometry"]["coordinates"][:2])
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError(f"Coordinates out of range: {latitude}, {longitude}")
        commune = commune_for_insee_code(properties.get("citycode", ""))
        if commune is None:
            commune = commune_for_postal_code_and_name(
                postal_code=properties.get("postcode", ""), name=properties.get("city", "")
            )
        return GeocodeResult(
            latitude=latitude,
            longitude=longitude,
            commune=commune,
            label=properties["label"],
            precision=_BAN_PRECISION.get(properties.get("type", ""), "municipality"),
        )


def get_geocoder() -> Geocoder:
    """The geocoder settings.GEOCODER names: "offline" (the default) or "ban"."""
    name = getattr(settings, "GEOCODER", "offline")
    if name == "ban":
        return BanGeocoder()
    if name == "offline":
        return OfflineGeocoder()
    raise ValueError(f'Unknown GEOCODER {name!r}: use "ban" or "offline".')
