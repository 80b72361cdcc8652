"""Exports never carry a formula (docs/security.md#s-28; OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from vawg.core.exports import FORMULA_TRIGGERS, csv_response, safe_cell, xlsx_response

PAYLOADS = [
    ("=1+1", "'=1+1"),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("\x00=1", "'\x00=1"),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ('=HYPERLINK("http://evil.invalid","Click")', '\'=HYPERLINK("http://evil.invalid","Click")'),
    (" =1+1", "' =1+1"),
    ("\n=1+1", "'\n=1+1"),
    ("\uff1d1+1", "'\uff1d1+1"),
    ("Jane Smith", "Jane Smith"),
    ("1 High Street", "1 High Street"),
    ("a=b", "a=b"),
    ("O'Brien", "O'Brien"),
    ("", ""),
]


@pytest.mark.parametrize(("value", "expected"), PAYLOADS)
def test_it_escapes_text_that_could_run_as_a_formula(value: str, expected: str) -> None:
    assert safe_cell(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (-5, -5),
        (3.5, 3.5),
        (Decimal("-1.25"), Decimal("-1.25")),
        (True, True),
        (date(2026, 1, 2), date(2026, 1, 2)),
        (datetime(2026, 7, 1, 11, 0, tzinfo=UTC), datetime(2026, 7, 1, 12, 0)),  # noqa: DTZ001 (UK time: Excel has no zones)
        (float("nan"), "nan"),
    ],
)
def test_it_keeps_numbers_and_dates(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


def test_it_escapes_other_objects_by_their_text() -> None:
    class Name:
        def __str__(self) -> str:
            return "=evil()"

    assert safe_cell(Name()) == "'=evil()"


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_xlsx(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_it_builds_a_csv_download() -> None:
    response = csv_response("marac-list.csv", ["Name", "=Header"], [["=1+1", 4], ["Ann", None]])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="marac-list.csv"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert read_csv(response.content) == [["Name", "'=Header"], ["'=1+1", "4"], ["Ann", ""]]


def test_it_builds_an_xlsx_download_with_escaped_cells_as_text() -> None:
    response = xlsx_response("marac-list.xlsx", ["Name", "Count"], [["=1+1", 4], ["@x", -2], ["\x00=1", None]])

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="marac-list.xlsx"'
    assert "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 4 and sheet["B2"].data_type == "n"
    assert sheet["A3"].value == "'@x"
    assert sheet["A4"].value == "'\ufffd=1"  # NUL cannot be stored in XML: replaced, visibly


def test_it_keeps_a_safe_filename_in_the_header() -> None:
    response = csv_response('list"; evil=.csv', ["a"], [])
    assert response["Content-Disposition"] == 'attachment; filename="list\\"; evil=.csv"'


def _starts_like_a_formula(value: object) -> bool:
    return isinstance(value, str) and value.lstrip(" \n\x0b\x0c\u00a0")[:1] in FORMULA_TRIGGERS


cells = st.one_of(
    st.text(alphabet=st.sampled_from(sorted(FORMULA_TRIGGERS) + list(" \n\u00a0aZ1'\"|!,;")), max_size=8),
    st.text(max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=5))
def test_it_never_writes_a_csv_cell_that_starts_a_formula(rows: list[list[str]]) -> None:
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    response = csv_response("x.csv", [f"h{n}" for n in range(width)], rows)

    written = read_csv(response.content)[1:]

    assert not [cell for row in written for cell in row if _starts_like_a_formula(cell)]
    for written_row, row in zip(written, rows, strict=True):
        for cell, original in zip(written_row, row, strict=True):
            assert cell == ("'" + original if _starts_like_a_formula(original) else original)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=5))
def test_it_never_writes_an_xlsx_cell_that_starts_a_formula(rows: list[list[str]]) -> None:
    response = xlsx_response("x.xlsx", ["h"], rows)

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
            assert not _starts_like_a_formula(cell.value)
