"""Spreadsheet exports that cannot carry formulas (docs/security.md#s-28, OWASP "CSV Injection").

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, tab, carriage return or
NUL may be run as a formula when the file is opened in a spreadsheet. Every text
cell goes through ``safe_cell``, which puts a single quote in front of such text,
so it shows as typed and never runs. Numbers, dates and booleans stay as they are:
they cannot hold a formula. ``csv_response`` and ``xlsx_response`` build the
downloads: attachments, never cached.

What goes into an export is the caller's decision (need-to-know, two-person
approval for bulk exports, no location-critical fields by default): this module
only makes the file safe to open.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Characters that start a formula (or a DDE payload) in Excel, LibreOffice Calc or Google Sheets,
# including the full-width forms some East Asian versions of Excel also accept.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\x00\uff1d\uff0b\uff0d\uff20")
ESCAPE = "'"

Cell = str | int | float | Decimal | date | datetime
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _is_formula_like(text: str) -> bool:
    # Some spreadsheets skip leading spaces and line breaks before looking for "=", so look past them too.
    return text.lstrip(" \n\x0b\x0c\u00a0")[:1] in FORMULA_TRIGGERS


def safe_text(text: str) -> str:
    """``text`` with a single quote in front if a spreadsheet could read it as a formula."""
    return ESCAPE + text if _is_formula_like(text) else text


def safe_cell(value: object) -> Cell:
    """A value that is safe to put in a spreadsheet cell: text is escaped, numbers and dates are kept."""
    if value is None:
        return ""
    if isinstance(value, bool | int | Decimal):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else str(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    return safe_text(str(value))


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "no-store, private, max-age=0"
    response["Pragma"] = "no-cache"
    return response


def csv_text(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([safe_cell(header) for header in headers])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def csv_response(filename: str, headers: Sequence[object], rows: Iterable[Sequence[object]]) -> HttpResponse:
    """A CSV download (UTF-8 with a byte order mark, so Excel reads names with accents correctly)."""
    content = csv_text(headers, rows).encode("utf-8-sig")
    return _download(content, content_type="text/csv; charset=utf-8", filename=filename)


def _xlsx_cell(sheet: object, value: object) -> WriteOnlyCell:
    safe = safe_cell(value)
    if isinstance(safe, str):
        # Characters XML cannot hold are replaced, visibly; the cell is typed as text, never as a formula.
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", safe))
        cell.data_type = "s"
        return cell
    return WriteOnlyCell(sheet, value=safe)


def xlsx_bytes(headers: Sequence[object], rows: Iterable[Sequence[object]], *, sheet_title: str = "Export") -> bytes:
    workbook = Workbook(write_only=True)
    workbook.properties.creator = ""
    sheet = workbook.create_sheet(title=sheet_title)
    sheet.append([_xlsx_cell(sheet, header) for header in headers])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, headers: Sequence[object], rows: Iterable[Sequence[object]]) -> HttpResponse:
    """An Excel (.xlsx) download."""
    return _download(xlsx_bytes(headers, rows), content_type=XLSX_CONTENT_TYPE, filename=filename)
