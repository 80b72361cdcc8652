"""Reading police extracts (vawg/intelligence/imports/): every rule, as pure functions over bytes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vawg.intelligence.imports.dates import DateError, parse_uk_date
from vawg.intelligence.imports.police import COLUMNS, FORMULA, extract_read
from vawg.intelligence.imports.postcodes import postcode_normalise
from vawg.intelligence.imports.report import ExtractError, Report, column_letter

TODAY = date(2025, 6, 1)
DISTRICTS = ("North Vale", "South Vale")
GOOD = {
    "incident_id": "INC-1",
    "occurred_on": "05/03/2025",
    "offence_code": "8N",
    "outcome_code": "",
    "district": "North Vale",
    "perpetrator_force_ref": "P-1",
    "perpetrator_given_name": "Adam",
    "perpetrator_family_name": "Example",
    "perpetrator_date_of_birth": "01/02/1980",
    "perpetrator_postcode": "ZZ99 9ZZ",
    "victim_force_ref": "V-1",
    "victim_given_name": "Beth",
    "victim_family_name": "Example",
    "victim_date_of_birth": "",
    "victim_postcode": "",
}


def csv_bytes(*rows: dict[str, str], columns: tuple[str, ...] = COLUMNS, encoding: str = "utf-8") -> bytes:
    def quoted(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n\r') else value

    lines = [",".join(columns)] + [",".join(quoted(row.get(name, "")) for name in columns) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def row(**changes: str) -> dict[str, str]:
    return {**GOOD, **changes}


def read(data: bytes, **kwargs: object) -> object:
    return extract_read(data, districts=DISTRICTS, today=TODAY, **kwargs)  # type: ignore[arg-type]


def refused(data: bytes, **kwargs: object) -> Report:
    with pytest.raises(ExtractError) as caught:
        read(data, **kwargs)
    return caught.value.report


# --- Dates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/03/2025", date(2025, 3, 5)),
        ("5/3/2025", date(2025, 3, 5)),
        ("05-03-2025", date(2025, 3, 5)),
        ("05.03.2025", date(2025, 3, 5)),
        ("2025-03-05", date(2025, 3, 5)),
        ("5 March 2025", date(2025, 3, 5)),
        ("05 Mar 2025", date(2025, 3, 5)),
        ("5 sept 2025", date(2025, 9, 5)),
        ("  5   MARCH   2025 ", date(2025, 3, 5)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_it_reads_every_accepted_date_format(text: str, expected: date) -> None:
    assert parse_uk_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("03/25/2025", "never month first"),  # US style: month 25 read day first
        ("29/02/2025", "not a real date"),
        ("05/03/25", "4 digits"),
        ("5 March 25", "4 digits"),
        ("05/03-2025", "day, month and year"),
        ("2025/03/05", "day, month and year"),
        ("5th March 2025", "day, month and year"),
        ("5 Marchember 2025", "month name"),
        ("05/03/2025 14:30", "day, month and year"),
        ("20250305", "day, month and year"),
        ("05/03/02025", "day, month and year"),
        ("", "day, month and year"),
    ],
)
def test_it_refuses_dates_it_cannot_read_for_certain(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_uk_date(text)


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")  # fmt: skip


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)), st.integers(0, 6))
def test_it_reads_back_any_date_written_in_an_accepted_format(day: date, style: int) -> None:
    written = [
        f"{day.day:02}/{day.month:02}/{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02}-{day.month:02}-{day.year}",
        f"{day.day:02}.{day.month:02}.{day.year}",
        day.isoformat(),
        f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}",
        f"{day.day:02} {MONTH_NAMES[day.month - 1][:3]} {day.year}",
    ][style]
    assert parse_uk_date(written) == day


# --- Postcodes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ZZ99 9ZZ", "ZZ99 9ZZ"),
        ("zz999zz", "ZZ99 9ZZ"),
        (" z9 9zz ", "Z9 9ZZ"),
        ("ZZ9Z 9ZZ", "ZZ9Z 9ZZ"),
        ("Z9Z9ZZ", "Z9Z 9ZZ"),
        ("GIR 0AA", "GIR 0AA"),
        ("ZZ99", None),
        ("99 9ZZ", None),
        ("ZZ99 ZZZ", None),
        ("ZZZ9 9ZZ", None),
        ("GIR 1AA", None),
        ("not a postcode", None),
    ],
)
def test_it_normalises_postcodes_by_shape(text: str, expected: str | None) -> None:
    assert postcode_normalise(text) == expected


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ")])
def test_it_names_columns_as_a_spreadsheet_does(index: int, letters: str) -> None:
    assert column_letter(index) == letters


# --- A good file ----------------------------------------------------------------------------------------


def test_it_reads_a_good_file() -> None:
    extract = read(csv_bytes(row(), row(incident_id="INC-2", offence_code="nc", victim_force_ref="V-2")))
    assert extract.rows == 2
    first, second = extract.incidents
    assert (first.incident_id, first.occurred_on, first.offence_code, first.is_crime) == (
        "INC-1",
        date(2025, 3, 5),
        "8N",
        True,
    )
    assert (second.offence_code, second.is_crime) == ("NC", False)
    assert first.district == "North Vale"
    assert extract.people["P-1"].postcode == "ZZ99 9ZZ"
    assert extract.people["P-1"].date_of_birth == date(1980, 2, 1)
    assert extract.perpetrator_refs == frozenset({"P-1"})
    assert set(extract.people) == {"P-1", "V-1", "V-2"}


def test_it_takes_columns_in_any_order_and_any_case_with_spaces() -> None:
    columns = tuple(reversed(COLUMNS))
    data = csv_bytes(row(), columns=columns)
    header, rest = data.split(b"\r\n", 1)
    shouted = b",".join(b"  " + name.upper() + b" " for name in header.split(b","))
    extract = read(shouted + b"\r\n" + rest)
    assert extract.incidents[0].incident_id == "INC-1"


def test_it_stores_an_outcome_code_as_given_and_finds_districts_without_regard_to_case() -> None:
    extract = read(csv_bytes(row(outcome_code=" 16 ", district="south VALE")))
    assert extract.incidents[0].outcome_code == "16"
    assert extract.incidents[0].district == "South Vale"


def test_it_skips_blank_lines_and_rows_of_empty_cells_but_counts_them_in_row_numbers() -> None:
    data = csv_bytes(row(), {}, row(incident_id="INC-2", offence_code="ZZ"))
    report = refused(data + b"\r\n")
    assert [(p.row, p.column) for p in report.problems] == [(4, "offence_code")]
    assert report.rows == 2


@pytest.mark.parametrize(
    ("encoding", "prefix", "label"),
    [("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"), ("cp1252", b"", "windows-1252")],
)
def test_it_reads_utf8_with_or_without_a_bom_and_windows_1252(encoding: str, prefix: bytes, label: str) -> None:
    data = prefix + csv_bytes(row(victim_given_name="Zoë", victim_family_name="Ó Súilleabháin"), encoding=encoding)
    extract = read(data)
    assert extract.encoding == label
    assert extract.people["V-1"].given_name == "Zoë"
    assert extract.people["V-1"].family_name == "Ó Súilleabháin"


def test_it_accepts_an_identical_repeat_of_an_incident_once() -> None:
    extract = read(csv_bytes(row(), row(occurred_on="2025-03-05", perpetrator_postcode="zz999zz")))
    assert len(extract.incidents) == 1
    assert extract.rows == 2


def test_it_fills_what_the_first_row_left_empty_from_later_rows() -> None:
    extract = read(
        csv_bytes(
            row(victim_date_of_birth="", victim_postcode=""),
            row(
                incident_id="INC-2",
                victim_given_name="Bethany",
                victim_date_of_birth="3/4/1990",
                victim_postcode="zz1 1zz",
            ),
        )
    )
    victim = extract.people["V-1"]
    assert (victim.given_name, victim.date_of_birth, victim.postcode) == ("Beth", date(1990, 4, 3), "ZZ1 1ZZ")


# --- Bad rows: each rejects the file and names row and column ---------------------------------------------


@pytest.mark.parametrize(
    ("changes", "column", "words"),
    [
        ({"incident_id": ""}, "incident_id", "Enter the incident id"),
        ({"incident_id": "X" * 51}, "incident_id", "longer than 50"),
        ({"occurred_on": ""}, "occurred_on", "Enter the date of the incident"),
        ({"occurred_on": "yesterday"}, "occurred_on", "day, month and year"),
        ({"occurred_on": "03/25/2025"}, "occurred_on", "never month first"),
        ({"occurred_on": "05/03/25"}, "occurred_on", "4 digits"),
        ({"occurred_on": "02/06/2025"}, "occurred_on", "in the future"),
        ({"occurred_on": "31/12/1899"}, "occurred_on", "before 1900"),
        ({"offence_code": ""}, "offence_code", "Enter the offence code"),
        ({"offence_code": "ZZ9"}, "offence_code", "not in the offence list"),
        ({"offence_code": "NC", "outcome_code": "8"}, "outcome_code", "not a crime"),
        ({"outcome_code": "24"}, "outcome_code", "from 1 to 23"),
        ({"outcome_code": "0"}, "outcome_code", "from 1 to 23"),
        ({"outcome_code": "08"}, "outcome_code", "from 1 to 23"),
        ({"outcome_code": "1A"}, "outcome_code", "from 1 to 23"),
        ({"district": "Atlantis"}, "district", "not one of the partnership's districts"),
        ({"perpetrator_force_ref": ""}, "perpetrator_force_ref", "person causing harm"),
        ({"victim_force_ref": ""}, "victim_force_ref", "of the victim"),
        ({"victim_force_ref": "P-1"}, "victim_force_ref", "same force reference"),
        ({"perpetrator_force_ref": "R" * 51}, "perpetrator_force_ref", "longer than 50"),
        ({"victim_given_name": "", "victim_family_name": ""}, "victim_given_name", "given name or a family name"),
        ({"perpetrator_given_name": " ", "perpetrator_family_name": ""}, "perpetrator_given_name", "given name"),
        ({"victim_family_name": "N" * 101}, "victim_family_name", "longer than 100"),
        ({"perpetrator_date_of_birth": "1/13/1980"}, "perpetrator_date_of_birth", "not a real date"),
        ({"perpetrator_date_of_birth": "01/01/80"}, "perpetrator_date_of_birth", "4 digits"),
        ({"victim_date_of_birth": "01/01/2030"}, "victim_date_of_birth", "in the future"),
        ({"victim_postcode": "ZZ99"}, "victim_postcode", "shape of a UK postcode"),
        ({"perpetrator_postcode": "99 ZZZ"}, "perpetrator_postcode", "shape of a UK postcode"),
        ({"victim_given_name": "Be\nth"}, "victim_given_name", "control character"),
    ],
)
def test_it_refuses_a_file_with_a_bad_row(changes: dict[str, str], column: str, words: str) -> None:
    report = refused(csv_bytes(row(incident_id="INC-0"), row(**changes)))
    assert report.total == 1
    (problem,) = report.problems
    assert (problem.row, problem.column) == (3, column)
    assert words in problem.message


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", " ="])
def test_it_refuses_a_formula_looking_cell_in_any_column(column: str, start: str) -> None:
    report = refused(csv_bytes(row(**{column: start + "1+1"})))
    assert (2, column, FORMULA) in [(p.row, p.column, p.message) for p in report.problems]


def test_it_never_repeats_a_cell_in_the_report() -> None:
    canary = "QQ1 1QQZ"
    bad = row(
        victim_postcode=canary,
        district="Canary Wharf Road",
        offence_code="CANARY",
        victim_date_of_birth="Canary",
        occurred_on="=CANARY()",
    )
    report = refused(csv_bytes(bad))
    assert report.total == 5
    text = repr(report).lower()
    assert "canary" not in text
    assert "qq1" not in text


def test_it_refuses_the_same_incident_id_with_different_details_naming_both_rows() -> None:
    report = refused(csv_bytes(row(), row(incident_id="INC-2"), row(outcome_code="16")))
    (problem,) = report.problems
    assert (problem.row, problem.column) == (4, "incident_id")
    assert "row 2" in problem.message


def test_it_refuses_a_force_reference_with_two_dates_of_birth() -> None:
    report = refused(
        csv_bytes(
            row(),
            row(incident_id="INC-2", perpetrator_date_of_birth="02/02/1980"),
            row(
                incident_id="INC-3",
                victim_force_ref="P-1",
                perpetrator_force_ref="P-9",
                victim_date_of_birth="3/3/1981",
            ),
        )
    )
    assert [(p.row, p.column) for p in report.problems] == [
        (3, "perpetrator_date_of_birth"),
        (4, "victim_date_of_birth"),
    ]
    assert all("row 2" in p.message for p in report.problems)


def test_it_refuses_a_row_with_the_wrong_number_of_cells() -> None:
    data = csv_bytes(row()) + b"INC-9,05/03/2025\r\n"
    (problem,) = refused(data).problems
    assert (problem.row, problem.column) == (3, "")
    assert "2 cells" in problem.message


def test_it_lists_only_the_first_problems_with_the_total() -> None:
    data = csv_bytes(*(row(incident_id=f"INC-{n}", offence_code="ZZ") for n in range(30)))
    report = refused(data, max_problems=10)
    assert (len(report.problems), report.total, report.more) == (10, 30, 20)


# --- Bad files ------------------------------------------------------------------------------------------


def test_it_names_missing_columns_before_reading_any_row() -> None:
    columns = tuple(name for name in COLUMNS if name not in {"district", "victim_postcode"})
    (problem,) = refused(csv_bytes(row(offence_code="ZZ"), columns=columns)).problems
    assert (problem.row, problem.column) == (1, "")
    assert problem.message == "The file is missing the columns district, victim_postcode"


def test_it_refuses_extra_columns_without_repeating_their_headings() -> None:
    data = csv_bytes(row(), columns=(*COLUMNS, "victim_address"))
    (problem,) = refused(data).problems
    assert "column P" in problem.message
    assert "address" not in problem.message


def test_it_refuses_a_column_named_twice() -> None:
    (problem,) = refused(csv_bytes(row(), columns=(*COLUMNS, "district"))).problems
    assert "district appears twice (columns E and P)" in problem.message


def test_it_allows_an_empty_column_with_no_heading_only_while_it_is_empty() -> None:
    good = csv_bytes(row(), columns=(*COLUMNS, ""))
    assert read(good).rows == 1
    header, rest = good.split(b"\r\n", 1)
    (problem,) = refused(header + b"\r\n" + rest.replace(b"\r\n", b"x\r\n", 1)).problems
    assert "no heading" in problem.message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf\r\n  \r\n", "empty"),
        (",".join(COLUMNS).encode() + b"\r\n", "no incidents"),
        (b"\xff\xfei\x00n\x00", "UTF-16"),
        (b"PK\x03\x04rest of a workbook", "workbook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"\xef\xbb\xbfincident_id\xff\r\n", "not text in UTF-8"),
        (b"incident_id,\x81\x8d\r\n", "not text in UTF-8 or Windows-1252"),
        (",".join(COLUMNS).encode() + b'\r\n"unclosed,', "well-formed"),
        (b"a,b\r\n1,2\r\n", "the first row must be the header row"),
    ],
)
def test_it_refuses_files_that_are_not_an_extract(data: bytes, words: str) -> None:
    (problem,) = refused(data).problems
    assert problem.row in {None, 1}
    assert words in problem.message


def test_it_refuses_a_file_over_the_row_limit() -> None:
    (problem,) = refused(csv_bytes(*(row(incident_id=f"INC-{n}") for n in range(4))), max_rows=3).problems
    assert "more than 3 rows" in problem.message
