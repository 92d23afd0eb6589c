"""Video links: only PeerTube, YouTube and Vimeo, played in their own embedded player.

Nothing is loaded from the host until the visitor asks for the video (see
static/js/video-placeholder.js); the kit pages allow exactly these players in `frame-src`.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be",
                 "www.youtube-nocookie.com", "youtube-nocookie.com"}  # fmt: skip
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
# The privacy-enhanced players: no cookie before the video is played.
YOUTUBE_PLAYER = "https://www.youtube-nocookie.com"
VIMEO_PLAYER = "https://player.vimeo.com"

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{1,12}$")
_PEERTUBE_ID = re.compile(r"^[A-Za-z0-9-]{8,40}$")


@dataclass(frozen=True)
class Video:
    host: str  # "YouTube", "Vimeo" or "PeerTube (instance)"
    embed_url: str


def peertube_hosts() -> set[str]:
    return {host.lower() for host in settings.TOOLKIT_PEERTUBE_HOSTS}


def frame_sources() -> list[str]:
    """The origins of the players the kit pages may frame once a visitor clicks."""
    return [YOUTUBE_PLAYER, VIMEO_PLAYER, *(f"https://{host}" for host in sorted(peertube_hosts()))]


def parse_video_url(url: str) -> Video:
    """The player of a PeerTube, YouTube or Vimeo link, or ValidationError."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    if parts.scheme not in {"http", "https"} or not host:
        raise _unknown_host()
    if host in YOUTUBE_HOSTS:
        if host == "youtu.be":
            video_id = segments[0] if segments else ""
        elif segments[:1] in (["embed"], ["shorts"], ["live"]):
            video_id = segments[1] if len(segments) > 1 else ""
        else:
            video_id = parse_qs(parts.query).get("v", [""])[0]
        if not _YOUTUBE_ID.match(video_id):
            raise _no_video("YouTube")
        return Video("YouTube", f"{YOUTUBE_PLAYER}/embed/{video_id}")
    if host in VIMEO_HOSTS:
        video_id = segments[-1] if segments else ""
        if not _VIMEO_ID.match(video_id):
            raise _no_video("Vimeo")
        return Video("Vimeo", f"{VIMEO_PLAYER}/video/{video_id}?dnt=1")
    if host in peertube_hosts():
        # /w/<short id>, /videos/watch/<uuid> or /videos/embed/<uuid>
        video_id = segments[-1] if segments[:1] == ["w"] or segments[:2] in (
            ["videos", "watch"], ["videos", "embed"]
        ) else ""  # fmt: skip
        if not _PEERTUBE_ID.match(video_id or ""):
            raise _no_video("PeerTube")
        return Video(f"PeerTube ({host})", f"https://{host}/videos/embed/{video_id}")
    raise _unknown_host()


def _unknown_host() -> ValidationError:
    hosts = ", ".join(sorted(peertube_hosts())) or "—"
    return ValidationError(
        _(
            "Seules les vidéos hébergées sur YouTube, Vimeo ou une instance PeerTube reconnue "
            "(%(hosts)s) sont acceptées."
        )
        % {"hosts": hosts}
    )


def _no_video(host: str) -> ValidationError:
    return ValidationError(
        _("Ce lien %(host)s ne désigne pas une vidéo : copiez l'adresse de la page de la vidéo.")
        % {"host": host}
    )
