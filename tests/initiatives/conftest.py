"""Fixtures shared by the initiatives tests."""

import pytest

from tests.events.factories import small_france


@pytest.fixture
def france(db):
    """A few regions, departments and communes of France (see events' small_france)."""
    return small_france()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
