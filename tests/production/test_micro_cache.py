"""The reverse proxy's micro-cache, with deploy/nginx/'s own configuration in a real nginx.

nginx runs in front of the live server with the site's cache and location files (paths
moved into a temporary folder). Anonymous visitors share a copy of each public page for
MICRO_CACHE_SECONDS; a change reaches them within that time, and its signed-in organiser
at once; forms, answers that set a cookie and signed-in requests are never kept.
"""

import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from tests.browser.conftest import ensure_event_vocabulary
from tests.events.factories import EventFactory
from tests.mailserver import free_port

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
LIFETIME = 2  # seconds: MICRO_CACHE_SECONDS for these tests

pytestmark = pytest.mark.django_db(transaction=True)


def nginx_binary() -> str:
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    assert binary, "nginx is missing: apt-get install nginx (make test installs it as root)"
    return binary


def site_config(folder: Path, *, port: int, upstream: str) -> Path:
    """nginx.conf: the deployed cache and location files, their paths moved into `folder`."""

    def moved(name: str) -> Path:
        text = (DEPLOY / name).read_text()
        text = text.replace("/var/cache/nginx", str(folder / "cache"))
        text = text.replace("/srv/jres", str(folder / "srv"))
        path = folder / name
        path.write_text(text)
        return path

    temp = folder / "temp"
    for made in (temp, folder / "cache"):  # as Debian's /var/cache/nginx, before nginx starts
        made.mkdir()
        made.chmod(0o755)
    config = folder / "nginx.conf"
    config.write_text(
        "daemon off;\n"
        "worker_processes 1;\n"
        f"pid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "    access_log off;\n"
        + "".join(
            f"    {kind}_temp_path {temp / kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"    include {moved('jres-cache.conf')};\n"
        f"    upstream jres_app {{ server {upstream}; }}\n"
        "    server {\n"
        f"        listen 127.0.0.1:{port};\n"
        f"        include {moved('jres-locations.conf')};\n"
        "    }\n"
        "}\n"
    )
    return config


@pytest.fixture
def proxy(live_server, settings):
    """The base URL of an nginx in front of the live server."""
    settings.MICRO_CACHE_SECONDS = LIFETIME
    # Readable by nginx's workers, which run as `nobody` when the tests run as root.
    folder = Path(tempfile.mkdtemp(prefix="jres-nginx-"))
    folder.chmod(0o755)
    port = free_port()
    upstream = live_server.url.removeprefix("http://")
    config = site_config(folder, port=port, upstream=upstream)
    command = [nginx_binary(), "-p", str(folder), "-c", str(config), "-e", str(folder / "err")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def fetch(url: str, *, cookies: dict[str, str] | None = None, data: bytes | None = None):
    """(status, headers, text) of one request, cookies sent as a browser would."""
    request = urllib.request.Request(url, data=data)
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture
def event(current_edition, organiser):
    ensure_event_vocabulary()
    return EventFactory(
        edition=current_edition, organiser=organiser, title="Atelier des devoirs partagés"
    )


def signed_in(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {name: morsel.value for name, morsel in client.cookies.items()}


def test_a_change_reaches_visitors_within_the_lifetime_and_its_organiser_at_once(
    proxy, event, organiser
):
    url = proxy + event.get_absolute_url()
    stored_at = time.monotonic()
    status, headers, text = fetch(url)
    assert status == 200
    assert headers["X-Cache-Status"] == "MISS"
    assert "Atelier des devoirs partagés" in text
    assert "public" in headers["Cache-Control"]
    assert "X-Accel-Expires" not in headers  # for nginx only
    _status, headers, text = fetch(url)
    assert headers["X-Cache-Status"] == "HIT"
    assert "Atelier des devoirs partagés" in text

    event.title = "Atelier des devoirs, nouvel horaire"
    event.save()

    # The organiser, signed in, goes past the micro-cache and sees the change at once.
    status, headers, text = fetch(url, cookies=signed_in(organiser))
    assert status == 200
    assert headers["X-Cache-Status"] == "BYPASS"
    assert "nouvel horaire" in text
    assert headers["Cache-Control"] == "private, no-cache"

    # Visitors get the new page once the copy stored before the change has expired (the
    # margin: the time the live server takes to render it on a busy machine).
    while "nouvel horaire" not in (text := fetch(url)[2]):
        assert time.monotonic() - stored_at < LIFETIME + 3, "still the old page"
        time.sleep(0.2)
    assert "nouvel horaire" in text


def test_the_home_page_is_shared_too(proxy, event):
    assert fetch(proxy + "/")[1]["X-Cache-Status"] == "MISS"
    status, headers, text = fetch(proxy + "/")
    assert status == 200
    assert headers["X-Cache-Status"] == "HIT"
    assert "<h1" in text


def test_each_language_has_its_own_copy(proxy, event):
    url = proxy + event.get_absolute_url()
    french = fetch(url)[2]
    english = fetch(url, cookies={"django_language": "en"})[2]

    assert '<html lang="fr"' in french
    assert '<html lang="en"' in english
    assert '<html lang="fr"' in fetch(url)[2]


def test_forms_and_answers_with_cookies_are_never_kept(proxy, event):
    contact = proxy + "/contact/"
    first = fetch(contact)
    second = fetch(contact)
    # The form sets its CSRF cookie: each visitor gets an answer of its own.
    assert "csrftoken" in first[1]["Set-Cookie"]
    assert first[1]["X-Cache-Status"] == second[1]["X-Cache-Status"] == "MISS"
    assert "X-Accel-Expires" not in first[1]

    # A visitor with a message waiting passes straight through.
    url = proxy + event.get_absolute_url()
    fetch(url)
    assert fetch(url, cookies={"messages": "x"})[1]["X-Cache-Status"] == "BYPASS"

    # A POST never looks at the cache: Django answers it (here, refused for its missing token).
    status, headers, _text = fetch(contact, data=b"name=x")
    assert status == 403
    assert "X-Cache-Status" not in headers


def test_healthz_passes_through(proxy):
    status, headers, text = fetch(proxy + "/healthz")
    assert status == 200
    assert '"ok"' in text
    assert "X-Cache-Status" not in headers
