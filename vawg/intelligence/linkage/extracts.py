"""Reading and writing the files of ``link_people`` (docs/identity-resolution.md#command).

An extract is a CSV with a header row naming ``record_id, given_name, family_name, date_of_birth,
postcode, phone`` in any order, case or spacing. A file that cannot be used raises ``ExtractError``
with a message that names the file and the line, never a value from it.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd

from vawg.core.exports import csv_text
from vawg.intelligence.linkage.config import MAX_RECORDS_PER_SIDE
from vawg.intelligence.linkage.normalise import INPUT_COLUMNS

OUTPUT_COLUMNS = ("left_id", "right_id", "match_probability")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ExtractError(ValueError):
    """An extract that cannot be linked: the message says which file, which line and what is wrong."""


def _key(name: str) -> str:
    return re.sub(r"[\s_]+", "", name).lower()


def _count_records(path: Path) -> int:
    with path.open("rb") as stream:
        return max(sum(1 for _ in stream) - 1, 0)


def read_extract(path: Path, *, max_records: int = MAX_RECORDS_PER_SIDE) -> pd.DataFrame:
    """The extract's six columns as text (missing values empty), in file order."""
    label = path.name
    if not path.is_file():
        raise ExtractError(f"{label}: no such file.")
    records = _count_records(path)
    if records > max_records:
        raise ExtractError(
            f"{label} has {records:,} lines of records; link_people takes at most {max_records:,} a side on one "
            "machine (docs/identity-resolution.md: Splink on Spark links more)."
        )
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skipinitialspace=True)
    except UnicodeDecodeError:
        raise ExtractError(f"{label}: the file is not UTF-8 text.") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as error:
        raise ExtractError(f"{label}: not a CSV file with a header row ({type(error).__name__}).") from None
    by_key = {_key(str(column)): column for column in frame.columns}
    missing = [column for column in INPUT_COLUMNS if _key(column) not in by_key]
    if missing:
        raise ExtractError(
            f"{label}: the header has no column {', '.join(missing)} (it needs {', '.join(INPUT_COLUMNS)})."
        )
    frame = frame[[by_key[_key(column)] for column in INPUT_COLUMNS]].copy()
    frame.columns = list(INPUT_COLUMNS)
    for column in INPUT_COLUMNS:
        frame[column] = frame[column].str.strip()
    _check(frame, label)
    return frame


def _check(frame: pd.DataFrame, label: str) -> None:
    ids = frame["record_id"]
    for index in ids.index[ids == ""][:1]:
        raise ExtractError(f"{label} line {index + 2}: record_id is empty.")
    for index in ids.index[ids.duplicated()][:1]:
        raise ExtractError(f"{label} line {index + 2}: record_id repeats an earlier line's.")
    for index, text in frame["date_of_birth"].items():
        if text and not _is_date(text):
            raise ExtractError(f"{label} line {int(str(index)) + 2}: date_of_birth is not a date as YYYY-MM-DD.")


def _is_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def write_atomically(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder, so a failure leaves no
    half-written file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def links_csv(pairs: pd.DataFrame) -> str:
    """The output file: one row per pair, formula-safe, probabilities to six decimals."""
    rows = zip(pairs["left_id"], pairs["right_id"], pairs["match_probability"].round(6), strict=True)
    return csv_text(OUTPUT_COLUMNS, rows)
