"""Harm weight tables as files: ``offence_code, weight`` CSV, read and checked without Django.

Used by the DuckDB engine (``manage.py rfg --weights``) and by ``manage.py harm_weights_load``. Every
problem is a ``RfgInputError`` that says what is wrong and where (a line number, a code), never
anything else from the file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path

from vawg.intelligence.rules.rfg import WEIGHT_SCALE, RfgInputError, weight_units

WEIGHT_COLUMNS = ("offence_code", "weight")
DEFAULT_WEIGHTS = Path(__file__).resolve().parent / "default_weights.csv"


def read_weights_csv(path: Path) -> dict[str, Decimal]:
    """The weights in ``path`` (columns ``offence_code`` and ``weight``; others are ignored), by code.

    Refuses a missing or unreadable file, missing columns, an empty code, a code given twice and a weight
    that is not a number of at most six decimal places between 0 and the model's largest."""
    if not path.is_file():
        raise RfgInputError(f"No weights file at {path.name}.")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return _parse(csv.DictReader(handle))
    except UnicodeDecodeError:
        raise RfgInputError(f"The weights file {path.name} is not UTF-8 text.") from None
    except csv.Error as error:
        raise RfgInputError(f"The weights file {path.name} is not a readable CSV file ({error}).") from None


def _parse(reader: csv.DictReader[str]) -> dict[str, Decimal]:
    found = [name.strip() for name in reader.fieldnames or ()]
    missing = [name for name in WEIGHT_COLUMNS if name not in found]
    if missing:
        raise RfgInputError(
            f"The weights file has no column {', '.join(missing)} (it needs {', '.join(WEIGHT_COLUMNS)})."
        )
    reader.fieldnames = found
    weights: dict[str, Decimal] = {}
    for line, row in enumerate(reader, start=2):
        code = (row.get("offence_code") or "").strip()
        if not code:
            raise RfgInputError(f"Line {line} of the weights file has no offence code.")
        if code in weights:
            raise RfgInputError(f"Offence code {code} has more than one weight (line {line}).")
        try:
            units = weight_units(row.get("weight") or "")
        except RfgInputError as error:
            raise RfgInputError(f"Line {line} of the weights file, offence code {code}: {error}") from None
        weights[code] = Decimal(units) / WEIGHT_SCALE
    if not weights:
        raise RfgInputError("The weights file has no weights.")
    return weights


def missing_codes(weights: Mapping[str, object], codes: Iterable[str]) -> list[str]:
    """The ``codes`` without a weight, sorted."""
    return sorted(set(codes) - set(weights))
