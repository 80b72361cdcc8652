"""Reading a police extract: a CSV of domestic abuse incidents and crimes, checked whole before anything is
stored (docs/police-import.md). Pure: bytes in, an ``Extract`` or ``ExtractError`` out; no database.

The report of a refused file names the row (as a spreadsheet counts: the header is row 1), the column and
what is wrong, in plain words. It never repeats what a cell holds: a cell may be a postcode or a name,
and a misaligned column can put either anywhere.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from vawg.intelligence.imports.dates import DateError, parse_uk_date
from vawg.intelligence.imports.outcomes import NONE, OPTIONAL_COLUMNS, OutcomeDetails, outcome_details_read
from vawg.intelligence.imports.postcodes import postcode_normalise
from vawg.intelligence.imports.report import ExtractError, Problems, column_letter, refusal
from vawg.intelligence.offences import NON_CRIME, OFFENCES, OFFENCES_VERSION, Offence

# The columns every file has, in the order the documentation lists them (a file may order them any way);
# a file may also have any of the optional outcome columns (imports/outcomes.py: OPTIONAL_COLUMNS).
PERSON_FIELDS = ("force_ref", "given_name", "family_name", "date_of_birth", "postcode")
ROLES = {"perpetrator": "the person causing harm", "victim": "the victim"}
COLUMNS: tuple[str, ...] = (
    "incident_id",
    "occurred_on",
    "offence_code",
    "outcome_code",
    "district",
    *(f"{role}_{name}" for role in ROLES for name in PERSON_FIELDS),
)

MAX_ROWS = 1_000_000  # settings.POLICE_IMPORT_MAX_ROWS overrides it (the service passes it in)
MAX_PROBLEMS = 100  # problems listed in a report; the total counts them all
EARLIEST = date(1900, 1, 1)
MAX_REF = 50
MAX_INCIDENT_ID = 50
MAX_NAME = 100

# A person's cells once checked: force reference, given name, family name, date of birth, postcode.
_PersonCells = tuple[str, str, str, date | None, str]

FORMULA_STARTS = frozenset("=+-@\t\r")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_OUTCOME = re.compile(r"^(?:[1-9]|1[0-9]|2[0-3])$")

UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
WINDOWS_1252 = "windows-1252"
ENCODING_LABELS = {UTF8: "UTF-8", UTF8_BOM: "UTF-8 with a byte order mark", WINDOWS_1252: "Windows-1252"}

FORMULA = "The cell starts with =, +, -, @, a tab or a carriage return, so a spreadsheet would run it: remove it"
CONTROL = "The cell holds a line break or another control character"


@dataclass(frozen=True, slots=True)
class PersonDetails:
    """A person as the extract describes them, by the force's reference (the first row that names them,
    with anything it left empty filled from later rows)."""

    force_ref: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    postcode: str


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    row: int
    incident_id: str
    occurred_on: date
    offence_code: str
    is_crime: bool
    outcome_code: str
    district: str  # the configured district's name as configured, or ""
    perpetrator_ref: str
    victim_ref: str
    digest: bytes  # of the whole row as read: two rows with the same id must agree in every column
    outcome: OutcomeDetails = NONE  # the outcome date and court result (empty when the file has no such columns)


@dataclass(frozen=True)
class Extract:
    """An extract with no problems: every incident once, every person once."""

    encoding: str
    rows: int
    incidents: tuple[IncidentRecord, ...]
    people: Mapping[str, PersonDetails]
    perpetrator_refs: frozenset[str]
    offences_version: str = OFFENCES_VERSION
    optional_columns: frozenset[str] = frozenset()  # the optional outcome columns the file has


def extract_read(
    data: bytes,
    *,
    districts: Iterable[str],
    today: date,
    offences: Mapping[str, Offence] = OFFENCES,
    max_rows: int = MAX_ROWS,
    max_problems: int = MAX_PROBLEMS,
) -> Extract:
    """Read and check a whole extract; raise ``ExtractError`` with the report if anything is wrong.

    ``districts`` are the configured districts' names (matched without regard to case); ``today`` bounds
    the dates. The encoding is UTF-8 (with or without a byte order mark) when the bytes are valid UTF-8,
    else Windows-1252; anything else, or anything that is not text, is refused.
    """
    _refuse_non_text(data)
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = (UTF8_BOM,)
    else:
        candidates = (UTF8, WINDOWS_1252)
    for encoding in candidates:
        try:
            return _read(data, encoding, districts, today, offences, max_rows, max_problems)
        except UnicodeDecodeError:
            continue
    raise refusal(
        "The file is not text in UTF-8 or Windows-1252: save it from the spreadsheet as CSV UTF-8"
        if candidates == (UTF8_BOM,)
        else "The file is not text in UTF-8 or Windows-1252: save it as CSV UTF-8 and try again"
    )


def _refuse_non_text(data: bytes) -> None:
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise refusal("The file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refusal("The file is in UTF-16: save it as CSV UTF-8 and try again")
    if data.startswith(b"PK\x03\x04"):
        raise refusal("The file is a workbook, not a CSV file: save it as CSV UTF-8 and try again")
    if b"\x00" in data:
        raise refusal("The file is not a text file: upload the extract as a CSV file")


def _records(data: bytes, encoding: str) -> Iterator[list[str]]:
    # Decoding as the CSV is read keeps one copy of the file in memory; a bad byte raises
    # UnicodeDecodeError from here, and the caller tries the next encoding.
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="strict", newline="")
    try:
        yield from csv.reader(text, strict=True)
    except csv.Error:
        raise refusal(
            "The file is not a well-formed CSV file: check that every quoted cell is closed, that no cell is "
            "longer than 100,000 characters and that cells are separated by commas",
            encoding=encoding,
        ) from None


def _header(cells: list[str], problems: Problems) -> tuple[dict[str, int], list[int]]:
    """The index of each column, and the indexes of columns with no heading (allowed while empty)."""
    names = [cell.replace("\ufeff", "").strip().lower() for cell in cells]
    seen: dict[str, int] = {}
    unnamed: list[int] = []
    extra: list[int] = []
    for index, name in enumerate(names):
        if not name:
            unnamed.append(index)
        elif name in seen:
            problems.add(
                1,
                name,
                f"The column {name} appears twice (columns {column_letter(seen[name])} and {column_letter(index)})",
            )
        elif name in COLUMNS or name in OPTIONAL_COLUMNS:
            seen[name] = index
        else:
            extra.append(index)
    missing = [name for name in COLUMNS if name not in seen]
    if missing:
        hint = "" if seen else " (the first row must be the header row naming the columns)"
        problems.add(1, "", f"The file is missing the columns {', '.join(missing)}{hint}")
    elif extra:
        letters = ", ".join(column_letter(index) for index in extra)
        which = f"columns this import does not take (columns {letters}): remove them"
        if len(extra) == 1:
            which = f"a column this import does not take (column {letters}): remove it"
        problems.add(1, "", f"The file has {which}. The import takes only the columns of its format")
    return seen, unnamed


def _read(
    data: bytes,
    encoding: str,
    districts: Iterable[str],
    today: date,
    offences: Mapping[str, Offence],
    max_rows: int,
    max_problems: int,
) -> Extract:
    problems = Problems(limit=max_problems)
    records = _records(data, encoding)
    header = next(records, None)
    if header is None:
        raise refusal("The file is empty", encoding=encoding)
    index, unnamed = _header(header, problems)
    if problems.total:
        raise ExtractError(problems.report(encoding=encoding))
    reader = _RowReader(
        index=index,
        width=len(header),
        unnamed=unnamed,
        districts={name.strip().lower(): name for name in districts},
        offences={code.upper(): code for code in offences},
        today=today,
        problems=problems,
    )
    rows = 0
    for number, cells in enumerate(records, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, or a row of empty cells a spreadsheet left behind
        rows += 1
        if rows > max_rows:
            raise refusal(f"The file has more than {max_rows:,} rows: split it into smaller files", encoding=encoding)
        reader.read(number, cells)
    if rows == 0:
        raise refusal("The file has a header row but no incidents", encoding=encoding)
    if problems.total:
        raise ExtractError(problems.report(rows=rows, encoding=encoding))
    return Extract(
        encoding=encoding,
        rows=rows,
        incidents=tuple(reader.incidents.values()),
        people={
            ref: PersonDetails(ref, known.given_name, known.family_name, known.date_of_birth, known.postcode)
            for ref, known in reader.people.items()
        },
        perpetrator_refs=frozenset(reader.perpetrators),
        optional_columns=frozenset(index) & frozenset(OPTIONAL_COLUMNS),
    )


class _RowReader:
    """Checks rows one at a time, remembering what later rows must agree with."""

    def __init__(
        self,
        *,
        index: dict[str, int],
        width: int,
        unnamed: list[int],
        districts: dict[str, str],
        offences: dict[str, str],
        today: date,
        problems: Problems,
    ) -> None:
        self.index = index
        self.width = width
        self.unnamed = unnamed
        self.districts = districts
        self.offences = offences
        self.today = today
        self.problems = problems
        self.incidents: dict[str, IncidentRecord] = {}
        self.people: dict[str, _Known] = {}
        self.perpetrators: set[str] = set()
        self.dates: dict[str, date | str] = {}  # text -> date, or the problem's message (shared objects)

    def read(self, row: int, cells: list[str]) -> None:
        if len(cells) != self.width:
            self.problems.add(row, "", f"The row has {len(cells)} cells; the header row has {self.width}")
            return
        before = self.problems.total
        control = _CONTROL.search("".join(cells)) is not None
        values: dict[str, str | None] = {}
        for name, position in self.index.items():
            values[name] = self._cell(row, name, cells[position], control)
        for position in self.unnamed:
            if cells[position].strip():
                self.problems.add(row, "", f"Column {column_letter(position)} has a value but no heading")
        incident = self._incident(row, values)
        outcome_details = outcome_details_read(
            row,
            values,
            occurred_on=incident[1] if incident else None,
            outcome=values["outcome_code"],
            read_date=self._date,
            problems=self.problems,
        )
        people = [self._person(row, role, values) for role in ROLES]
        if self.problems.total != before or incident is None or outcome_details is None or None in people:
            return
        perpetrator, victim = people
        if perpetrator is None or victim is None:  # for the type checker: ruled out just above
            return
        if perpetrator[0] == victim[0]:
            self.problems.add(
                row, "victim_force_ref", "The victim has the same force reference as the person causing harm"
            )
            return
        details = (outcome_details.outcome_date, outcome_details.court_result, outcome_details.court_result_date)
        digest = _digest((*incident, *details), perpetrator, victim)
        earlier = self.incidents.get(incident[0])
        if earlier is not None:
            if earlier.digest != digest:
                self.problems.add(
                    row, "incident_id", f"The incident id is also at row {earlier.row} with different details"
                )
            return
        self._remember(row, "perpetrator", perpetrator)
        self._remember(row, "victim", victim)
        self.perpetrators.add(perpetrator[0])
        incident_id, occurred_on, code, outcome, district = incident
        self.incidents[incident_id] = IncidentRecord(
            row=row,
            incident_id=incident_id,
            occurred_on=occurred_on,
            offence_code=code,
            is_crime=code != NON_CRIME,
            outcome_code=outcome,
            district=district,
            perpetrator_ref=perpetrator[0],
            victim_ref=victim[0],
            digest=digest,
            outcome=outcome_details,
        )

    def _cell(self, row: int, name: str, raw: str, control: bool) -> str | None:
        """The cell's value without surrounding spaces, or None after noting what is wrong with it."""
        value = raw.strip()
        if raw[:1] in FORMULA_STARTS or value[:1] in FORMULA_STARTS:
            self.problems.add(row, name, FORMULA)
            return None
        if control and _CONTROL.search(raw):
            self.problems.add(row, name, CONTROL)
            return None
        return value

    def _date(self, row: int, name: str, text: str, what: str) -> date | None:
        parsed = self.dates.get(text)
        if parsed is None:
            try:
                parsed = parse_uk_date(text)
            except DateError as problem:
                parsed = str(problem)
            else:
                if parsed < EARLIEST:
                    parsed = f"{what} is before 1900"
                elif parsed > self.today:
                    parsed = f"{what} is in the future"
            self.dates[text] = parsed
        if isinstance(parsed, str):
            self.problems.add(row, name, parsed)
            return None
        return parsed

    def _incident(self, row: int, values: dict[str, str | None]) -> tuple[str, date, str, str, str] | None:
        incident_id, occurred, code, outcome, district = (
            values[name] for name in ("incident_id", "occurred_on", "offence_code", "outcome_code", "district")
        )
        if incident_id == "":
            self.problems.add(row, "incident_id", "Enter the incident id")
        elif incident_id is not None and len(incident_id) > MAX_INCIDENT_ID:
            self.problems.add(row, "incident_id", f"The incident id is longer than {MAX_INCIDENT_ID} characters")
        occurred_on = None
        if occurred == "":
            self.problems.add(row, "occurred_on", "Enter the date of the incident")
        elif occurred is not None:
            occurred_on = self._date(row, "occurred_on", occurred, "The date of the incident")
        offence = None
        if code == "":
            self.problems.add(
                row, "offence_code", f"Enter the offence code, or {NON_CRIME} for an incident that is not a crime"
            )
        elif code is not None:
            offence = NON_CRIME if code.upper() == NON_CRIME else self.offences.get(code.upper())
            if offence is None:
                self.problems.add(
                    row, "offence_code", f"The offence code is not in the offence list (version {OFFENCES_VERSION})"
                )
        if outcome and offence == NON_CRIME:
            self.problems.add(
                row,
                "outcome_code",
                f"An incident that is not a crime ({NON_CRIME}) has no crime outcome: leave it empty",
            )
        elif outcome and not _OUTCOME.match(outcome):
            self.problems.add(row, "outcome_code", "The outcome code must be a Home Office outcome number from 1 to 23")
        place = ""
        if district:
            place = self.districts.get(district.lower(), "")
            if not place:
                self.problems.add(row, "district", "The district is not one of the partnership's districts")
        if incident_id and occurred_on and offence and outcome is not None and district is not None:
            return incident_id, occurred_on, offence, outcome, place
        return None

    def _person(self, row: int, role: str, values: dict[str, str | None]) -> _PersonCells | None:
        who = ROLES[role]
        ref, given, family, born, postcode = (values[f"{role}_{name}"] for name in PERSON_FIELDS)
        ok = True
        if ref == "":
            self.problems.add(row, f"{role}_force_ref", f"Enter the force reference of {who}")
        elif ref is not None and len(ref) > MAX_REF:
            self.problems.add(row, f"{role}_force_ref", f"The force reference is longer than {MAX_REF} characters")
            ok = False
        for name, value in ((f"{role}_given_name", given), (f"{role}_family_name", family)):
            if value is not None and len(value) > MAX_NAME:
                self.problems.add(row, name, f"The name is longer than {MAX_NAME} characters")
                ok = False
        if given == "" and family == "":
            self.problems.add(row, f"{role}_given_name", f"Enter a given name or a family name for {who}")
        date_of_birth = None
        if born:
            date_of_birth = self._date(row, f"{role}_date_of_birth", born, "The date of birth")
            ok = ok and date_of_birth is not None
        normalised = ""
        if postcode:
            normalised = postcode_normalise(postcode) or ""
            if not normalised:
                self.problems.add(row, f"{role}_postcode", "The postcode is not in the shape of a UK postcode")
                ok = False
        if not ok or not ref or given is None or family is None or born is None or postcode is None:
            return None
        if not (given or family):
            return None
        return ref, given, family, date_of_birth, normalised

    def _remember(self, row: int, role: str, person: _PersonCells) -> None:
        ref, given, family, date_of_birth, postcode = person
        known = self.people.get(ref)
        if known is None:
            self.people[ref] = _Known(given, family, date_of_birth, postcode, row)
            return
        if date_of_birth is not None and known.date_of_birth is not None and known.date_of_birth != date_of_birth:
            self.problems.add(
                row,
                f"{role}_date_of_birth",
                f"The same force reference has a different date of birth at row {known.born_row}",
            )
            return
        # The first row that names a person wins; later rows only fill what it left empty.
        known.given_name = known.given_name or given
        known.family_name = known.family_name or family
        known.postcode = known.postcode or postcode
        if known.date_of_birth is None and date_of_birth is not None:
            known.date_of_birth, known.born_row = date_of_birth, row


@dataclass(slots=True)
class _Known:
    """What the rows so far say about one force reference."""

    given_name: str
    family_name: str
    date_of_birth: date | None
    postcode: str
    born_row: int  # the row that gave the date of birth


def _digest(
    incident: tuple[object, ...],
    perpetrator: _PersonCells,
    victim: _PersonCells,
) -> bytes:
    """A fingerprint of the row as read (dates and postcodes in their normal form), to spot an incident id
    repeated with different details without keeping every row."""
    text = "\x1f".join(str(value) for value in (*incident, *perpetrator, *victim))
    return hashlib.blake2b(text.encode(), digest_size=16).digest()
