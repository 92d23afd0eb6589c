import time

import pytest

from jres.core.antispam import stamp
from tests.events.factories import small_france


@pytest.fixture
def france(db):
    return small_france()


def answers(**overrides) -> dict:
    """What a person types in the testimony form, served ten seconds ago."""
    return {
        "text": "Le mentorat m'a redonné confiance en classe.",
        "video_url": "",
        "first_name": "Inès",
        "role": "pupil",
        "age_bracket": "15_17",
        "commune_code": "33700",
        "commune_name": "",
        "email": "ines@example.net",
        "parent_email": "",
        "consent": "on",
        "website": "",
        "started": stamp(at=time.time() - 10),
        **overrides,
    }
