"""Data for the exports' tests: a small France, two editions, and helpers that read the
files back (the CSV parsed, the XLSX opened with openpyxl)."""

import csv
import io
from types import SimpleNamespace

import openpyxl
import pytest

from tests.events.factories import small_france
from tests.factories import EditionFactory


@pytest.fixture
def france(db):
    return small_france()


@pytest.fixture
def last_edition(db):
    return EditionFactory(year=2025, number=18, status="archived")


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def read_csv(response) -> list[list[str]]:
    """The rows of a CSV response, header first; it must start with a byte-order mark."""
    data = content(response)
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list]:
    """The rows of an XLSX response's only sheet, header first, as openpyxl reads them."""
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    (sheet,) = workbook.worksheets
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_cells(response):
    """The cells themselves (types, formats) of an XLSX response's only sheet."""
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    return [list(row) for row in workbook.worksheets[0].iter_rows()]


def column(rows: list[list], title: str) -> list:
    """One column's values, below its header."""
    index = rows[0].index(title)
    return [row[index] for row in rows[1:]]


@pytest.fixture
def files():
    return SimpleNamespace(content=content, read_csv=read_csv, read_xlsx=read_xlsx, column=column)
