"""CSV downloads that spreadsheets open right and cannot be tricked by."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = {"=", "+", "-", "@", "\t", "\r"}


def neutralise(value) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def csv_response(filename: str, header: list, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV attachment in UTF-8 with a byte-order mark (so accents read right), every
    cell neutralised."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow(neutralise(value) for value in row)
    return response
