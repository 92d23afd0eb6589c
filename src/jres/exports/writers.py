"""Files written while they are sent: CSV streamed in batches of rows, XLSX through a
temporary file written in openpyxl's write-only mode. Neither holds the selection in memory.

Dates read the same everywhere (page, CSV, XLSX): French order, local time, `31/12/2026
18:00`; in XLSX they are real dates shown in that format, so a spreadsheet sorts them.
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from jres.core.spreadsheets import neutralise

# An XLSX file is written in the request before its first byte leaves, at about 6,500 rows
# a second here (bench/export_memory.py): 100,000 rows take some 15 s, within a proxy's or
# gunicorn's time-out (30 s by default), where Excel's own limit (1,048,575 rows and the
# header) would take minutes and fail. Larger selections are offered as CSV, streamed.
XLSX_MAX_ROWS = 100_000
# CSV rows formatted per piece sent: fewer, larger pieces cost less than one per row.
CSV_BATCH = 500

DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
XLSX_DATE_FORMAT = "dd/mm/yyyy"
XLSX_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


def as_text(value) -> str | int | float:
    """A cell as the page and the CSV show it: dates in French order, local time."""
    if type(value) is str:  # most cells: the check that comes first costs least
        return value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, int | float):
        return value
    return str(value)


def _csv_pieces(header: Iterable, items: Iterable, row: Callable, language: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    # Translations are switched on around each batch rather than across the `yield`s: an
    # ASGI server may run each step of the iteration in another thread.
    with translation.override(language):
        writer.writerow([neutralise(title) for title in header])
    yield "\ufeff" + flush()
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == CSV_BATCH:
            with translation.override(language):
                writer.writerows(
                    [neutralise(as_text(value)) for value in row(one)] for one in batch
                )
            batch.clear()
            yield flush()
    with translation.override(language):
        writer.writerows([neutralise(as_text(value)) for value in row(one)] for one in batch)
    yield flush()


def csv_response(
    filename: str, header: Iterable, items: Iterable, row: Callable
) -> StreamingHttpResponse:
    """A CSV attachment in UTF-8 with a byte-order mark (so that spreadsheets read the
    accents), streamed as `items` are read; every cell neutralised against formulas."""
    response = StreamingHttpResponse(
        _csv_pieces(header, items, row, translation.get_language() or "fr"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_cell(sheet, value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = XLSX_DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    if isinstance(value, bool | int | float):
        return value
    # Control characters are not allowed in the file's XML: dropped rather than failing.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    # Text stays text: "=HYPERLINK(...)" or "#N/A" typed by someone is never a formula.
    cell.data_type = "s"
    return cell


def xlsx_response(
    filename: str, title: str, header: Iterable, items: Iterable, row: Callable
) -> FileResponse:
    """An XLSX attachment, written to a temporary file row by row, then streamed from it.

    The file is anonymous (deleted when the response closes it). The caller keeps the
    selection within XLSX_MAX_ROWS: Excel would cut what lies beyond.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    sheet.append([str(title) for title in header])
    for item in items:
        sheet.append([_xlsx_cell(sheet, value) for value in row(item)])
    # Closed, and so deleted, by the response once sent.
    file = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(file)
    file.seek(0)
    return FileResponse(
        file,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
