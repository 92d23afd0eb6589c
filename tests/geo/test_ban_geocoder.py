"""The address-base geocoder against recorded answers served by a local HTTP server.

Whatever the base does (answers, says nothing, is unsure, is slow, fails, talks nonsense),
an address gets a point: the base's, else the offline geocoder's.
"""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from jres.geo.geocoding import BanGeocoder, GeocodeResult, get_geocoder

RECORDED = Path(__file__).parent / "recorded"


class AddressBase:
    """What the fake address base answers next, and what it was asked."""

    def __init__(self):
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        self.status = 200
        self.body = b""
        self.content_type = "application/json; charset=utf-8"
        self.delay = 0.0
        self.released = threading.Event()

    def answer(self, recording=None, *, status=200, body=b"", delay=0.0, content_type=None):
        self.body = (RECORDED / recording).read_bytes() if recording else body
        self.status = status
        self.delay = delay
        self.content_type = content_type or self.content_type


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        base = self.server.address_base
        url = urlsplit(self.path)
        base.requests.append((url.path, parse_qs(url.query)))
        if base.delay:
            base.released.wait(base.delay)
        try:
            self.send_response(base.status)
            self.send_header("Content-Type", base.content_type)
            self.send_header("Content-Length", str(len(base.body)))
            self.end_headers()
            self.wfile.write(base.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting: what the timeout test wants

    def log_message(self, format, *args):
        pass


@pytest.fixture
def address_base(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.address_base = AddressBase()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    settings.GEOCODER = "ban"
    settings.GEOCODER_BAN_URL = f"http://127.0.0.1:{server.server_address[1]}/search/"
    settings.GEOCODER_TIMEOUT = 2
    yield server.address_base
    server.address_base.released.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    """urllib honours proxy variables: requests to the local server must not go through one."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def geocode(address="12 Rue Sainte-Catherine", postal_code="33000", city="Bordeaux"):
    return get_geocoder().geocode(address=address, postal_code=postal_code, city=city)


def offline_for(commune):
    return GeocodeResult(
        latitude=commune.latitude,
        longitude=commune.longitude,
        commune=commune,
        label=commune.name,
        precision="municipality",
    )


def test_a_house_number_gives_the_address_point_and_its_commune(address_base, bordeaux):
    address_base.answer("bordeaux_housenumber.json")

    result = geocode()

    assert isinstance(get_geocoder(), BanGeocoder)
    assert result == GeocodeResult(
        latitude=44.839627,
        longitude=-0.573876,
        commune=bordeaux,
        label="12 Rue Sainte-Catherine 33000 Bordeaux",
        precision="address",
    )
    assert address_base.requests == [
        (
            "/search/",
            {"q": ["12 Rue Sainte-Catherine Bordeaux"], "postcode": ["33000"], "limit": ["1"]},
        )
    ]


def test_a_street_of_a_paris_district_belongs_to_paris(address_base, paris):
    address_base.answer("paris_street.json")

    result = geocode(address="rue des  Archives", postal_code="75 004", city="Paris")

    assert (result.precision, result.commune, result.label) == (
        "street",
        paris,
        "Rue des Archives 75004 Paris",
    )
    assert (result.latitude, result.longitude) == (48.859611, 2.357727)
    assert address_base.requests[0][1] == {
        "q": ["rue des Archives Paris"],
        "postcode": ["75004"],
        "limit": ["1"],
    }


def test_a_municipality_overseas(address_base, saint_denis_reunion, saint_denis_93):
    address_base.answer("saint_denis_municipality.json")

    result = geocode(address="", postal_code="97400", city="Saint-Denis")

    assert (result.precision, result.commune) == ("municipality", saint_denis_reunion)
    assert (result.latitude, result.longitude) == (-20.882057, 55.448627)


def test_a_commune_the_database_lacks_is_none_but_the_point_stays(address_base, gironde):
    address_base.answer("bordeaux_housenumber.json")

    result = geocode()

    assert result.commune is None
    assert (result.latitude, result.precision) == (44.839627, "address")


def test_a_postal_code_that_is_not_one_is_not_sent_as_a_filter(address_base, bordeaux):
    address_base.answer("bordeaux_housenumber.json")

    geocode(postal_code="CEDEX")

    assert address_base.requests[0][1] == {
        "q": ["12 Rue Sainte-Catherine Bordeaux"],
        "limit": ["1"],
    }


def test_no_answer_falls_back_to_the_commune(address_base, bordeaux, caplog):
    address_base.answer("empty.json")

    with caplog.at_level(logging.WARNING, logger="jres.geo"):
        result = geocode(address="Lieu-dit Introuvable")

    assert result == offline_for(bordeaux)
    assert len(address_base.requests) == 1
    assert caplog.records == []  # no answer is an answer, not a failure


def test_an_unsure_answer_falls_back_to_the_commune(address_base, bordeaux):
    address_base.answer("low_score.json")

    result = geocode(address="Salle des fêtes du Moulin")

    assert result == offline_for(bordeaux)
    assert len(address_base.requests) == 1


def test_a_score_just_above_the_threshold_is_kept(address_base, bordeaux):
    recording = json.loads((RECORDED / "low_score.json").read_text())
    recording["features"][0]["properties"]["score"] = 0.41
    address_base.answer(body=json.dumps(recording).encode())

    assert geocode().label == "Impasse du Moulin 33000 Bordeaux"


def test_a_slow_base_falls_back_to_the_commune_without_waiting(
    address_base, bordeaux, settings, caplog
):
    settings.GEOCODER_TIMEOUT = 0.5
    address_base.answer("bordeaux_housenumber.json", delay=10)

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="jres.geo"):
        result = geocode()

    assert time.monotonic() - started < 5
    assert result == offline_for(bordeaux)
    assert len(address_base.requests) == 1
    assert "geocoding offline" in caplog.text


def test_a_server_error_falls_back_to_the_commune(address_base, bordeaux, caplog):
    address_base.answer(status=500, body=b'{"code": 500, "message": "Internal error"}')

    with caplog.at_level(logging.WARNING, logger="jres.geo"):
        result = geocode()

    assert result == offline_for(bordeaux)
    assert "500" in caplog.text


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"type": "FeatureCollection", "features": [{"type": "Feat', None),
        (b"<html><body>502 Bad Gateway</body></html>", "text/html"),
        (b'{"code": 400, "message": "q must contain between 3 and 200 chars"}', None),
        (b'{"type": "FeatureCollection", "features": [{"properties": {"score": 0.9}}]}', None),
        (b"[1, 2, 3]", None),
        (b"\xff\xfe not even text", "application/octet-stream"),
    ],
    ids=["truncated", "html", "error-object", "no-geometry", "list", "binary"],
)
def test_a_malformed_answer_falls_back_to_the_commune(
    address_base, bordeaux, caplog, body, content_type
):
    address_base.answer(body=body, content_type=content_type)

    with caplog.at_level(logging.WARNING, logger="jres.geo"):
        result = geocode()

    assert result == offline_for(bordeaux)
    assert len(address_base.requests) == 1
    assert "geocoding offline" in caplog.text


def test_an_unreachable_base_falls_back_to_the_department(settings, gironde, caplog):
    settings.GEOCODER = "ban"  # and the closed port the tests' conftest gives
    with caplog.at_level(logging.WARNING, logger="jres.geo"):
        result = geocode(postal_code="33999", city="Nulle-Part")

    assert (result.label, result.precision, result.commune) == ("Gironde", "department", None)
    assert "geocoding offline" in caplog.text


def test_too_short_a_query_is_not_sent(address_base, bordeaux):
    address_base.answer("bordeaux_housenumber.json")

    result = BanGeocoder().geocode(address=" ", postal_code="33000", city="")

    assert result == offline_for(bordeaux)
    assert address_base.requests == []


def test_an_address_that_no_geocoder_knows_gives_nothing(address_base, bordeaux):
    address_base.answer("empty.json")

    assert geocode(address="Main Street", postal_code="98800", city="Nouméa") is None
    assert address_base.requests[0][1]["postcode"] == ["98800"]
