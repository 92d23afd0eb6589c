"""Video links: PeerTube (known instances), YouTube and Vimeo only, played from their player."""

import pytest
from django.core.exceptions import ValidationError

from jres.toolkit.videos import frame_sources, parse_video_url


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://framatube.org/w/9c9de5e8-0a1b-484a-b099-e80766180a6d",
         "https://framatube.org/videos/embed/9c9de5e8-0a1b-484a-b099-e80766180a6d"),
    ],
)  # fmt: skip
def test_known_hosts_get_their_player(url, embed):
    assert parse_video_url(url).embed_url == embed


@pytest.mark.parametrize(
    "url",
    [
        "https://videos.example.org/w/9c9de5e8-0a1b-484a-b099-e80766180a6d",
        "https://www.dailymotion.com/video/x8abcd",
        "javascript:alert(1)",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    ],
)
def test_unknown_hosts_are_refused_with_the_accepted_ones(url):
    with pytest.raises(ValidationError) as error:
        parse_video_url(url)
    assert "YouTube, Vimeo ou une instance PeerTube" in error.value.messages[0]


def test_a_youtube_link_that_is_no_video_is_refused():
    with pytest.raises(ValidationError, match="ne désigne pas une vidéo"):
        parse_video_url("https://www.youtube.com/feed/trending")


def test_peertube_instances_come_from_the_setting(settings):
    settings.TOOLKIT_PEERTUBE_HOSTS = ["peertube.example.org"]
    assert parse_video_url("https://peertube.example.org/w/abcdefgh12").host.startswith("PeerTube")
    assert "https://peertube.example.org" in frame_sources()
